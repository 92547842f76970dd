package dev.campaigns.orchestrator.status.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** An unmapped status is reported once it has lasted a ring and an expected conversation. */
class UnmappedStatusTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-07T09:30:00Z"), ZoneOffset.UTC);

	@ParameterizedTest(name = "seen for {0} with talk time {1}: stale={2}")
	@CsvSource(delimiter = '|', textBlock = """
			PT0S      | PT50S | false
			PT1M      | PT50S | false
			PT1M49S   | PT50S | false
			PT1M50S   | PT50S | true
			PT1M51S   | PT50S | true
			PT2H      | PT50S | true
			PT1M50S   | PT5M  | false
			PT5M59S   | PT5M  | false
			PT6M      | PT5M  | true
			PT1M      | PT0S  | true
			PT59S     | PT0S  | false
			""")
	void aStringIsStaleOnceItLastedARingAndAnExpectedConversation(Duration seenFor, Duration talkTime,
			boolean stale) {
		Instant now = CLOCK.instant();
		Instant since = now.minus(seenFor);

		assertThat(UnmappedStatus.stale(since, now, talkTime)).isEqualTo(stale);
		assertThat(UnmappedStatus.staleAt(since, talkTime)).isEqualTo(since.plus(UnmappedStatus.RINGING_ALLOWANCE)
			.plus(talkTime));
	}

}
