package dev.campaigns.orchestrator.security.internal;

import java.util.List;

import dev.campaigns.orchestrator.security.RequestRateSettings;
import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.security.SecuritySettings;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring Security for the API and the management endpoints: a stateless chain in which
 * {@link BearerKeyFilter} authenticates {@code Authorization: Bearer <api key>} through
 * {@link ApiKeyAuthenticationProvider}, {@link RequestRateLimitFilter} follows right after,
 * and authorization wants an authenticated key under {@code /api} and {@code platform:admin}
 * for the management endpoints beyond health. Per endpoint, {@link RequiredRoleInterceptor}
 * checks the handler's {@code @Requires} against the authentication's authorities, and
 * {@link CallerArgumentResolver} hands controllers their caller. Everything else (API docs,
 * the sandbox, health) is not looked at; the dashboard has its own chain.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecuritySettings.class)
class SecurityConfiguration implements WebMvcConfigurer {

	private final ProblemAnswers problems = new ProblemAnswers();

	@Bean
	ApiKeyAuthenticationProvider apiKeyAuthenticationProvider(ApiKeys apiKeys) {
		return new ApiKeyAuthenticationProvider(apiKeys);
	}

	@Bean
	RequestRejectedHandler firewallRejections() {
		return new FirewallRejections();
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyAuthenticationProvider provider,
			KeyRateLimiter limiter, RequestRateSettings rates,
			@Value("${management.endpoints.web.base-path:/actuator}") String management) throws Exception {
		RequestMatcher guardedManagement = ApiPaths.guardedManagement(management);
		SecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();
		http.securityMatcher(new OrRequestMatcher(ApiPaths.api(), guardedManagement))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(CorsUtils::isPreFlightRequest)
				.permitAll()
				.requestMatchers(guardedManagement)
				// the metrics are every tenant's: the platform's administrators read them
				.access((authentication, context) -> RoleAuthorization.decide(authentication,
						List.of(Role.PLATFORM_ADMIN)))
				.anyRequest()
				.authenticated())
			.addFilterAt(new BearerKeyFilter(new ProviderManager(provider), problems, contexts),
					BasicAuthenticationFilter.class)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.securityContext((context) -> context.securityContextRepository(contexts))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.headers((headers) -> headers.cacheControl((cache) -> cache.disable()))
			.csrf(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable);
		if (rates.enabled()) {
			// right after authentication: the key is known, and nothing has been done for the request yet
			http.addFilterAfter(new RequestRateLimitFilter(limiter), BasicAuthenticationFilter.class);
		}
		return http.build();
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new RequiredRoleInterceptor(problems)).addPathPatterns("/api", "/api/**");
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new CallerArgumentResolver());
	}

}
