package dev.campaigns.orchestrator.security.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.security.SecuritySettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Issuing, revoking, listing and verifying API keys. Verified keys are cached for
 * {@link SecuritySettings#keyCacheTtl()}; revoking evicts the key here at once (other
 * replicas notice within that time).
 */
@Service
public class ApiKeys {

	private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

	/** {@code last_used_at} is written at most this often per key. */
	static final Duration LAST_USE_INTERVAL = Duration.ofMinutes(1);

	private final ApiKeyStore store;

	private final Clock clock;

	private final SecureRandom random;

	private final CallerCache cache;

	private final LastUseThrottle lastUse = new LastUseThrottle(LAST_USE_INTERVAL);

	ApiKeys(ApiKeyStore store, SecuritySettings settings, Clock clock) {
		this.store = store;
		this.clock = clock;
		this.random = new SecureRandom();
		this.cache = new CallerCache(settings.keyCacheTtl(), clock);
	}

	/** A new key, stored as its hash; the returned {@link IssuedApiKey#key()} is the only copy. */
	public IssuedApiKey issue(String name, String tenant, Set<Role> roles, @Nullable Instant expiresAt) {
		String key = ApiKeySecrets.generate(random);
		StoredApiKey stored = new StoredApiKey(UUID.randomUUID(), name, tenant, roles, ApiKeySecrets.prefix(key),
				now(), null, null, expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS));
		store.insert(stored, ApiKeySecrets.hash(key));
		return new IssuedApiKey(stored, key);
	}

	/**
	 * Registers a key chosen elsewhere (the bootstrap admin key) unless its hash is known,
	 * revoked or not.
	 * @return the stored key, whether just registered or found
	 */
	RegisteredKey register(String key, String name, String tenant, Set<Role> roles) {
		String hash = ApiKeySecrets.hash(key);
		StoredApiKey candidate = new StoredApiKey(UUID.randomUUID(), name, tenant, roles, ApiKeySecrets.prefix(key),
				now(), null, null, null);
		boolean inserted = store.insertUnlessPresent(candidate, hash);
		StoredApiKey stored = store.findByHash(hash)
			.orElseThrow(() -> new IllegalStateException("api_key row vanished right after its insert"));
		return new RegisteredKey(stored, inserted);
	}

	/**
	 * Revokes the key; it stops working on this replica at once.
	 * @param tenant the tenant the key must belong to, or {@code null} for any (a platform admin)
	 * @return whether a key with that id exists (in that tenant)
	 */
	public boolean revoke(UUID id, @Nullable String tenant) {
		boolean found = store.revoke(id, tenant, now());
		if (!found) {
			return false;
		}
		cache.evict(id);
		lastUse.forget(id);
		return found;
	}

	/** A page of keys, newest first, optionally of one tenant; never with hashes. */
	public List<StoredApiKey> list(@Nullable String tenant, int page, int size) {
		return store.list(tenant, (long) page * size, size);
	}

	public long count(@Nullable String tenant) {
		return store.count(tenant);
	}

	/** Who calls with this bearer token, if it is an active key. */
	public Optional<Caller> authenticate(String token) {
		if (!ApiKeySecrets.isPlausible(token)) {
			return Optional.empty();
		}
		Instant now = clock.instant();
		// an expiry never changes once set, so the cached one is as good as the stored one
		Optional<StoredApiKey> key = cache.get(ApiKeySecrets.hash(token), store::findByHash)
			.filter((found) -> !found.isExpired(now));
		key.ifPresent(this::noteUse);
		return key.map(StoredApiKey::caller);
	}

	private void noteUse(StoredApiKey key) {
		Instant now = clock.instant();
		if (lastUse.shouldRecord(key.id(), key.lastUsedAt(), now)) {
			try {
				store.recordUse(key.id(), now, lastUse.notBefore(now));
			}
			catch (DataAccessException ex) {
				// bookkeeping only: the key is valid, so the request goes on
				log.warn("Could not record the use of API key {}", key.id(), ex);
			}
		}
	}

	/** Now, at the precision PostgreSQL keeps, so what we answer equals what we stored. */
	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/** A key just issued: what was stored, and the key itself, shown this once. */
	public record IssuedApiKey(StoredApiKey stored, String key) {

		@Override
		public String toString() {
			return "IssuedApiKey[" + stored + ", key=" + stored.prefix() + "...]";
		}

	}

	/** A configured key after registration; {@code inserted} is false if it was known. */
	record RegisteredKey(StoredApiKey stored, boolean inserted) {
	}

}
