package dev.campaigns.orchestrator.provider.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.campaigns.orchestrator.net.HostResolver;
import dev.campaigns.orchestrator.net.TargetCheck;
import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.provider.Dialect;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.OutboundCallsFactory;
import dev.campaigns.orchestrator.provider.ProviderEndpoint;
import dev.campaigns.orchestrator.provider.ProviderSettings;
import dev.campaigns.orchestrator.provider.TriggerResult;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** Stored connections' ports: each with breakers of its own, configured as the default connection's. */
class OutboundCallsFactoryTests {

	private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();

	private final RetryRegistry retries = RetryRegistry.ofDefaults();

	private final OutboundCallsFactory factory;

	/** The endpoint is on loopback, allowed here. */
	private final TargetCheck targets = new TargetCheck(HostResolver.SYSTEM, List.of("127.0.0.0/8"));

	OutboundCallsFactoryTests() {
		CircuitBreakerConfig configured = CircuitBreakerConfig.custom().slidingWindowSize(7).build();
		breakers.circuitBreaker("polyai-trigger", configured);
		breakers.circuitBreaker("polyai-status", configured);
		retries.retry("polyai-trigger", RetryConfig.custom().maxAttempts(1).build());
		retries.retry("polyai-status", RetryConfig.custom().maxAttempts(1).build());
		ProviderSettings settings = new ProviderSettings(Dialect.OUTBOUND_CALLING_V1, "https://api.example", "token",
				null, "live", null, null, "/v1/agents/{agentId}/telephony/outbound-calls/{callSid}",
				Duration.ofHours(2), Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1),
				Duration.ofMinutes(5), DataSize.ofKilobytes(64), null);
		factory = new ProviderConfiguration().outboundCallsFactory(settings, JsonMapper.builder().build(), retries,
				breakers, new SimpleMeterRegistry(), Clock.systemUTC());
	}

	@Test
	void eachConnectionHasBreakersOfItsOwnConfiguredAsTheDefaultConnectionsAndKeptAcrossReopening() {
		OutboundCalls first = factory.open("connection-a", endpoint(), targets);
		factory.open("connection-b", endpoint(), targets);

		assertThat(breakers.find("polyai-trigger-connection-a")).isPresent();
		assertThat(breakers.find("polyai-status-connection-b")).isPresent();
		assertThat(breakers.circuitBreaker("polyai-trigger-connection-a").getCircuitBreakerConfig()
			.getSlidingWindowSize()).isEqualTo(7);
		breakers.circuitBreaker("polyai-trigger-connection-a").transitionToOpenState();

		// a's breaker is open for a port opened again (a credential change), not for b's
		TriggerResult reopened = factory.open("connection-a", endpoint(), targets).trigger(CallRequest.to("+442079460101"));
		assertThat(reopened).isInstanceOfSatisfying(TriggerResult.Unavailable.class, unavailable -> assertThat(
				unavailable.reason()).isEqualTo("circuit breaker polyai-trigger-connection-a is open"));
		assertThat(first.dialect()).isEqualTo(Dialect.AGENTS_V1);
		assertThat(breakers.circuitBreaker("polyai-trigger-connection-b").getState().name()).isEqualTo("CLOSED");
		assertThat(breakers.circuitBreaker("polyai-trigger").getState().name()).isEqualTo("CLOSED");
	}

	private static ProviderEndpoint endpoint() {
		// a port nothing listens on: no request of this test reaches anyone
		return new ProviderEndpoint(Dialect.AGENTS_V1, "http://127.0.0.1:9", "key", "agent-a", null, null, null);
	}

}
