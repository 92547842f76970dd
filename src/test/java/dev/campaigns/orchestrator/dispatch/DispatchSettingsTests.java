package dev.campaigns.orchestrator.dispatch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.campaigns.orchestrator.dispatch.DispatchSettings.InvalidDispatchSetting;
import dev.campaigns.orchestrator.ratelimit.Pace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code orchestrator.dispatch.*} settings, bound as the application binds them. */
class DispatchSettingsTests {

	private static final String PREFIX = "orchestrator.dispatch.";

	@Test
	void theDefaultsAreValid() {
		DispatchSettings settings = bind(Map.of());

		assertThat(settings).isEqualTo(new DispatchSettings(true, 10, 0, 1000, 256, Duration.ofMinutes(2),
				Duration.ofSeconds(45), Duration.ofMillis(300), Duration.ofMinutes(1)));
		assertThat(settings.effectiveBurst()).isEqualTo(2);
		assertThat(settings.idlePause()).isEqualTo(Duration.ofMillis(270));
		assertThat(settings.globalPace()).isEqualTo(new Pace("global", 10, 2));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			calls-per-second=0                              | calls-per-second
			calls-per-second=-1                             | calls-per-second
			burst=-1                                        | burst
			burst=0.5                                       | burst
			burst=1                                         | burst
			burst=1.99                                      | burst
			max-concurrent-calls=0                          | max-concurrent-calls
			max-concurrent-calls=-1                         | max-concurrent-calls
			trigger-threads=0                               | trigger-threads
			trigger-threads=-2                              | trigger-threads
			lease=999ms                                     | lease
			lease=0s                                        | lease
			lease=40s                                       | lease-margin
			lease-margin=-1ms                               | lease-margin
			lease-margin=2m                                 | lease-margin
			lease=10s,lease-margin=10s                      | lease-margin
			lookahead=9ms                                   | lookahead
			lookahead=0ms                                   | lookahead
			lookahead=75s                                   | lookahead
			lease=10s,lease-margin=5s,lookahead=5s          | lookahead
			unavailable-backoff=0s                          | unavailable-backoff
			unavailable-backoff=-1s                         | unavailable-backoff
			""")
	void aSettingThatCannotWorkIsRefusedWithItsPropertysName(String settings, String property) {
		Map<String, String> properties = new HashMap<>();
		for (String setting : settings.split(",")) {
			String[] nameAndValue = setting.split("=");
			properties.put(PREFIX + nameAndValue[0], nameAndValue[1]);
		}

		assertThatThrownBy(() -> bind(properties)).isInstanceOf(BindException.class)
			.rootCause()
			.isInstanceOfSatisfying(InvalidDispatchSetting.class, invalid -> {
				assertThat(invalid.property()).isEqualTo(PREFIX + property);
				assertThat(invalid.getMessage()).startsWith(PREFIX + property + " " + invalid.reason());
			});
	}

	@ParameterizedTest(name = "{0}/s, burst {1}")
	@CsvSource(textBlock = """
			NaN,       0
			Infinity,  0
			10,        NaN
			10,        Infinity
			10,        -Infinity
			""")
	void aRateOrBurstThatIsNoNumberIsRefused(double callsPerSecond, double burst) {
		assertThatThrownBy(() -> new DispatchSettings(true, callsPerSecond, burst, 1000, 256, Duration.ofMinutes(2),
				Duration.ofSeconds(45), Duration.ofMillis(300), Duration.ofMinutes(1)))
			.isInstanceOf(InvalidDispatchSetting.class);
	}

	@Test
	void theRefusalNamesThePropertyTheValueAndTheReason() {
		assertThatThrownBy(() -> bind(Map.of(PREFIX + "trigger-threads", "-2"))).rootCause()
			.hasMessage("orchestrator.dispatch.trigger-threads must be above 0: -2");
	}

	@Test
	void theEdgesOfTheValidSettingsAreAccepted() {
		assertThatNoException().isThrownBy(() -> bind(Map.of(PREFIX + "lease", "1s", PREFIX + "lease-margin", "0s",
				PREFIX + "lookahead", "10ms", PREFIX + "unavailable-backoff", "1ms", PREFIX + "calls-per-second", "0.01",
				PREFIX + "max-concurrent-calls", "1", PREFIX + "trigger-threads", "1", PREFIX + "burst", "2")));
		assertThatNoException().isThrownBy(() -> bind(Map.of(PREFIX + "lease", "10s", PREFIX + "lease-margin", "5s",
				PREFIX + "lookahead", "4999ms")));
	}

	@ParameterizedTest(name = "{0}/s with burst {1}: {2}")
	@CsvSource(textBlock = """
			10,    0,   2
			5,     0,   2
			0.5,   0,   2
			15,    0,   2
			25,    0,   3
			500,   0,   50
			1000,  0,   100
			2000,  0,   200
			10,    2,   2
			10,    3,   3
			500,   7.5, 7.5
			""")
	void theBurstInForceIsATenthOfASecondsWorthAtLeastTwoUnlessConfigured(double callsPerSecond, double burst,
			double effective) {
		DispatchSettings settings = bind(Map.of(PREFIX + "calls-per-second", String.valueOf(callsPerSecond),
				PREFIX + "burst", String.valueOf(burst)));

		assertThat(settings.effectiveBurst()).isEqualTo(effective);
		assertThat(settings.globalPace()).isEqualTo(new Pace("global", callsPerSecond, effective));
	}

	@ParameterizedTest(name = "lookahead {0} ms: idle pause {1} µs")
	@CsvSource(textBlock = """
			 300, 270000
			  10,   9000
			1000, 900000
			  15,  13500
			""")
	void theIdlePauseIsNineTenthsOfTheLookahead(long lookaheadMillis, long idlePauseMicros) {
		DispatchSettings settings = bind(Map.of(PREFIX + "lookahead", lookaheadMillis + "ms"));

		assertThat(settings.idlePause()).isEqualTo(Duration.ofNanos(idlePauseMicros * 1000));
	}

	private static DispatchSettings bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("orchestrator.dispatch",
				DispatchSettings.class);
	}

}
