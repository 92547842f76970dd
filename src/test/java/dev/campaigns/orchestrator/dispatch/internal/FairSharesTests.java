package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.campaigns.orchestrator.dispatch.internal.FairShares.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** How a round's budget is shared between campaigns with work due. */
class FairSharesTests {

	private static final Instant NOW = Instant.parse("2030-01-07T10:00:00Z");

	/** Never served, as the dispatcher passes it. */
	private static final Instant NEVER = Instant.MIN;

	private static final UUID A = id(1);

	private static final UUID B = id(2);

	private static final UUID C = id(3);

	private static final UUID D = id(4);

	@Test
	void theLeastRecentlyServedCampaignIsServedFirst() {
		Map<UUID, Integer> shares = FairShares.split(FairShares.MIN_SHARE, List.of(candidate(A, 100, NOW.minusSeconds(1)),
				candidate(B, 100, NOW.minusSeconds(3)), candidate(C, 100, NOW.minusSeconds(2))));

		assertThat(shares).containsExactly(entry(B, 8));
	}

	@Test
	void sharesComeInTurnOrderNeverServedFirstAndTiesByIdSoNoListOrderDecides() {
		Map<UUID, Integer> shares = FairShares.split(32, List.of(candidate(D, 100, NOW.minusSeconds(1)),
				candidate(C, 100, NEVER), candidate(B, 100, NOW.minusSeconds(5)), candidate(A, 100, NEVER)));

		assertThat(new ArrayList<>(shares.keySet())).containsExactly(A, C, B, D);
	}

	@Test
	void aCampaignIsNeverGivenMoreThanItsRoom() {
		Map<UUID, Integer> shares = FairShares.split(100, List.of(candidate(A, 5, NEVER), candidate(B, 10, NEVER)));

		assertThat(shares).containsExactly(entry(A, 5), entry(B, 10));
	}

	@Test
	void whatOneCampaignCannotUseGoesToTheNext() {
		// 48 among 3: 16 each, but A can use only 4, so B and C share the 44 left
		Map<UUID, Integer> shares = FairShares.split(48,
				List.of(candidate(A, 4, NEVER), candidate(B, 100, NEVER), candidate(C, 100, NEVER)));

		assertThat(shares).containsExactly(entry(A, 4), entry(B, 22), entry(C, 22));
	}

	@Test
	void whatTheSharersCannotUseGoesToCampaignsBeyondThem() {
		// 24 is 3 shares of 8; A and B take 2 each, so C takes the 20 left and D nothing
		Map<UUID, Integer> shares = FairShares.split(24, List.of(candidate(A, 2, NEVER), candidate(B, 2, NEVER),
				candidate(C, 100, NEVER), candidate(D, 100, NEVER)));

		assertThat(shares).containsExactly(entry(A, 2), entry(B, 2), entry(C, 20));
	}

	@ParameterizedTest(name = "a budget of {0} among 10 goes to {1}")
	@CsvSource(textBlock = """
			 1,  1
			 7,  1
			 8,  1
			15,  1
			16,  2
			24,  3
			79,  9
			80, 10
			1000, 10
			""")
	void theBudgetIsSplitAmongAtMostOneCampaignPerMinimumShare(int budget, int sharing) {
		List<Candidate> candidates = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			candidates.add(candidate(id(i), 1000, NOW.minusSeconds(i)));
		}

		Map<UUID, Integer> shares = FairShares.split(budget, candidates);

		assertThat(shares).hasSize(sharing);
		assertThat(shares.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(budget);
		assertThat(shares.values()).allSatisfy(share -> assertThat(share)
			.isGreaterThanOrEqualTo(Math.min(budget, FairShares.MIN_SHARE)));
		int least = shares.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
		int most = shares.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
		assertThat(most - least).as("even shares").isLessThanOrEqualTo(1);
	}

	@Test
	void campaignsWithNoRoomAreGivenNothingAndAreAbsent() {
		Map<UUID, Integer> shares = FairShares.split(16,
				List.of(candidate(A, 0, NEVER), candidate(B, -3, NEVER), candidate(C, 100, NOW)));

		assertThat(shares).containsExactly(entry(C, 16));
	}

	@Test
	void noBudgetOrNoCandidatesGiveNothing() {
		assertThat(FairShares.split(0, List.of(candidate(A, 100, NEVER)))).isEmpty();
		assertThat(FairShares.split(100, List.of())).isEmpty();
	}

	@Test
	void everyShareIsPositiveWithinItsRoomAndNothingIsLeftUnusedWhileACampaignHasRoom() {
		Random random = new Random(42);
		for (int round = 0; round < 2000; round++) {
			int budget = random.nextInt(200);
			List<Candidate> candidates = new ArrayList<>();
			Map<UUID, Integer> rooms = new HashMap<>();
			int totalRoom = 0;
			int count = random.nextInt(12);
			for (int i = 0; i < count; i++) {
				int room = random.nextInt(60) - 5;
				candidates.add(candidate(id(i + 1), room,
						random.nextBoolean() ? NEVER : NOW.minusMillis(random.nextInt(10_000))));
				rooms.put(id(i + 1), room);
				totalRoom += Math.max(0, room);
			}

			Map<UUID, Integer> shares = FairShares.split(budget, candidates);

			int given = shares.values().stream().mapToInt(Integer::intValue).sum();
			shares.forEach((id, share) -> assertThat(share).isPositive().isLessThanOrEqualTo(rooms.get(id)));
			// water-filling: nothing is left unused while a campaign has room
			assertThat(given).isEqualTo(Math.min(budget, totalRoom));
			if (budget > 0 && totalRoom > 0) {
				assertThat(shares).isNotEmpty();
			}
		}
	}

	@Test
	void aHugeCampaignAndASmallOneAreBothServedOverConsecutiveRoundsOfASmallBudget() {
		UUID huge = A;
		UUID small = B;
		Map<UUID, Integer> room = new LinkedHashMap<>(Map.of(huge, 1_000_000, small, 5));
		Map<UUID, Instant> lastServed = new HashMap<>();
		List<Map<UUID, Integer>> rounds = new ArrayList<>();
		Instant now = NOW;
		for (int round = 0; round < 6; round++) {
			Map<UUID, Integer> shares = share(3, room, lastServed, now);
			rounds.add(shares);
			Instant served = now;
			shares.forEach((id, share) -> {
				room.merge(id, -share, Integer::sum);
				lastServed.put(id, served);
			});
			now = now.plus(Duration.ofMillis(300));
		}

		// one campaign a round, taking turns, until the small one has had its five; what it
		// cannot use of its last turn goes to the huge one
		assertThat(rounds.get(0)).containsExactly(entry(huge, 3));
		assertThat(rounds.get(1)).containsExactly(entry(small, 3));
		assertThat(rounds.get(2)).containsExactly(entry(huge, 3));
		assertThat(rounds.get(3)).containsExactly(entry(small, 2), entry(huge, 1));
		assertThat(rounds.get(4)).containsExactly(entry(huge, 3));
		assertThat(rounds.get(5)).containsExactly(entry(huge, 3));
		assertThat(room.get(small)).isZero();
	}

	@Test
	void aSmallCampaignAmongManyHugeOnesIsServedWithinAsManyRoundsAsThereAreCampaigns() {
		Map<UUID, Integer> room = new LinkedHashMap<>();
		for (int i = 1; i <= 9; i++) {
			room.put(id(i), 1_000_000);
		}
		UUID small = id(10);
		room.put(small, 4);
		Map<UUID, Instant> lastServed = new HashMap<>();
		int servedInRound = -1;
		Instant now = NOW;
		for (int round = 0; round < 10 && servedInRound < 0; round++) {
			Map<UUID, Integer> shares = share(FairShares.MIN_SHARE, room, lastServed, now);
			if (shares.containsKey(small)) {
				servedInRound = round;
			}
			Instant served = now;
			shares.keySet().forEach(id -> lastServed.put(id, served));
			now = now.plus(Duration.ofMillis(300));
		}

		assertThat(servedInRound).isEqualTo(9);
	}

	private static Map<UUID, Integer> share(int budget, Map<UUID, Integer> room, Map<UUID, Instant> lastServed,
			Instant now) {
		List<Candidate> candidates = room.entrySet()
			.stream()
			.map(e -> candidate(e.getKey(), e.getValue(), lastServed.getOrDefault(e.getKey(), NEVER)))
			.toList();
		return FairShares.split(budget, candidates);
	}

	private static Candidate candidate(UUID id, int room, Instant lastServed) {
		return new Candidate(id, room, lastServed);
	}

	private static UUID id(int n) {
		return new UUID(0, n);
	}

}
