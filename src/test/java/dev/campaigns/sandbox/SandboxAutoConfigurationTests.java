package dev.campaigns.sandbox;

import java.time.Clock;
import java.time.Duration;

import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.campaigns.sandbox.SandboxFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

/** Which beans the sandbox brings into a context, without starting a server. */
class SandboxAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SandboxAutoConfiguration.class));

	@Test
	void bringsNothingUnlessEnabled() {
		runner.run(context -> assertThat(context).doesNotHaveBean(Switchboard.class)
			.doesNotHaveBean(PolyAiEndpoints.class)
			.doesNotHaveBean(SandboxSettings.class));
		runner.withPropertyValues("orchestrator.sandbox.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(Switchboard.class));
	}

	@Test
	void bringsTheApiAndItsControlsWhenEnabled() {
		runner.withPropertyValues("orchestrator.sandbox.enabled=true", "orchestrator.sandbox.ring-time=PT2S")
			.run(context -> {
				assertThat(context).hasSingleBean(Switchboard.class)
					.hasSingleBean(PolyAiEndpoints.class)
					.hasSingleBean(SandboxControlEndpoints.class)
					.hasSingleBean(CallBook.class)
					.hasSingleBean(FaultBook.class)
					.doesNotHaveBean(Clock.class);
				assertThat(context.getBean(SandboxSettings.class).ringTime()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void startUpStopsNamingThePropertyWhenConnectionsComeWithTheSingleToken() {
		runner.withPropertyValues("orchestrator.sandbox.enabled=true", "orchestrator.sandbox.auth-token=token",
				"orchestrator.sandbox.connections[0].credential=key")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("orchestrator.sandbox.auth-token"));
	}

	@Test
	void playsCallsOnTheApplicationsClock() {
		MutableClock clock = new MutableClock(START);
		runner.withPropertyValues("orchestrator.sandbox.enabled=true")
			.withBean(Clock.class, () -> clock)
			.run(context -> {
				context.getBean(Switchboard.class)
					.trigger(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, "/v1/outbound-calling", "token",
						"{\"to_number\":\"+14155552671\"}");

				assertThat(context.getBean(CallBook.class).all()).singleElement()
					.satisfies(call -> assertThat(call.timeline().receivedAt()).isEqualTo(START));
			});
	}

}
