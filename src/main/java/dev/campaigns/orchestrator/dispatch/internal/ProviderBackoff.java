package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.campaigns.orchestrator.ratelimit.Pace;
import dev.campaigns.orchestrator.ratelimit.RateLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's 429s, per connection: a Retry-After (already cut to
 * {@code orchestrator.provider.max-retry-after} by the provider adapter) stops this replica's
 * triggers through that connection waiting for their slots until it ends, and throttles that
 * connection's budget for every replica (nothing until then, half the rate after). Other
 * connections are not held.
 */
class ProviderBackoff {

	private static final Logger log = LoggerFactory.getLogger(ProviderBackoff.class);

	private final RateLimits rateLimits;

	/** When each connection's last Retry-After ends, by its budget's name. */
	private final Map<String, Instant> until = new ConcurrentHashMap<>();

	ProviderBackoff(RateLimits rateLimits) {
		this.rateLimits = rateLimits;
	}

	/** Whether the provider asked for no requests through the connection of {@code budget} at {@code at}. */
	boolean holds(Pace budget, Instant at) {
		Instant throttled = until.get(budget.name());
		return throttled != null && at.isBefore(throttled);
	}

	/** When the connection's last Retry-After ends, at the earliest {@code at}. */
	Instant until(Pace budget, Instant at) {
		Instant throttled = until.get(budget.name());
		return throttled != null && throttled.isAfter(at) ? throttled : at;
	}

	/**
	 * A 429 answered at {@code at} through the connection of {@code budget}: held here at once,
	 * and in its shared budget.
	 */
	void throttled(Pace budget, Duration retryAfter, Instant at) {
		Duration bounded = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
		Instant end = at.plus(bounded);
		until.merge(budget.name(), end, (current, next) -> next.isAfter(current) ? next : current);
		try {
			rateLimits.throttle(budget, bounded, at);
		}
		catch (RuntimeException ex) {
			// this replica holds back anyway; the others learn of the 429 from their own answers
			log.warn("Could not throttle the shared trigger budget after a 429", ex);
		}
	}

}
