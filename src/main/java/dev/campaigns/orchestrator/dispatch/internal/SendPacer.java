package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * This replica's pacing of its triggers at the moment they leave: at most {@code capacity} at
 * once, then one every {@code 1 / rate} seconds (the generic cell rate algorithm). The shared
 * buckets grant tokens at the rate, but the time from a grant to its request varies (the claim,
 * its commit, the threads), so requests granted apart could leave closer together than the
 * buckets allow. Pacing the requests themselves keeps the spacing the buckets granted: the
 * requests of one replica never exceed {@code capacity + rate × T} in any period {@code T}.
 */
final class SendPacer {

	/** When the next request would leave if requests came one by one at the rate (null: never used). */
	private @Nullable Instant theoretical;

	/**
	 * Reserves the next departure for a request ready at {@code now}: {@code now} itself while
	 * the pacer has room, else the first instant the rate allows.
	 */
	synchronized Instant reserve(Instant now, double ratePerSecond, int capacity) {
		Duration interval = Duration.ofNanos((long) Math.ceil(1e9 / ratePerSecond));
		Instant next = theoretical == null || theoretical.isBefore(now) ? now : theoretical;
		Instant departure = next.minus(interval.multipliedBy(Math.max(0, capacity - 1)));
		if (departure.isBefore(now)) {
			departure = now;
		}
		theoretical = next.plus(interval);
		return departure;
	}

}
