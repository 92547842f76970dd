package dev.campaigns.bench;

import java.time.Duration;
import java.time.Instant;

/**
 * How a soak run is cut into the intervals its table reports: 5 minutes, or 1 minute for a run
 * shorter than {@link #SHORT_RUN_BELOW} so that a 3-minute run still has rows. The last interval
 * ends with the run, so it is shorter when the run is not a whole number of intervals.
 *
 * @param start when the campaigns start dialling
 * @param run how long the run lasts
 * @param length the length of an interval
 */
record SoakIntervals(Instant start, Duration run, Duration length) {

	static final Duration LONG = Duration.ofMinutes(5);

	static final Duration SHORT = Duration.ofMinutes(1);

	/** Runs shorter than this are reported by the minute. */
	static final Duration SHORT_RUN_BELOW = Duration.ofMinutes(15);

	SoakIntervals {
		if (run.isNegative() || run.isZero() || length.isNegative() || length.isZero()) {
			throw new IllegalArgumentException("run and interval must be positive: " + run + ", " + length);
		}
	}

	/** The intervals of a run of {@code run} from {@code start}, 5 minutes long or, for a short run, 1. */
	static SoakIntervals of(Instant start, Duration run) {
		return new SoakIntervals(start, run, run.compareTo(SHORT_RUN_BELOW) < 0 ? SHORT : LONG);
	}

	int count() {
		return (int) ((run.toNanos() + length.toNanos() - 1) / length.toNanos());
	}

	Instant end() {
		return start.plus(run);
	}

	Instant startOf(int index) {
		return start.plus(length.multipliedBy(index));
	}

	Instant endOf(int index) {
		Instant end = start.plus(length.multipliedBy(index + 1L));
		return end.isAfter(end()) ? end() : end;
	}

	Duration lengthOf(int index) {
		return Duration.between(startOf(index), endOf(index));
	}

	/** The interval holding this instant (start inclusive, end exclusive), or -1 outside the run. */
	int indexOf(Instant instant) {
		if (instant.isBefore(start) || !instant.isBefore(end())) {
			return -1;
		}
		return (int) (Duration.between(start, instant).toNanos() / length.toNanos());
	}

	/**
	 * The first interval that starts once the run has warmed up (the calls in progress have
	 * stopped growing: the longest call has had time to end), or the first interval when the run
	 * is too short to have one.
	 */
	int firstSteady(Duration warmUp) {
		for (int index = 0; index < count(); index++) {
			if (!startOf(index).isBefore(start.plus(warmUp))) {
				return index;
			}
		}
		return 0;
	}

}
