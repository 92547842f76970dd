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
		Map<UUID, Integer> shares = FairShares.split(FairShares.MIN_SHARE,
				List.of(candidate(A, 100, NOW.minusSeconds(1)), candidate(B, 100, NOW.minusSeconds(3)),
						candidate(C, 100, NOW.minusSeconds(2))),
				NOW);

		assertThat(shares).containsExactly(entry(B, 8));
	}

	@Test
	void sharesComeInTurnOrderNeverServedFirstAndTiesByIdSoNoListOrderDecides() {
		Map<UUID, Integer> shares = FairShares.split(32, List.of(candidate(D, 100, NOW.minusSeconds(1)),
				candidate(C, 100, NEVER), candidate(B, 100, NOW.minusSeconds(5)), candidate(A, 100, NEVER)), NOW);

		assertThat(new ArrayList<>(shares.keySet())).containsExactly(A, C, B, D);
	}

	@Test
	void aCampaignIsNeverGivenMoreThanItsRoom() {
		Map<UUID, Integer> shares = FairShares.split(100, List.of(candidate(A, 5, NEVER), candidate(B, 10, NEVER)), NOW);

		assertThat(shares).containsExactly(entry(A, 5), entry(B, 10));
	}

	@Test
	void whatOneCampaignCannotUseGoesToTheNext() {
		// 48 among 3: 16 each, but A can use only 4, so B and C share the 44 left
		Map<UUID, Integer> shares = FairShares.split(48,
				List.of(candidate(A, 4, NEVER), candidate(B, 100, NEVER), candidate(C, 100, NEVER)), NOW);

		assertThat(shares).containsExactly(entry(A, 4), entry(B, 22), entry(C, 22));
	}

	@Test
	void whatTheSharersCannotUseGoesToCampaignsBeyondThem() {
		// 24 is 3 shares of 8; A and B take 2 each, so C takes the 20 left and D nothing
		Map<UUID, Integer> shares = FairShares.split(24, List.of(candidate(A, 2, NEVER), candidate(B, 2, NEVER),
				candidate(C, 100, NEVER), candidate(D, 100, NEVER)), NOW);

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

		Map<UUID, Integer> shares = FairShares.split(budget, candidates, NOW);

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
				List.of(candidate(A, 0, NEVER), candidate(B, -3, NEVER), candidate(C, 100, NOW)), NOW);

		assertThat(shares).containsExactly(entry(C, 16));
	}

	@Test
	void noBudgetOrNoCandidatesGiveNothing() {
		assertThat(FairShares.split(0, List.of(candidate(A, 100, NEVER)), NOW)).isEmpty();
		assertThat(FairShares.split(100, List.of(), NOW)).isEmpty();
	}

	@Test
	void everyShareIsPositiveWithinItsRoomAndNothingIsLeftUnusedWhileACampaignHasRoomWhateverThePriorities() {
		Random random = new Random(42);
		for (int round = 0; round < 2000; round++) {
			int budget = random.nextInt(200);
			List<Candidate> candidates = new ArrayList<>();
			Map<UUID, Integer> rooms = new HashMap<>();
			int totalRoom = 0;
			int count = random.nextInt(12);
			for (int i = 0; i < count; i++) {
				int room = random.nextInt(60) - 5;
				candidates.add(new Candidate(id(i + 1), room,
						random.nextBoolean() ? NEVER : NOW.minusMillis(random.nextInt(10_000)), 1 + random.nextInt(5)));
				rooms.put(id(i + 1), room);
				totalRoom += Math.max(0, room);
			}

			Map<UUID, Integer> shares = FairShares.split(budget, candidates, NOW);

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

	@ParameterizedTest(name = "a budget of {0} between priorities {1} and {2} gives {3} and {4}")
	@CsvSource(textBlock = """
			  16, 5, 1,   8,  8
			  42, 5, 1,  33,  9
			 100, 5, 1,  88, 12
			1000, 5, 1, 935, 65
			 100, 5, 4,  64, 36
			 100, 2, 1,  64, 36
			 100, 3, 3,  50, 50
			""")
	void aShortBudgetIsSharedInProportionToTheWeightsBeyondABatchEach(int budget, int priorityA, int priorityB,
			int shareA, int shareB) {
		// a batch of 8 each, then the rest by weight 2^(priority - 1): 16 to 1 between priorities 5 and 1
		Map<UUID, Integer> shares = FairShares.split(budget,
				List.of(new Candidate(A, 1_000_000, NEVER, priorityA), new Candidate(B, 1_000_000, NEVER, priorityB)),
				NOW);

		assertThat(shares).containsOnly(entry(A, shareA), entry(B, shareB));
	}

	@Test
	void anAmpleBudgetGivesEveryCampaignItsRoomWhateverItsPriority() {
		Map<UUID, Integer> shares = FairShares.split(500, List.of(new Candidate(A, 200, NEVER, 1),
				new Candidate(B, 20, NEVER, 5), new Candidate(C, 100, NOW.minusSeconds(1), 3)), NOW);

		assertThat(shares).containsOnly(entry(A, 200), entry(B, 20), entry(C, 100));
	}

	@Test
	void whatAnUrgentCampaignCannotUseGoesToALowPriorityOne() {
		Map<UUID, Integer> shares = FairShares.split(150,
				List.of(new Candidate(A, 1_000_000, NEVER, 1), new Candidate(B, 20, NEVER, 5)), NOW);

		assertThat(shares).containsOnly(entry(A, 130), entry(B, 20));
	}

	@ParameterizedTest(name = "waited {0} s at priority 1 against 1 s at priority 5: {1} first")
	@CsvSource(textBlock = """
			 1, urgent
			16, urgent
			17, low
			""")
	void aTurnGoesToTheLongestWaitTimesTheWeightSoALowPriorityCampaignsClaimGrowsUntilItsTurn(int waited,
			String first) {
		// a budget for one campaign only: the turn decides; 16 s at weight 1 ties 1 s at weight 16, priority breaks it
		Map<UUID, Integer> shares = FairShares.split(FairShares.MIN_SHARE,
				List.of(new Candidate(A, 100, NOW.minusSeconds(waited), 1), new Candidate(B, 100, NOW.minusSeconds(1), 5)),
				NOW);

		assertThat(shares).containsOnlyKeys(first.equals("low") ? A : B);
	}

	@ParameterizedTest(name = "one priority-1 campaign among {0} priority-5 ones")
	@CsvSource({ "1", "2", "4" })
	void aLowPriorityCampaignIsServedAtLeastOnceEvery16TimesAsManyRoundsAsThereAreOthers(int urgent) {
		Map<UUID, Integer> priorities = new LinkedHashMap<>(Map.of(A, 1));
		for (int i = 0; i < urgent; i++) {
			priorities.put(id(10 + i), 5);
		}

		List<Map<UUID, Integer>> rounds = rounds(FairShares.MIN_SHARE, priorities, 300);

		// one campaign a round: the urgent ones take turns, the low one waits until its wait outweighs theirs
		int bound = 16 * urgent + 1;
		assertThat(gaps(rounds, A)).isNotEmpty().allSatisfy(gap -> assertThat(gap).isLessThanOrEqualTo(bound));
		long low = rounds.stream().filter(shares -> shares.containsKey(A)).count();
		assertThat(low).as("the low priority campaign's turns").isBetween(300L / bound, 300L / (16 * urgent) + 1);
	}

	@Test
	void noCampaignIsStarvedWhateverThePrioritiesAroundIt() {
		Random random = new Random(7);
		for (int trial = 0; trial < 100; trial++) {
			int count = 2 + random.nextInt(6);
			Map<UUID, Integer> priorities = new LinkedHashMap<>();
			for (int i = 0; i < count; i++) {
				priorities.put(id(i + 1), 1 + random.nextInt(5));
			}
			int budget = 1 + random.nextInt(3 * FairShares.MIN_SHARE);

			List<Map<UUID, Integer>> rounds = rounds(budget, priorities, 100 * count);

			// a campaign of weight w waits at most 32 (n - 1) / w rounds between its turns (one turn a round at least)
			priorities.forEach((id, priority) -> {
				int longest = gaps(rounds, id).stream().mapToInt(Integer::intValue).max().orElseThrow();
				if (longest > 32 * (count - 1) / (1 << (priority - 1)) + 1) {
					throw new AssertionError("priority " + priority + " among " + priorities + " waited " + longest
							+ " rounds at a budget of " + budget);
				}
			});
		}
	}

	@Test
	void anUrgentSmallCampaignFinishesFirstBesideAHugeLowPriorityOneAndTheHugeOneIsServedEveryRound() {
		UUID huge = A;
		UUID urgent = B;
		Map<UUID, Integer> room = new LinkedHashMap<>(Map.of(huge, 1_000_000, urgent, 20));
		Map<UUID, Instant> lastServed = new HashMap<>();
		List<Map<UUID, Integer>> rounds = new ArrayList<>();
		Instant now = NOW;
		for (int round = 0; round < 4; round++) {
			Instant at = now;
			Map<UUID, Integer> shares = FairShares.split(24,
					List.of(new Candidate(huge, room.get(huge), lastServed.getOrDefault(huge, NEVER), 1),
							new Candidate(urgent, room.get(urgent), lastServed.getOrDefault(urgent, NEVER), 5)),
					at);
			rounds.add(shares);
			shares.forEach((id, share) -> {
				room.merge(id, -share, Integer::sum);
				lastServed.put(id, at);
			});
			now = now.plus(Duration.ofMillis(300));
		}

		// 24 a round: a batch of 8 each and the other 8 by weight (16 to 1) to the urgent one; then it has 4 left
		assertThat(rounds.get(0)).containsExactly(entry(urgent, 16), entry(huge, 8));
		assertThat(rounds.get(1)).containsExactly(entry(urgent, 4), entry(huge, 20));
		assertThat(rounds.get(2)).containsExactly(entry(huge, 24));
		assertThat(rounds.get(3)).containsExactly(entry(huge, 24));
		assertThat(room.get(urgent)).isZero();
	}

	/** Rounds of {@code budget}, 300 ms apart, among campaigns with endless work and these priorities. */
	private static List<Map<UUID, Integer>> rounds(int budget, Map<UUID, Integer> priorities, int count) {
		Map<UUID, Instant> lastServed = new HashMap<>();
		List<Map<UUID, Integer>> rounds = new ArrayList<>();
		for (int round = 0; round < count; round++) {
			Instant now = NOW.plus(Duration.ofMillis(300L * round));
			List<Candidate> candidates = priorities.entrySet()
				.stream()
				.map(e -> new Candidate(e.getKey(), 1_000_000, lastServed.getOrDefault(e.getKey(), NEVER), e.getValue()))
				.toList();
			Map<UUID, Integer> shares = FairShares.split(budget, candidates, now);
			shares.keySet().forEach(id -> lastServed.put(id, now));
			rounds.add(shares);
		}
		return rounds;
	}

	/** How many rounds passed from the start, or from each of its turns, to its next turn (1: the very next round). */
	private static List<Integer> gaps(List<Map<UUID, Integer>> rounds, UUID id) {
		List<Integer> gaps = new ArrayList<>();
		int last = -1;
		for (int round = 0; round < rounds.size(); round++) {
			if (rounds.get(round).containsKey(id)) {
				gaps.add(round - last);
				last = round;
			}
		}
		gaps.add(rounds.size() - last);
		return gaps;
	}

	private static Map<UUID, Integer> share(int budget, Map<UUID, Integer> room, Map<UUID, Instant> lastServed,
			Instant now) {
		List<Candidate> candidates = room.entrySet()
			.stream()
			.map(e -> candidate(e.getKey(), e.getValue(), lastServed.getOrDefault(e.getKey(), NEVER)))
			.toList();
		return FairShares.split(budget, candidates, now);
	}

	/** A campaign of the default priority, 3. */
	private static Candidate candidate(UUID id, int room, Instant lastServed) {
		return new Candidate(id, room, lastServed, 3);
	}

	private static UUID id(int n) {
		return new UUID(0, n);
	}

}
