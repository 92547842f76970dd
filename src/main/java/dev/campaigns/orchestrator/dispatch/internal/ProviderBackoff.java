package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.ratelimit.RateLimits;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's 429s: a Retry-After (already cut to {@code orchestrator.provider.max-retry-after}
 * by the provider adapter) stops this replica's triggers waiting for their slots until it ends,
 * and throttles the global budget for every replica (nothing until then, half the rate after).
 */
class ProviderBackoff {

	private static final Logger log = LoggerFactory.getLogger(ProviderBackoff.class);

	private final RateLimits rateLimits;

	private final DispatchSettings settings;

	private final AtomicReference<@Nullable Instant> until = new AtomicReference<>();

	ProviderBackoff(RateLimits rateLimits, DispatchSettings settings) {
		this.rateLimits = rateLimits;
		this.settings = settings;
	}

	/** Whether the provider asked for no requests at {@code at}. */
	boolean holds(Instant at) {
		Instant throttled = until.get();
		return throttled != null && at.isBefore(throttled);
	}

	/** When the last Retry-After ends, at the earliest {@code at}. */
	Instant until(Instant at) {
		Instant throttled = until.get();
		return throttled != null && throttled.isAfter(at) ? throttled : at;
	}

	/** A 429 answered at {@code at}: held here at once, and in the shared global budget. */
	void throttled(Duration retryAfter, Instant at) {
		Duration bounded = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
		Instant end = at.plus(bounded);
		until.accumulateAndGet(end, (current, next) -> current == null || next.isAfter(current) ? next : current);
		try {
			rateLimits.throttle(settings.globalPace(), bounded, at);
		}
		catch (RuntimeException ex) {
			// this replica holds back anyway; the others learn of the 429 from their own answers
			log.warn("Could not throttle the shared trigger budget after a 429", ex);
		}
	}

}
