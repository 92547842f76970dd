package dev.campaigns.orchestrator.report.web;

import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Spring Security for the dashboard: who is signed in lives in the HTTP session
 * ({@link AdminSignIn} puts it there, under a new session id); Spring's CSRF token guards
 * every POST (Thymeleaf adds it to each {@code th:action} form); Spring's logout ends the
 * session; and the pages carry a Content-Security-Policy that allows only the service's own
 * scripts and styles, {@code X-Frame-Options: DENY}, {@code nosniff} and a Referrer-Policy.
 * Which key may see and do what is still the controller's ({@link AdminSession}). The session
 * cookie (HttpOnly by default) is also SameSite=Lax.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
			+ " img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	@Bean
	CookieSameSiteSupplier adminSessionCookieSameSite() {
		return CookieSameSiteSupplier.ofLax().whenHasName("JSESSIONID");
	}

	@Bean
	AdminSignIn adminSignIn() {
		return new AdminSignIn(new HttpSessionSecurityContextRepository(), new HttpSessionCsrfTokenRepository());
	}

	@Bean
	@Order(2)
	SecurityFilterChain dashboardSecurity(HttpSecurity http, AdminSignIn signIn) throws Exception {
		http.securityMatcher("/admin", "/admin/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.securityContext((context) -> context.securityContextRepository(signIn.contexts()))
			.csrf((csrf) -> csrf.csrfTokenRepository(signIn.csrfTokens()))
			.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler(new AdminAccessDenied()))
			.logout((logout) -> logout
				.logoutRequestMatcher(PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/admin/logout"))
				.logoutSuccessUrl("/admin/login"))
			.requestCache(AbstractHttpConfigurer::disable)
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.frameOptions((frames) -> frames.deny())
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
		return http.build();
	}

}
