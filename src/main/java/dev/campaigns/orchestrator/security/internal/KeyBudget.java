package dev.campaigns.orchestrator.security.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.campaigns.orchestrator.ratelimit.Pace;
import dev.campaigns.orchestrator.ratelimit.PaceState;
import dev.campaigns.orchestrator.security.RequestRateSettings;

/**
 * One API key's request budget, in the terms of the shared rate module: a key that was idle
 * may make {@code burst} requests at once, then one every {@code 1 / requests-per-second}.
 *
 * <p>{@link Pace}'s burst counts what may leave above the rate in a second, and it gives half
 * of that room to the tolerance (the rest is for dispatch's lateness and transit, which a
 * request answered at once has not). A tolerance of {@code burst - 1/2} intervals admits
 * exactly {@code burst} requests at once, whatever the rounding: hence twice the burst.
 */
final class KeyBudget {

	private KeyBudget() {
	}

	/** The budget of one key: its own row ({@code api-key:<id>}), shared by every replica. */
	static Pace of(UUID keyId, RequestRateSettings settings) {
		return new Pace("api-key:" + keyId, settings.requestsPerSecond(), 2.0 * settings.burst());
	}

	/** How long until the budget, in {@code state}, has a slot again (zero: it has one now). */
	static Duration untilNextSlot(Pace pace, PaceState state, Instant now) {
		return Duration.between(now, state.earliestSlot(pace, now));
	}

	/** The {@code Retry-After} of a refusal: whole seconds, rounded up, at least 1. */
	static long retryAfterSeconds(Duration wait) {
		long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
		return Math.max(1, seconds);
	}

}
