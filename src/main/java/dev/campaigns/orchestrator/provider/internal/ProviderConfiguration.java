package dev.campaigns.orchestrator.provider.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.function.Supplier;

import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.ProviderSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The {@link OutboundCalls} of the configured dialect, checked at startup. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProviderSettings.class)
class ProviderConfiguration {

	@Bean
	OutboundCalls outboundCalls(ProviderSettings settings, Environment environment, JsonMapper json,
			RetryRegistry retries, CircuitBreakerRegistry breakers, MeterRegistry meters, Clock clock) {
		DialectProtocol protocol = DialectProtocol.of(settings);
		String baseUrl = DialectProtocol.required(settings.baseUrl(), "orchestrator.provider.base-url");
		DialectProtocol.required(settings.authToken(), "orchestrator.provider.auth-token");
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(settings.connectTimeout())
			.build();
		HttpOutboundCalls.Resilience resilience = new HttpOutboundCalls.Resilience(retries.retry("polyai-trigger"),
				breakers.circuitBreaker("polyai-trigger"), retries.retry("polyai-status"),
				breakers.circuitBreaker("polyai-status"));
		return new HttpOutboundCalls(protocol, settings, lazily(baseUrl, environment), client, json, resilience,
				meters, clock);
	}

	/**
	 * The base URL may name the port this server got ({@code ${local.server.port}}), known only
	 * once the web server runs; it is resolved at the first request, then kept.
	 */
	private static Supplier<URI> lazily(String baseUrl, Environment environment) {
		return new Supplier<>() {

			private volatile URI resolved;

			@Override
			public URI get() {
				URI uri = resolved;
				if (uri == null) {
					uri = URI.create(environment.resolveRequiredPlaceholders(baseUrl));
					resolved = uri;
				}
				return uri;
			}

		};
	}

}
