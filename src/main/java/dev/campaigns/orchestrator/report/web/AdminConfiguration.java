package dev.campaigns.orchestrator.report.web;

import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dashboard's session cookie (HttpOnly by default) is also SameSite=Lax. */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

	@Bean
	CookieSameSiteSupplier adminSessionCookieSameSite() {
		return CookieSameSiteSupplier.ofLax().whenHasName("JSESSIONID");
	}

}
