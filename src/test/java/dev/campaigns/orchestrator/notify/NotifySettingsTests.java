package dev.campaigns.orchestrator.notify;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code orchestrator.notify.*} settings, bound as the application binds them. */
class NotifySettingsTests {

	private static final String PREFIX = "orchestrator.notify.";

	@Test
	void theDefaultsAreValidWithALeaseThatOutlastsTheDeadline() {
		NotifySettings settings = bind(Map.of());

		assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.lease()).isEqualTo(Duration.ofMinutes(1));
		assertThat(settings.maxInFlight()).isEqualTo(32);
		assertThat(settings.maxInFlightPerReceiver()).isEqualTo(4);
		assertThat(settings.maxAnswerSize()).isEqualTo(DataSize.ofKilobytes(64));
	}

	@Test
	void theEdgesOfTheValidSettingsAreAccepted() {
		assertThatNoException().isThrownBy(() -> bind(Map.of(PREFIX + "lease", "15s", PREFIX + "request-timeout",
				"10s", PREFIX + "connect-timeout", "10s", PREFIX + "max-in-flight", "1",
				PREFIX + "max-in-flight-per-receiver", "1", PREFIX + "max-answer-size", "1KB")));
	}

	@Test
	void theRefusalOfAShortLeaseNamesBothPropertiesAndWhy() {
		assertThatThrownBy(() -> bind(Map.of(PREFIX + "lease", "12s"))).rootCause()
			.hasMessage("orchestrator.notify.lease (PT12S) must be at least orchestrator.notify.request-timeout"
					+ " (PT10S) + PT5S: a delivery still in flight when its lease ends is sent again by another"
					+ " replica");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			lease=10s                                          | lease, request-timeout
			lease=14s                                          | lease, request-timeout
			request-timeout=1m                                 | lease, request-timeout
			lease=30s,request-timeout=30s                      | lease, request-timeout
			max-in-flight-per-receiver=0                       | max-in-flight-per-receiver
			max-in-flight-per-receiver=-1                      | max-in-flight-per-receiver
			max-in-flight=0                                    | max-in-flight
			max-in-flight=3                                    | max-in-flight-per-receiver, max-in-flight
			connect-timeout=11s                                | connect-timeout, request-timeout
			request-timeout=0s                                 | request-timeout
			max-answer-size=1023B                              | max-answer-size
			batch-size=0                                       | batch-size
			max-attempts=0                                     | max-attempts
			""")
	void aSettingThatCannotWorkIsRefusedNamingTheProperties(String settings, String properties) {
		Map<String, String> values = new HashMap<>();
		for (String setting : settings.split(",")) {
			String[] nameAndValue = setting.split("=");
			values.put(PREFIX + nameAndValue[0], nameAndValue[1]);
		}

		assertThatThrownBy(() -> bind(values)).isInstanceOf(BindException.class)
			.rootCause()
			.isInstanceOf(IllegalArgumentException.class)
			.satisfies(refusal -> {
				for (String property : properties.split(",")) {
					assertThat(refusal.getMessage()).contains(PREFIX + property.strip());
				}
			});
	}

	private static NotifySettings bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("orchestrator.notify",
				NotifySettings.class);
	}

}
