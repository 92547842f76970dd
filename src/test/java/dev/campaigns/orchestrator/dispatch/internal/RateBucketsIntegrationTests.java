package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.campaigns.orchestrator.dispatch.RateBuckets;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared token buckets, on PostgreSQL, at chosen instants. */
@IntegrationTest
class RateBucketsIntegrationTests {

	static final Instant T0 = Instant.parse("2030-01-07T10:00:00Z");

	@Autowired
	RateBuckets buckets;

	@Autowired
	JdbcClient jdbc;

	@Test
	void neverGrantsMoreThanTheRatePlusTheBurstInAnySecond() {
		String name = "test:" + UUID.randomUUID();
		double rate = 50;
		double burst = 5;
		List<Integer> perTick = new ArrayList<>();
		// greedy takers every 10 ms for 20 simulated seconds
		for (int tick = 0; tick < 2000; tick++) {
			perTick.add(buckets.take(name, 1000, rate, burst, 0.02, T0.plusMillis(10L * tick)));
		}
		for (int start = 0; start + 100 <= perTick.size(); start++) {
			int inWindow = perTick.subList(start, start + 100).stream().mapToInt(Integer::intValue).sum();
			assertThat(inWindow).as("tokens in the second from tick %d", start).isLessThanOrEqualTo((int) (rate + burst));
		}
		int total = perTick.stream().mapToInt(Integer::intValue).sum();
		// the full rate over 20 s, plus the initial burst, less at most one token of rounding
		assertThat(total).isBetween((int) (rate * 20 - 1), (int) (rate * 20 + burst));
	}

	@Test
	void aWindowedBucketNeverLetsTheTakesOfAnyWindowExceedItsLimitEvenFromTakersWithStaleInstants() {
		// 50 a second with a capacity of 20 would grant 70 in a second; the window of 1.1 s holds 55
		RateBuckets.Bucket bucket = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 50, 20, 0.02,
				Duration.ofMillis(1100), 55, 20);
		List<Instant> grants = new ArrayList<>();
		// two greedy takers every 10 ms for 20 simulated seconds, the second on an instant 40 ms old
		for (int tick = 0; tick < 2000; tick++) {
			for (Instant at : List.of(T0.plusMillis(10L * tick), T0.plusMillis(10L * tick - 40))) {
				int granted = buckets.take(List.of(bucket), 1000, at).granted();
				for (int i = 0; i < granted; i++) {
					grants.add(at);
				}
			}
		}
		List<Instant> sorted = grants.stream().sorted().toList();
		int most = 0;
		for (int first = 0, last = 0; last < sorted.size(); last++) {
			while (!sorted.get(first).isAfter(sorted.get(last).minusMillis(1100))) {
				first++;
			}
			most = Math.max(most, last - first + 1);
		}
		assertThat(most).as("most grants within 1.1 s").isEqualTo(55);
		// and still the rate (at least 96 % of 50 a second over 20 s): what the window trims is taken later
		assertThat(grants).hasSizeBetween(50 * 20 * 96 / 100, 50 * 20 + 20);
	}

	@Test
	void aFullWindowSaysWhenItsOldestTakesLeaveItAndTokensGivenBackFreeItsRoom() {
		RateBuckets.Bucket bucket = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 100, 30, 0.02,
				Duration.ofSeconds(1), 40, 30);
		RateBuckets.Grant first = buckets.take(List.of(bucket), 30, T0);
		assertThat(first.granted()).isEqualTo(30);
		// the bucket holds a batch (24) again after 240 ms, but its window has room for 10 until the take leaves it
		assertThat(first.untilRefilled()).isEqualTo(Duration.ofSeconds(1));
		RateBuckets.Grant trimmed = buckets.take(List.of(bucket), 30, T0.plusMillis(300));

		// 30 tokens refilled, but the window holds only 10 more
		assertThat(trimmed.granted()).isEqualTo(10);
		// full: until the first take leaves it, at T0 + 1 s
		assertThat(trimmed.untilRefilled()).isEqualTo(Duration.ofMillis(700));
		assertThat(buckets.take(List.of(bucket), 30, T0.plusMillis(400)).granted()).isZero();

		buckets.giveBack(List.of(bucket), 5, T0.plusMillis(300));
		assertThat(buckets.take(List.of(bucket), 30, T0.plusMillis(400)).granted()).isEqualTo(5);
		// the first take has left the window: its 30 are room again (and the bucket is full again)
		assertThat(buckets.take(List.of(bucket), 30, T0.plusMillis(1001)).granted()).isEqualTo(30);
	}

	@Test
	void aTakeStampedPerTokenKeepsEachAtItsInstantAndCountsAgainstEveryWindowTheyFallIn() {
		RateBuckets.Bucket bucket = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 100, 30, 0.02,
				Duration.ofSeconds(1), 40, 30);
		// three tokens for requests leaving at once, two 200 ms later, one 300 ms later; a seventh is not
		// granted (the bucket holds 6 more than the 24 taken before), and its stamp is not kept
		assertThat(buckets.take(List.of(bucket), 24, T0).granted()).isEqualTo(24);
		List<Instant> stamps = List.of(T0, T0, T0, T0.plusMillis(200), T0.plusMillis(200), T0.plusMillis(300),
				T0.plusMillis(300));
		RateBuckets.Bucket own = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 1000, 1000, 0.02);
		RateBuckets.Grant stamped = buckets.take(bucket, List.of(new RateBuckets.Share(own, 7, stamps)), T0).get(0);

		assertThat(stamped.granted()).isEqualTo(6);
		assertThat(stamped.states().get(0).window()).containsExactly(new RateBuckets.Taken(T0, 24),
				new RateBuckets.Taken(T0, 3), new RateBuckets.Taken(T0.plusMillis(200), 2),
				new RateBuckets.Taken(T0.plusMillis(300), 1));
		// the window from T0 + 300 ms holds all 30 (the stamps later than T0 count there), so a take then has
		// room for 10; once the takes at T0 have left it (T0 + 1 s), the 3 stamped later and those 10 still count
		assertThat(buckets.take(List.of(bucket), 30, T0.plusMillis(300)).granted()).isEqualTo(10);
		assertThat(buckets.take(List.of(bucket), 40, T0.plusMillis(1001)).granted()).isEqualTo(27);
		assertThat(org.assertj.core.api.Assertions.catchThrowable(
				() -> buckets.take(bucket, List.of(new RateBuckets.Share(own, 1, List.of(T0.plusSeconds(4)))),
						T0.plusSeconds(5))))
			.hasMessageContaining("a token stamped before the take");
	}

	@Test
	void aSharedTakeServesEachShareWhatItsOwnBucketHoldsInTurnWhileTheSharedOneLastsInOneStatement() {
		RateBuckets.Bucket shared = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 100, 30, 0.02,
				Duration.ofSeconds(1), 40, 30);
		RateBuckets.Bucket small = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 100, 5, 0.02);
		RateBuckets.Bucket large = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 100, 100, 0.02);
		RateBuckets.Bucket last = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 100, 100, 0.02);
		List<Instant> at100 = java.util.Collections.nCopies(20, T0.plusMillis(100));
		// the small bucket covers 5 of its 10; the large one its 20; the last one what the shared bucket has left
		List<RateBuckets.Grant> grants = buckets.take(shared, List.of(
				new RateBuckets.Share(small, 10, java.util.Collections.nCopies(10, T0)),
				new RateBuckets.Share(large, 20, at100),
				new RateBuckets.Share(last, 10, java.util.Collections.nCopies(10, T0.plusMillis(200)))), T0);

		assertThat(grants).extracting(RateBuckets.Grant::granted).containsExactly(5, 20, 5);
		assertThat(grants.get(0).states().get(0).tokens()).isZero();
		assertThat(grants).extracting(grant -> grant.states().get(1).tokens()).containsExactly(0.0, 80.0, 95.0);
		// the shared window keeps each granted token at its stamp; the ones not granted leave no entry
		assertThat(grants.get(2).states().get(0).window()).containsExactly(new RateBuckets.Taken(T0, 5),
				new RateBuckets.Taken(T0.plusMillis(100), 20), new RateBuckets.Taken(T0.plusMillis(200), 5));
		// the rows say the same as the answer, and the window counts the stamps: 10 more fit in at T0 + 300 ms
		assertThat(jdbc.sql("select tokens from rate_bucket where name = ?").param(large.name()).query(Double.class)
			.single()).isEqualTo(80.0);
		assertThat(buckets.take(List.of(shared), 40, T0.plusMillis(300)).granted()).isEqualTo(10);
		// two windows later, the window keeps only the new take
		assertThat(buckets.take(shared, List.of(new RateBuckets.Share(large, 1, List.of(T0.plusSeconds(5)))),
				T0.plusSeconds(5)).get(0).states().get(0).window()).containsExactly(
						new RateBuckets.Taken(T0.plusSeconds(5), 1));
	}

	@Test
	void aSharedTakeGivesAThrottledShareNothingAndTheNextOneItsTokens() {
		RateBuckets.Bucket shared = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 100, 30, 0.02);
		RateBuckets.Bucket throttled = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 100, 100, 0.02);
		RateBuckets.Bucket next = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 100, 100, 0.02);
		buckets.take(List.of(throttled), 1, T0);
		buckets.throttle(throttled.name(), Duration.ofSeconds(3), T0);

		List<RateBuckets.Grant> grants = buckets.take(shared, List.of(
				new RateBuckets.Share(throttled, 20, java.util.Collections.nCopies(20, T0.plusSeconds(1))),
				new RateBuckets.Share(next, 40, java.util.Collections.nCopies(40, T0.plusSeconds(1)))),
				T0.plusSeconds(1));

		assertThat(grants).extracting(RateBuckets.Grant::granted).containsExactly(0, 30);
		// until the throttle ends: the throttled share's refill says so
		assertThat(grants.get(0).untilRefilled(1)).isEqualTo(Duration.ofSeconds(2));
		// a throttled shared bucket gives every share nothing
		buckets.throttle(shared.name(), Duration.ofSeconds(3), T0.plusSeconds(1));
		assertThat(buckets.take(shared, List.of(new RateBuckets.Share(next, 1, List.of(T0.plusSeconds(2)))),
				T0.plusSeconds(2))).extracting(RateBuckets.Grant::granted).containsExactly(0);
		assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> buckets.take(shared,
				List.of(new RateBuckets.Share(next, 1, List.of(T0.plusSeconds(9))),
						new RateBuckets.Share(next, 1, List.of(T0.plusSeconds(9)))),
				T0.plusSeconds(9)))).hasMessageContaining("a bucket in two shares");
	}

	@Test
	void severalTakersShareOneBudget() {
		String name = "test:" + UUID.randomUUID();
		int total = 0;
		for (int second = 0; second < 10; second++) {
			for (int taker = 0; taker < 3; taker++) {
				total += buckets.take(name, 100, 20, 20, 0.02, T0.plusSeconds(second));
			}
		}
		// 20 at the start, then 20 a second for 9 seconds, however many ask
		assertThat(total).isEqualTo(20 + 9 * 20);
	}

	@Test
	void aThrottleStopsTheBucketUntilRetryAfterThenHalvesTheRateAndRecovers() {
		String name = "test:" + UUID.randomUUID();
		buckets.take(name, 100, 100, 100, 0.1, T0);
		buckets.throttle(name, Duration.ofSeconds(5), T0);

		assertThat(buckets.take(name, 100, 100, 100, 0.1, T0.plusSeconds(4))).isZero();
		// one second after the pause: half the rate
		int halved = buckets.take(name, 1000, 100, 1000, 0.0, T0.plusSeconds(6));
		assertThat(halved).isBetween(49, 51);
		// the factor grows back by 0.1 a second: after 10 more seconds the full rate again
		buckets.take(name, 1000, 100, 1000, 0.1, T0.plusSeconds(16));
		assertThat(buckets.take(name, 1000, 100, 1000, 0.1, T0.plusSeconds(17))).isBetween(99, 101);
	}

	@Test
	void aTakeFromSeveralBucketsGrantsWhatTheEmptiestHoldsAndTakesItFromEach() {
		RateBuckets.Bucket wide = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 100, 50, 0.02);
		RateBuckets.Bucket narrow = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 2, 2, 1.0);

		RateBuckets.Grant first = buckets.take(List.of(wide, narrow), 10, T0);
		RateBuckets.Grant second = buckets.take(List.of(wide, narrow), 10, T0);

		assertThat(first.granted()).isEqualTo(2);
		assertThat(second.granted()).isZero();
		// the wide bucket gave the same two tokens: 48 left of its 50
		assertThat(buckets.take(wide.name(), 100, 100, 50, 0.02, T0)).isEqualTo(48);
	}

	@Test
	void aGrantSaysWhenTheBucketsHoldABatchAgainNotJustOneToken() {
		RateBuckets.Bucket bucket = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 50, 5, 0.02);

		RateBuckets.Grant grant = buckets.take(List.of(bucket), 100, T0);

		assertThat(grant.granted()).isEqualTo(5);
		// 4 of its 5 tokens (a margin below full, so a late round loses nothing) at 50 a second
		assertThat(grant.untilRefilled()).isBetween(Duration.ofMillis(80), Duration.ofMillis(81));
		assertThat(buckets.take(List.of(bucket), 100, T0.plus(grant.untilRefilled()).plusMillis(1)).granted())
			.isEqualTo(4);
	}

	@Test
	void aBucketWithAReserveHoldsItWhileBusyAndOnlyItsIdleCapacityAfterAQuietSpell() {
		// 100 a second, a capacity of 40 while busy, 20 after a quiet spell (no take for 2 x 40 tokens' refill)
		RateBuckets.Bucket bucket = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 100, 40, 0.02, Duration.ZERO,
				0, 20, 20);

		RateBuckets.Grant first = buckets.take(List.of(bucket), 100, T0);
		// a taker 300 ms late finds all 30 that refilled meanwhile, more than the idle capacity
		RateBuckets.Grant late = buckets.take(List.of(bucket), 100, T0.plusMillis(300));
		// 600 ms later still, the 40 it may hold while busy
		RateBuckets.Grant later = buckets.take(List.of(bucket), 100, T0.plusMillis(900));
		// after a second without takes: only the idle capacity, as the estimate from the last take says too
		Instant quiet = T0.plusMillis(1900);
		double estimate = bucket.tokensAt(later.states().get(0), T0.plusMillis(900), quiet);
		RateBuckets.Grant afterQuiet = buckets.take(List.of(bucket), 100, quiet);

		// first used, it starts with its idle capacity
		assertThat(first.granted()).isEqualTo(20);
		assertThat(late.granted()).isEqualTo(30);
		assertThat(later.granted()).isEqualTo(40);
		assertThat(estimate).isEqualTo(20);
		assertThat(afterQuiet.granted()).isEqualTo(20);
	}

	@Test
	void aThrottledBucketSaysToWaitUntilRetryAfter() {
		RateBuckets.Bucket bucket = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 100, 10, 0.02);
		buckets.take(List.of(bucket), 1, T0);
		buckets.throttle(bucket.name(), Duration.ofSeconds(3), T0);

		RateBuckets.Grant grant = buckets.take(List.of(bucket), 1, T0.plusSeconds(1));

		assertThat(grant.granted()).isZero();
		assertThat(grant.untilRefilled()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void aBucketRowDeletedBehindItsBackStartsAgainWithItsIdleCapacity() {
		RateBuckets.Bucket bucket = new RateBuckets.Bucket("test:" + UUID.randomUUID(), 1, 3, 0.02);
		buckets.take(List.of(bucket), 3, T0);
		jdbc.sql("delete from rate_bucket where name = ?").param(bucket.name()).update();

		assertThat(buckets.take(List.of(bucket), 3, T0).granted()).isEqualTo(3);
	}

}
