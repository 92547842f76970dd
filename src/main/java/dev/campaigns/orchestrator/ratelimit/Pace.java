package dev.campaigns.orchestrator.ratelimit;

import java.time.Duration;

/**
 * A rate budget: at most {@code perSecond} requests a second on average, and at most
 * {@code perSecond + burst} in any second where they leave. Each request gets a send instant
 * (a slot) on the budget's virtual timeline (GCRA): slots are {@link #interval()} apart, and a
 * slot may come up to {@link #tolerance()} before its place on that timeline, so a budget
 * that was idle lets a few go at once.
 *
 * <p>The burst is shared out so that the bound holds where requests leave, by construction:
 * {@link #tolerance()} takes half of what the burst allows above the steady rate, and
 * {@link #lateness()}, the most a request may leave after its slot, a quarter; the last quarter
 * is left for the spread of transit times on the way to the provider. Slots granted in a span
 * of 1 s + lateness number at most {@code perSecond * (1 s + lateness + tolerance) + 1}, which
 * is at most {@code perSecond + burst}.
 *
 * @param name the budget's row ({@code global}, {@code campaign:<id>}, {@code status})
 * @param perSecond the steady rate, above 0
 * @param burst how many above the steady rate may leave in any second, at least 1
 */
public record Pace(String name, double perSecond, double burst) {

	public Pace {
		if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
			throw new IllegalArgumentException("a pace's rate must be above 0: " + perSecond);
		}
		if (!(burst >= 1)) {
			throw new IllegalArgumentException("a pace's burst must be at least 1: " + burst);
		}
	}

	/** The distance between two slots at the full rate. */
	public Duration interval() {
		return nanos(1e9 / perSecond);
	}

	/** How far before its place on the virtual timeline a slot may come: half the burst's room. */
	public Duration tolerance() {
		return nanos((burst - 1) / perSecond * 1e9 / 2);
	}

	/**
	 * How long after its slot a request may still leave: a quarter of the burst's room (what
	 * leaves later is put back unsent, so a stall never releases a bunch above the rate).
	 */
	public Duration lateness() {
		return nanos((burst - 1) / perSecond * 1e9 / 4);
	}

	private static Duration nanos(double nanos) {
		return Duration.ofNanos((long) Math.floor(nanos));
	}

}
