package dev.campaigns.orchestrator.security.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Decides when a key's {@code last_used_at} is worth writing: at most once per interval per
 * key on this replica, instead of on every request.
 */
final class LastUseThrottle {

	private final Map<UUID, Instant> recorded = new ConcurrentHashMap<>();

	private final Duration interval;

	LastUseThrottle(Duration interval) {
		this.interval = interval;
	}

	/**
	 * Whether a use at {@code now} should be written, given the last use the database knew
	 * of when the key was loaded; if so, it counts as written from now on.
	 */
	boolean shouldRecord(UUID keyId, @Nullable Instant lastUsedInDatabase, Instant now) {
		boolean[] due = { false };
		recorded.compute(keyId, (id, last) -> {
			Instant known = latest(last, lastUsedInDatabase);
			if (known == null || !now.isBefore(known.plus(interval))) {
				due[0] = true;
				return now;
			}
			return known;
		});
		return due[0];
	}

	/** The earliest use that would not be written again if it were already recorded. */
	Instant notBefore(Instant now) {
		return now.minus(interval);
	}

	void forget(UUID keyId) {
		recorded.remove(keyId);
	}

	private static @Nullable Instant latest(@Nullable Instant a, @Nullable Instant b) {
		if (a == null) {
			return b;
		}
		return (b == null || a.isAfter(b)) ? a : b;
	}

}
