package dev.campaigns.orchestrator.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Verified keys by hash, each trusted for a short time so that a request is not a database
 * round trip. Only keys found active are kept: an unknown or revoked key is looked up every
 * time, so a key created on another replica works at once and garbage tokens cannot fill
 * the memory; the cache holds at most one entry per active key.
 */
final class CallerCache {

	/** Past this many entries, expired ones are swept out on the next insert. */
	private static final int SWEEP_ABOVE = 1_000;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final Duration ttl;

	private final Clock clock;

	/** Bumped by every eviction, so a lookup that raced with a revocation is not cached. */
	private long evictions;

	CallerCache(Duration ttl, Clock clock) {
		this.ttl = ttl;
		this.clock = clock;
	}

	/**
	 * The active key of that hash: from the cache while fresh, else from {@code load}, and
	 * then kept for the time to live. Revoked keys are never returned.
	 */
	Optional<StoredApiKey> get(String keyHash, Function<String, Optional<StoredApiKey>> load) {
		Instant now = clock.instant();
		Entry cached = entries.get(keyHash);
		if (cached != null && now.isBefore(cached.expiresAt())) {
			return Optional.of(cached.key());
		}
		long evictionsBefore = evictionsSoFar();
		Optional<StoredApiKey> loaded = load.apply(keyHash).filter((key) -> !key.isRevoked());
		synchronized (this) {
			if (loaded.isPresent() && evictions == evictionsBefore) {
				if (entries.size() > SWEEP_ABOVE) {
					entries.values().removeIf((entry) -> !now.isBefore(entry.expiresAt()));
				}
				entries.put(keyHash, new Entry(loaded.get(), now.plus(ttl)));
			}
			else {
				entries.remove(keyHash);
			}
		}
		return loaded;
	}

	/** Forgets the key, so its next use asks the database. */
	synchronized void evict(UUID keyId) {
		evictions++;
		entries.values().removeIf((entry) -> entry.key().id().equals(keyId));
	}

	int size() {
		return entries.size();
	}

	private synchronized long evictionsSoFar() {
		return evictions;
	}

	private record Entry(StoredApiKey key, Instant expiresAt) {
	}

}
