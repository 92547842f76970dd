package dev.campaigns.orchestrator.schedule;

import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TimeZonesTests {

	@ParameterizedTest
	@ValueSource(strings = { "Europe/London", "America/New_York", "UTC", "Etc/UTC", "Etc/GMT+2", "Asia/Kolkata" })
	void aNameOfTheTimeZoneDatabaseIsAZone(String id) {
		assertThat(TimeZones.iana(id)).contains(ZoneId.of(id));
	}

	@ParameterizedTest
	@ValueSource(strings = { "+01:00", "-05:00", "UTC+1", "UTC+01:00", "GMT+2", "Z", "Mars/Olympus_Mons", "europe/london",
			"", " " })
	void anOffsetOrAnUnknownNameIsNoZone(String id) {
		assertThat(TimeZones.iana(id)).isEmpty();
	}

}
