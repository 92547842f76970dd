package dev.campaigns.orchestrator.dispatch;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DispatchSettingsTests {

	@Test
	void theDefaultsBindAndTheirWindowIsASecondTheMaxSendDelayAndThePathAllowance() {
		DispatchSettings settings = bind(Map.of());

		assertThat(settings.window()).isEqualTo(Duration.ofMillis(1070));
		assertThat(settings.takeAhead()).isEqualTo(Duration.ofMillis(50));
		assertThat(settings.effectiveBurst()).isEqualTo(1);
		assertThat(settings.largestTake()).isEqualTo(1);
		assertThat(settings.globalCapacity()).isEqualTo(4);
		assertThat(settings.globalIdleCapacity()).isEqualTo(2);
		// a round claims 300 ms ahead, and the next comes take-ahead before the first it did not reach is due
		assertThat(settings.claimAhead()).isEqualTo(Duration.ofMillis(300));
		assertThat(settings.claimAheadPause()).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void aClaimAheadLessTakeAheadBelowTheIdleIntervalStillPausesTheIdleInterval() {
		DispatchSettings settings = bind(Map.of("orchestrator.dispatch.claim-ahead", "60ms"));

		assertThat(settings.claimAheadPause()).isEqualTo(Duration.ofMillis(25));
	}

	@Test
	void aRefusedSettingFailsTheBindingWithItsNameAndValue() {
		assertThatThrownBy(() -> bind(Map.of("orchestrator.dispatch.take-ahead", "-5ms")))
			.isInstanceOf(BindException.class)
			.rootCause()
			.hasMessage("orchestrator.dispatch.take-ahead must not be negative: PT-0.005S");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			path-allowance       | -1ms | orchestrator.dispatch.path-allowance must not be negative
			claim-ahead          | -1ms | orchestrator.dispatch.claim-ahead must not be negative
			claim-ahead          | 75s  | orchestrator.dispatch.claim-ahead must be below the lease less its margin (PT1M15S)
			max-send-delay       | 0ms  | orchestrator.dispatch.max-send-delay must be above 0
			calls-per-second     | 0    | orchestrator.dispatch.calls-per-second must be above 0
			burst                | -1   | orchestrator.dispatch.burst must not be negative
			batch-size           | 0    | orchestrator.dispatch.batch-size must be above 0: 0
			max-concurrent-calls | 0    | orchestrator.dispatch.max-concurrent-calls must be above 0
			trigger-threads      | -2   | orchestrator.dispatch.trigger-threads must be above 0
			interval             | 0s   | orchestrator.dispatch.interval must be above 0
			lease                | 40s  | orchestrator.dispatch.lease-margin must be at least 0 and below the lease (PT40S)
			""")
	void aSettingThatWouldStopOrUnboundTheDispatcherIsRefusedWithItsName(String property, String value,
			String message) {
		assertThatThrownBy(() -> bind(Map.of("orchestrator.dispatch." + property, value))).rootCause()
			.hasMessageStartingWith(message);
	}

	@Test
	void zeroTurnsTakeAheadThePathAllowanceAndClaimAheadOffAndMeansATenthOfASecondsBurst() {
		DispatchSettings settings = bind(Map.of("orchestrator.dispatch.take-ahead", "0ms",
				"orchestrator.dispatch.path-allowance", "0ms", "orchestrator.dispatch.burst", "0",
				"orchestrator.dispatch.calls-per-second", "500", "orchestrator.dispatch.claim-ahead", "0ms"));

		assertThat(settings.takeAhead()).isZero();
		assertThat(settings.claimAheadPause()).isZero();
		assertThat(settings.window()).isEqualTo(Duration.ofMillis(1050));
		assertThat(settings.effectiveBurst()).isEqualTo(50);
		assertThat(settings.largestTake()).isEqualTo(50);
		assertThat(settings.globalCapacity()).isEqualTo(200);
		assertThat(settings.globalIdleCapacity()).isEqualTo(100);
	}

	private static DispatchSettings bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("orchestrator.dispatch",
				DispatchSettings.class);
	}

}
