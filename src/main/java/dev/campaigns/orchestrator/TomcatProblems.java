package dev.campaigns.orchestrator;

import org.apache.catalina.core.StandardHost;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Problems, not HTML pages, also for the requests Tomcat rejects on its own. */
@Configuration(proxyBeanMethods = false)
class TomcatProblems {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemsForRequestsTomcatRejects() {
		return factory -> factory.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

}
