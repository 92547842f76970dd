package dev.campaigns.testsupport;

import java.util.List;

/** Percentiles for the benchmarks and the reliability suite. */
public final class Percentiles {

	private Percentiles() {
	}

	/** Nearest-rank percentile {@code p} (0 to 100) of sorted values; NaN for none. */
	public static double nearestRank(List<Long> sorted, double p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
	}

}
