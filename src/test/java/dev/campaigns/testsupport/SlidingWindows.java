package dev.campaigns.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** Counts of instants in sliding windows, for the rate checks of the benchmarks and the reliability suite. */
public final class SlidingWindows {

	private SlidingWindows() {
	}

	/** The busiest half-open window: how many instants it holds and where it starts (null for none). */
	public record Busiest(int count, @Nullable Instant start) {
	}

	/** The half-open window of this length holding the most of these instants (sorted). */
	public static Busiest busiest(List<Instant> sorted, Duration window) {
		int best = 0;
		Instant start = null;
		int j = 0;
		for (int i = 0; i < sorted.size(); i++) {
			Instant end = sorted.get(i).plus(window);
			while (j < sorted.size() && sorted.get(j).isBefore(end)) {
				j++;
			}
			if (j - i > best) {
				best = j - i;
				start = sorted.get(i);
			}
		}
		return new Busiest(best, start);
	}

	/** The most instants in any half-open window of this length (instants sorted). */
	public static int maxInWindow(List<Instant> sorted, Duration window) {
		return busiest(sorted, window).count();
	}

}
