package dev.campaigns.orchestrator.security.internal;

import java.util.List;

import dev.campaigns.orchestrator.security.SecuritySettings;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires API keys into the web layer: {@link BearerAuthenticationFilter} authenticates every
 * request under {@code /api} (and admits only admins to the management endpoints beyond
 * health), {@link RequiredRoleInterceptor} checks its {@code @Requires} and
 * {@link CallerArgumentResolver} hands controllers their caller.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecuritySettings.class)
class SecurityConfiguration implements WebMvcConfigurer {

	/**
	 * After the observation filter (so 401s are measured), before anything that does work
	 * for a request.
	 */
	static final int FILTER_ORDER = -100;

	@Bean
	FilterRegistrationBean<BearerAuthenticationFilter> bearerAuthenticationFilter(ApiKeys apiKeys,
			@Value("${management.endpoints.web.base-path:/actuator}") String management) {
		FilterRegistrationBean<BearerAuthenticationFilter> registration = new FilterRegistrationBean<>(
				new BearerAuthenticationFilter(apiKeys, management));
		registration.setName("bearerAuthenticationFilter");
		registration.setOrder(FILTER_ORDER);
		registration.addUrlPatterns("/*");
		return registration;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new RequiredRoleInterceptor()).addPathPatterns("/api", "/api/**");
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new CallerArgumentResolver());
	}

}
