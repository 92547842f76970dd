package dev.campaigns.orchestrator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Ends the startup log with where to go next: the API documentation and the dashboard.
 */
@Component
class StartupReport {

	private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

	@EventListener
	void onReady(ApplicationReadyEvent event) {
		if (!(event.getApplicationContext() instanceof WebServerApplicationContext context)
				|| context.getWebServer() == null) {
			return;
		}
		Environment environment = context.getEnvironment();
		String base = "http://localhost:" + context.getWebServer().getPort()
				+ environment.getProperty("server.servlet.context-path", "");
		log.info("""
				Campaign Orchestrator is ready.
				  API docs (Swagger UI): {}/swagger-ui.html
				  OpenAPI document:      {}/v3/api-docs
				  Dashboard:             {}/admin
				  Health, metrics:       {}/actuator/health, {}/actuator/prometheus""",
				base, base, base, base, base);
	}

}
