package dev.campaigns.orchestrator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Ends the startup log with where to go next: the API documentation and the dashboard, and
 * in local mode the development admin key with a {@code curl} that creates a campaign.
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
				  Health:                {}/actuator/health
				  Metrics (admin key):   {}/actuator/prometheus""",
				base, base, base, base, base);
		if (environment.getProperty("orchestrator.local.enabled", Boolean.class, false)) {
			reportDevelopmentAdminKey(environment, base);
		}
	}

	/**
	 * Local mode only: the key it generated beside the embedded data. A key the user
	 * configured is theirs, and is never printed.
	 */
	private static void reportDevelopmentAdminKey(Environment environment, String base) {
		String file = environment.getProperty("orchestrator.local.admin-key-file");
		String generated = (file != null) ? read(Path.of(file)) : null;
		String registered = environment.getProperty("orchestrator.security.bootstrap-admin-key");
		if (generated == null || !generated.equals(registered)) {
			log.info("Local mode: the admin API key is the one you configured"
					+ " (orchestrator.security.bootstrap-admin-key).");
			return;
		}
		log.info("""
				Local mode: development admin API key (kept in {}):
				  {}
				Create a first campaign:
				  curl -s -X POST {}/api/v1/campaigns -H 'Authorization: Bearer {}' -H 'Content-Type: application/json' \
				-d '{"name":"First campaign","recipients":[{"phoneNumber":"+442079460001"},{"phoneNumber":"+14155550101"}]}'""",
				file, generated, base, generated);
	}

	private static @Nullable String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			return null;
		}
	}

}
