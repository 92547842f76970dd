package dev.campaigns.bench;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

/**
 * The dispatcher's own meters of how long triggers wait between the grant of their tokens and
 * their request leaving ({@code orchestrator.dispatch.send.lateness}), and of those put back for
 * waiting too long ({@code orchestrator.dispatch.triggers.late}), per measured run. The mean and
 * the count are exact for the run; p99 and max are Micrometer's decaying ones (about the last
 * two minutes), so they may include the run before.
 */
final class SendDelays {

	private final MeterRegistry registry;

	private long count;

	private double totalMs;

	private double late;

	SendDelays(MeterRegistry registry) {
		this.registry = registry;
	}

	record Reading(long count, double meanMs, double p99Ms, double maxMs, long late) {
	}

	/** Starts a run: what the meters held so far is not counted in it. */
	void clear() {
		Timer timer = timer();
		count = timer == null ? 0 : timer.count();
		totalMs = timer == null ? 0 : timer.totalTime(TimeUnit.MILLISECONDS);
		late = late();
	}

	Reading read() {
		Timer timer = timer();
		if (timer == null) {
			return new Reading(0, Double.NaN, Double.NaN, Double.NaN, (long) (late() - late));
		}
		HistogramSnapshot snapshot = timer.takeSnapshot();
		double p99 = Double.NaN;
		for (ValueAtPercentile value : snapshot.percentileValues()) {
			if (value.percentile() == 0.99) {
				p99 = value.value(TimeUnit.MILLISECONDS);
			}
		}
		long n = timer.count() - count;
		double mean = n == 0 ? Double.NaN : (timer.totalTime(TimeUnit.MILLISECONDS) - totalMs) / n;
		return new Reading(n, mean, p99, snapshot.max(TimeUnit.MILLISECONDS), (long) (late() - late));
	}

	private Timer timer() {
		return registry.find("orchestrator.dispatch.send.lateness").timer();
	}

	private double late() {
		Counter counter = registry.find("orchestrator.dispatch.triggers.late").counter();
		return counter == null ? 0 : counter.count();
	}

}
