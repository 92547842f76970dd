package dev.campaigns.orchestrator.provider.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.function.Supplier;

import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.OutboundCallsFactory;
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

	private static final String TRIGGER = "polyai-trigger";

	private static final String STATUS = "polyai-status";

	@Bean
	OutboundCalls outboundCalls(ProviderSettings settings, Environment environment, JsonMapper json,
			RetryRegistry retries, CircuitBreakerRegistry breakers, MeterRegistry meters, Clock clock) {
		DialectProtocol protocol = DialectProtocol.of(settings);
		String baseUrl = DialectProtocol.required(settings.baseUrl(), "orchestrator.provider.base-url");
		DialectProtocol.required(settings.authToken(), "orchestrator.provider.auth-token");
		HttpOutboundCalls.Resilience resilience = new HttpOutboundCalls.Resilience(retries.retry(TRIGGER),
				breakers.circuitBreaker(TRIGGER), retries.retry(STATUS), breakers.circuitBreaker(STATUS));
		// the operator's own connection: its base URL is configuration, not a tenant's input, and is not checked
		return new HttpOutboundCalls(protocol, settings, lazily(baseUrl, environment), client(settings), json,
				resilience, meters, clock, null);
	}

	/**
	 * Stored connections' ports: each with the configured connection's timeouts and cap, and
	 * retries and breakers configured as {@code polyai-trigger} and {@code polyai-status} but
	 * named after the connection ({@code polyai-trigger-<name>}), so each has its own state; each
	 * checks its host before every request ({@link HttpOutboundCalls}). The client follows no
	 * redirect, so the host checked is the only one a request goes to.
	 */
	@Bean
	OutboundCallsFactory outboundCallsFactory(ProviderSettings settings, JsonMapper json, RetryRegistry retries,
			CircuitBreakerRegistry breakers, MeterRegistry meters, Clock clock) {
		HttpClient client = client(settings);
		return (name, endpoint, targets) -> {
			ProviderSettings connection = settings.withEndpoint(endpoint);
			HttpOutboundCalls.Resilience resilience = new HttpOutboundCalls.Resilience(
					retries.retry(TRIGGER + "-" + name, retries.retry(TRIGGER).getRetryConfig()),
					breakers.circuitBreaker(TRIGGER + "-" + name, breakers.circuitBreaker(TRIGGER).getCircuitBreakerConfig()),
					retries.retry(STATUS + "-" + name, retries.retry(STATUS).getRetryConfig()),
					breakers.circuitBreaker(STATUS + "-" + name, breakers.circuitBreaker(STATUS).getCircuitBreakerConfig()));
			URI baseUrl = URI.create(endpoint.baseUrl());
			return new HttpOutboundCalls(DialectProtocol.of(connection), connection, () -> baseUrl, client, json,
					resilience, meters, clock, targets);
		};
	}

	private static HttpClient client(ProviderSettings settings) {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(settings.connectTimeout())
			.build();
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
