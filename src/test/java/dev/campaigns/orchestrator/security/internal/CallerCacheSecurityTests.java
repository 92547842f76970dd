package dev.campaigns.orchestrator.security.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallerCacheSecurityTests {

	private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

	private static final UUID ID = UUID.randomUUID();

	private final MutableClock clock = new MutableClock(START);

	private final CallerCache cache = new CallerCache(Duration.ofSeconds(10), clock);

	private final AtomicInteger lookups = new AtomicInteger();

	@Test
	void aVerifiedKeyIsTrustedForTheTimeToLiveThenLookedUpAgain() {
		StoredApiKey key = key(null);
		Function<String, Optional<StoredApiKey>> database = counting(Optional.of(key));

		assertThat(cache.get("hash", database)).contains(key);
		clock.advance(Duration.ofSeconds(9));
		assertThat(cache.get("hash", database)).contains(key);
		assertThat(lookups).hasValue(1);

		clock.advance(Duration.ofSeconds(1));
		assertThat(cache.get("hash", database)).contains(key);
		assertThat(lookups).hasValue(2);
	}

	@Test
	void aKeyRevokedElsewhereWorksUntilItsEntryExpires() {
		StoredApiKey key = key(null);
		cache.get("hash", counting(Optional.of(key)));

		Function<String, Optional<StoredApiKey>> revokedNow = counting(Optional.of(key(START)));
		assertThat(cache.get("hash", revokedNow)).contains(key);
		clock.advance(Duration.ofSeconds(10));
		assertThat(cache.get("hash", revokedNow)).isEmpty();
		assertThat(cache.size()).isZero();
	}

	@Test
	void evictingAKeyMakesItsNextUseAskTheDatabase() {
		StoredApiKey key = key(null);
		cache.get("hash", counting(Optional.of(key)));

		cache.evict(key.id());

		assertThat(cache.get("hash", counting(Optional.empty()))).isEmpty();
		assertThat(lookups).hasValue(2);
	}

	@Test
	void unknownAndRevokedKeysAreNeverCached() {
		assertThat(cache.get("unknown", counting(Optional.empty()))).isEmpty();
		assertThat(cache.get("revoked", counting(Optional.of(key(START))))).isEmpty();
		assertThat(cache.get("unknown", counting(Optional.empty()))).isEmpty();

		assertThat(lookups).hasValue(3);
		assertThat(cache.size()).isZero();
	}

	@Test
	void aLookupThatRacedWithARevocationIsNotCached() {
		StoredApiKey key = key(null);
		Function<String, Optional<StoredApiKey>> readBeforeTheRevocationCommitted = (hash) -> {
			cache.evict(key.id());
			return Optional.of(key);
		};

		cache.get("hash", readBeforeTheRevocationCommitted);

		assertThat(cache.size()).isZero();
	}

	@Test
	void lastUseIsWrittenAtMostOncePerMinutePerKey() {
		LastUseThrottle throttle = new LastUseThrottle(Duration.ofMinutes(1));
		UUID one = UUID.randomUUID();
		UUID other = UUID.randomUUID();

		assertThat(throttle.shouldRecord(one, null, START)).isTrue();
		assertThat(throttle.shouldRecord(one, null, START.plusSeconds(59))).isFalse();
		assertThat(throttle.shouldRecord(other, null, START.plusSeconds(59))).isTrue();
		assertThat(throttle.shouldRecord(one, null, START.plusSeconds(60))).isTrue();
		assertThat(throttle.notBefore(START.plusSeconds(60))).isEqualTo(START);
	}

	@Test
	void aRecentUseKnownToTheDatabaseIsNotWrittenAgain() {
		LastUseThrottle throttle = new LastUseThrottle(Duration.ofMinutes(1));
		UUID key = UUID.randomUUID();

		assertThat(throttle.shouldRecord(key, START.minusSeconds(30), START)).isFalse();
		assertThat(throttle.shouldRecord(key, START.minusSeconds(30), START.plusSeconds(30))).isTrue();
	}

	private Function<String, Optional<StoredApiKey>> counting(Optional<StoredApiKey> answer) {
		return (hash) -> {
			lookups.incrementAndGet();
			return answer;
		};
	}

	private static StoredApiKey key(Instant revokedAt) {
		return new StoredApiKey(ID, "test", "tenant-a", Set.of(Role.REPORTS_READ), "co_abcde", START, revokedAt,
				null, null);
	}

}
