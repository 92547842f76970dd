package dev.campaigns.bench;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SoakIntervalsTests {

	private static final Instant START = Instant.parse("2026-12-08T10:00:00Z");

	@ParameterizedTest(name = "{0} minutes: {1}-minute intervals, {2} of them")
	@CsvSource(delimiter = '|', value = {
			// minutes | interval minutes | intervals
			"1         | 1                | 1",
			"3         | 1                | 3",
			"14        | 1                | 14",
			"15        | 5                | 3",
			"17        | 5                | 4",
			"30        | 5                | 6",
			"60        | 5                | 12" })
	void aShortRunIsReportedByTheMinuteALongOneByFiveMinutes(int minutes, int intervalMinutes, int count) {
		SoakIntervals intervals = SoakIntervals.of(START, Duration.ofMinutes(minutes));

		assertThat(intervals.length()).isEqualTo(Duration.ofMinutes(intervalMinutes));
		assertThat(intervals.count()).isEqualTo(count);
		assertThat(intervals.endOf(count - 1)).isEqualTo(START.plus(Duration.ofMinutes(minutes)));
	}

	@ParameterizedTest(name = "{0} s after the start of a 17-minute run: interval {1}")
	@CsvSource(delimiter = '|', value = {
			// seconds from the start | interval (-1: outside the run)
			"-1    | -1",
			"0     | 0",
			"299   | 0",
			"300   | 1",
			"899   | 2",
			"900   | 3",
			"1019  | 3",
			"1020  | -1",
			"5000  | -1" })
	void anInstantFallsInTheIntervalThatHoldsItStartInclusiveEndExclusive(long seconds, int index) {
		SoakIntervals intervals = SoakIntervals.of(START, Duration.ofMinutes(17));

		assertThat(intervals.indexOf(START.plusSeconds(seconds))).isEqualTo(index);
	}

	@Test
	void theLastIntervalOfARunThatIsNotAWholeNumberOfIntervalsIsShorter() {
		SoakIntervals intervals = SoakIntervals.of(START, Duration.ofMinutes(17));

		assertThat(intervals.lengthOf(0)).isEqualTo(Duration.ofMinutes(5));
		assertThat(intervals.startOf(3)).isEqualTo(START.plus(Duration.ofMinutes(15)));
		assertThat(intervals.lengthOf(3)).isEqualTo(Duration.ofMinutes(2));
	}

	@ParameterizedTest(name = "{0} minutes, warm-up {1} s: first steady interval {2}")
	@CsvSource(delimiter = '|', value = {
			// minutes | warm-up seconds | first steady interval
			"30        | 310             | 2",
			"30        | 300             | 1",
			"30        | 0               | 0",
			"3         | 310             | 0",
			"10        | 310             | 6" })
	void theFirstSteadyIntervalStartsAfterTheWarmUpOrIsTheFirstWhenNoneDoes(int minutes, int warmUpSeconds,
			int first) {
		SoakIntervals intervals = SoakIntervals.of(START, Duration.ofMinutes(minutes));

		assertThat(intervals.firstSteady(Duration.ofSeconds(warmUpSeconds))).isEqualTo(first);
	}

}
