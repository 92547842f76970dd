package dev.campaigns.orchestrator.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.SlidingWindows;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate budgets' SQL edge on PostgreSQL, at chosen instants, with several replicas at once. */
@IntegrationTest
class RateLimitsIntegrationTests {

	static final Instant T0 = Instant.parse("2030-01-07T10:00:00Z");

	@Autowired
	RateLimits rateLimits;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void threeReplicasReservingAtOnceNeverGrantOneSecondPlusLatenessMoreThanTheRatePlusTheBurst() throws Exception {
		Pace global = new Pace("test:" + UUID.randomUUID(), 50, 5);
		// three replicas, each its own instance on the same rows, rounds every 20 ms for 10 simulated seconds
		List<RateLimits> replicas = List.of(new RateLimits(jdbc, transactions), new RateLimits(jdbc, transactions),
				new RateLimits(jdbc, transactions));
		ExecutorService threads = Executors.newFixedThreadPool(3);
		List<Future<List<Instant>>> granted = new ArrayList<>();
		for (RateLimits replica : replicas) {
			granted.add(threads.submit(() -> {
				List<Instant> slots = new ArrayList<>();
				for (int tick = 0; tick < 500; tick++) {
					Instant now = T0.plusMillis(20L * tick);
					List<Instant> due = Collections.nCopies(10, now);
					slots.addAll(replica.reserve(List.of(global), List.of(new Slots.Lane("a", null, due)), now,
							now.plusMillis(300)).of("a"));
				}
				return slots;
			}));
		}
		List<Instant> all = new ArrayList<>();
		for (Future<List<Instant>> future : granted) {
			all.addAll(future.get());
		}
		threads.shutdown();
		Collections.sort(all);

		assertThat(SlidingWindows.maxInWindow(all, Duration.ofSeconds(1).plus(global.lateness())))
			.isLessThanOrEqualTo(55);
		// no slot is lost between the replicas: the full rate over the 10 s, and the lookahead's reach beyond
		assertThat(all.size()).isBetween(500, 500 + 15 + 5);
	}

	@Test
	void aThrottleGrantsNothingUntilItEndsAndHalfTheRateAfter() {
		Pace pace = new Pace("test:" + UUID.randomUUID(), 10, 2);
		rateLimits.throttle(pace, Duration.ofSeconds(30), T0);

		List<Instant> during = reserve(pace, 5, T0.plusSeconds(10), T0.plusSeconds(20));
		List<Instant> after = reserve(pace, 5, T0.plusSeconds(30), T0.plusSeconds(40));

		assertThat(during).isEmpty();
		assertThat(after).hasSize(5);
		assertThat(after.get(0)).isEqualTo(T0.plusSeconds(30));
		// half the rate (a little more, growing back by 2 % a second): about 200 ms apart, not 100
		assertThat(Duration.between(after.get(3), after.get(4)).toMillis()).isBetween(150L, 200L);
	}

	@Test
	void aTakeGivesBackWhatItDidNotUseUnlessAnotherTookSince() {
		Pace pace = new Pace("test:" + UUID.randomUUID(), 10, 1);
		RateLimits.Take take = rateLimits.take(pace, 1, T0);
		assertThat(take.granted()).isEqualTo(1);
		rateLimits.giveBack(pace, take, 1, T0);
		assertThat(rateLimits.take(pace, 1, T0).granted()).as("given back").isEqualTo(1);

		RateLimits.Take first = rateLimits.take(pace, 1, T0.plusSeconds(1));
		RateLimits.Take other = rateLimits.take(pace, 1, T0.plusMillis(1100));
		rateLimits.giveBack(pace, first, 1, T0.plusMillis(1100));

		assertThat(other.granted()).isEqualTo(1);
		// the slot after the other's stays where it was: nothing is granted again before it
		assertThat(rateLimits.take(pace, 1, T0.plusMillis(1150)).granted()).isZero();
	}

	@Test
	void aBudgetWhoseRowWasDeletedStartsFreshAgain() {
		Pace pace = new Pace("test:" + UUID.randomUUID(), 10, 1);
		assertThat(reserve(pace, 3, T0, T0)).hasSize(1);
		jdbc.sql("delete from rate_limit where name = ?").param(pace.name()).update();

		assertThat(reserve(pace, 3, T0, T0)).hasSize(1);
	}

	private List<Instant> reserve(Pace pace, int wanted, Instant now, Instant horizon) {
		return rateLimits.reserve(List.of(pace), List.of(new Slots.Lane("a", null, Collections.nCopies(wanted, now))),
				now, horizon).of("a");
	}

}
