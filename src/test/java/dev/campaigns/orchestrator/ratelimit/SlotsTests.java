package dev.campaigns.orchestrator.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import dev.campaigns.orchestrator.ratelimit.Slots.Lane;
import dev.campaigns.orchestrator.ratelimit.Slots.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The pure GCRA core: every granted request gets a send instant that conforms to every
 * budget it keeps. Everything runs on fixed instants.
 */
class SlotsTests {

	private static final Instant NOW = Instant.parse("2030-01-07T10:00:00Z");

	private static final Instant FAR = NOW.plus(Duration.ofDays(1));

	static Stream<Arguments> tables() {
		return Stream.of(arguments(50, 5), arguments(500, 50), arguments(10, 1), arguments(1000, 200),
				arguments(3, 1.5));
	}

	@Test
	void aFreshBudgetLetsItsToleranceWorthGoAtOnceThenSpacesSlotsByTheInterval() {
		// 10/s with a burst of 5: interval 100 ms, tolerance 200 ms, so 200/100 + 1 = 3 go at once
		Pace pace = new Pace("global", 10, 5);

		Plan plan = Slots.schedule(List.of(pace), List.of(lane("a", null, 8, NOW)), Map.of(), NOW, FAR);

		assertThat(plan.of("a")).containsExactly(NOW, NOW, NOW, NOW.plusMillis(100), NOW.plusMillis(200),
				NOW.plusMillis(300), NOW.plusMillis(400), NOW.plusMillis(500));
		assertThat(plan.states().get("global").tat()).isEqualTo(NOW.plusMillis(800));
	}

	@ParameterizedTest(name = "{0}/s, burst {1}")
	@MethodSource("tables")
	void aFreshBudgetLetsToleranceOverIntervalPlusOneGoAtNowThenSlotsAreOneIntervalApart(double perSecond,
			double burst) {
		Pace pace = new Pace("global", perSecond, burst);
		long atOnce = pace.tolerance().toNanos() / pace.interval().toNanos() + 1;
		int requests = (int) atOnce + 20;

		List<Instant> slots = Slots.schedule(List.of(pace), List.of(lane("a", null, requests, NOW)), Map.of(), NOW, FAR)
			.of("a");

		assertThat(slots).hasSize(requests);
		assertThat(slots.stream().filter(NOW::equals).count()).isEqualTo(atOnce);
		assertThat(slots.get((int) atOnce)).isAfter(NOW);
		for (int i = (int) atOnce + 1; i < requests; i++) {
			assertThat(Duration.between(slots.get(i - 1), slots.get(i))).isEqualTo(pace.interval());
		}
		// the burst is at most what the tolerance allows: about burst / 2
		assertThat((double) atOnce).isLessThanOrEqualTo(Math.max(1, (burst - 1) / 2 + 1));
	}

	@Test
	void aSlotIsNeverBeforeItsRequestsOwnEarliestInstantNorBeforeNow() {
		Pace pace = new Pace("global", 10, 1);
		Lane lane = new Lane("a", null, List.of(NOW.minus(Duration.ofHours(1)), NOW.plusSeconds(2),
				NOW.minusSeconds(5), NOW.plusSeconds(2), NOW.plusSeconds(10)));

		List<Instant> slots = Slots.schedule(List.of(pace), List.of(lane), Map.of(), NOW, FAR).of("a");

		// served in the order given: the third, due long ago, waits behind the second and the pace
		assertThat(slots).containsExactly(NOW, NOW.plusSeconds(2), NOW.plusMillis(2100), NOW.plusMillis(2200),
				NOW.plusSeconds(10));
	}

	@Test
	void aBudgetThatIsStillBusyFromEarlierRoundsGrantsItsFirstSlotAtItsTatLessTheTolerance() {
		Pace pace = new Pace("global", 10, 5);
		Map<String, PaceState> states = Map.of("global", new PaceState(NOW.plusSeconds(1), 1, NOW, null));

		List<Instant> slots = Slots.schedule(List.of(pace), List.of(lane("a", null, 3, NOW)), states, NOW, FAR)
			.of("a");

		assertThat(slots).containsExactly(NOW.plusMillis(800), NOW.plusMillis(900), NOW.plusMillis(1000));
	}

	@Test
	void requestsWhoseSlotFallsAfterTheHorizonGetNone() {
		Pace pace = new Pace("global", 10, 1);

		Plan plan = Slots.schedule(List.of(pace), List.of(lane("a", null, 10, NOW)), Map.of(), NOW,
				NOW.plusMillis(400));

		// a slot exactly at the horizon is granted
		assertThat(plan.of("a")).containsExactly(NOW, NOW.plusMillis(100), NOW.plusMillis(200), NOW.plusMillis(300),
				NOW.plusMillis(400));
		// only granted slots move the budget on
		assertThat(plan.states().get("global").tat()).isEqualTo(NOW.plusMillis(500));
	}

	@Test
	void aRequestDueAfterTheHorizonGetsNoSlotAndTakesNothingFromTheBudget() {
		Pace pace = new Pace("global", 10, 1);
		Lane late = new Lane("a", null, List.of(NOW.plusSeconds(5)));

		Plan plan = Slots.schedule(List.of(pace), List.of(late), Map.of(), NOW, NOW.plusSeconds(1));

		assertThat(plan.of("a")).isEmpty();
		assertThat(plan.states()).doesNotContainKey("global");
	}

	@Test
	void twoLanesSharingACommonPaceInterleaveByEarliestSlotAndEachKeepsItsOwnSpacing() {
		Pace global = new Pace("global", 100, 1);
		Pace slow = new Pace("campaign:a", 10, 1);
		Pace fast = new Pace("campaign:b", 20, 1);

		Plan plan = Slots.schedule(List.of(global), List.of(lane("a", slow, 20, NOW), lane("b", fast, 20, NOW)),
				Map.of(), NOW, NOW.plusMillis(300));

		assertThat(plan.of("a")).containsExactly(NOW, NOW.plusMillis(100), NOW.plusMillis(200), NOW.plusMillis(300));
		// b waits one global interval behind a's first slot, then keeps its own 50 ms
		assertThat(plan.of("b")).containsExactly(NOW.plusMillis(10), NOW.plusMillis(60), NOW.plusMillis(110),
				NOW.plusMillis(160), NOW.plusMillis(210), NOW.plusMillis(260));
		assertThat(plan.states().get("campaign:a").tat()).isEqualTo(NOW.plusMillis(400));
		assertThat(plan.states().get("campaign:b").tat()).isEqualTo(NOW.plusMillis(310));
		assertThat(plan.states().get("global").tat()).isEqualTo(NOW.plusMillis(310));
	}

	@Test
	void lanesLimitedOnlyByTheCommonPaceAreServedByEarliestSlotAndTiesAlternate() {
		Pace global = new Pace("global", 10, 1);
		Lane later = new Lane("a", null, List.of(NOW.plusSeconds(1), NOW.plusSeconds(1)));
		Lane sooner = new Lane("b", null, List.of(NOW, NOW));

		Plan byEarliest = Slots.schedule(List.of(global), List.of(later, sooner), Map.of(), NOW, FAR);
		Plan tied = Slots.schedule(List.of(global), List.of(lane("a", null, 3, NOW), lane("b", null, 3, NOW)),
				Map.of(), NOW, FAR);

		assertThat(byEarliest.of("b")).containsExactly(NOW, NOW.plusMillis(100));
		assertThat(byEarliest.of("a")).containsExactly(NOW.plusSeconds(1), NOW.plusMillis(1100));
		// a tie goes to the lane served least so far: the two alternate
		assertThat(tied.of("a")).containsExactly(NOW, NOW.plusMillis(200), NOW.plusMillis(400));
		assertThat(tied.of("b")).containsExactly(NOW.plusMillis(100), NOW.plusMillis(300), NOW.plusMillis(500));
	}

	@Test
	void aLaneWhoseOwnPaceIsBusyDoesNotHoldUpTheOthers() {
		Pace global = new Pace("global", 100, 1);
		Pace busy = new Pace("campaign:a", 1, 1);
		Map<String, PaceState> states = Map.of("campaign:a", new PaceState(NOW.plusSeconds(10), 1, NOW, null));

		Plan plan = Slots.schedule(List.of(global), List.of(lane("a", busy, 1, NOW), lane("b", null, 3, NOW)),
				states, NOW, NOW.plusSeconds(1));

		assertThat(plan.of("a")).isEmpty();
		assertThat(plan.of("b")).containsExactly(NOW, NOW.plusMillis(10), NOW.plusMillis(20));
	}

	@ParameterizedTest(name = "{0}/s, burst {1}")
	@MethodSource("tables")
	void noSpanOfOneSecondPlusLatenessHoldsMoreSlotsThanTheRatePlusTheBurst(double perSecond, double burst) {
		Pace global = new Pace("global", perSecond, burst);
		for (long seed = 1; seed <= 5; seed++) {
			Random random = new Random(seed);
			List<Lane> lanes = randomLanes(global, random, (int) Math.ceil(perSecond * 5), seed % 2 == 0);

			Plan plan = Slots.schedule(List.of(global), lanes, Map.of(), NOW, FAR);

			assertGranted(lanes, plan, NOW);
			assertKeepsTheBound(global, allSlots(plan, lanes));
			for (Lane lane : lanes) {
				if (lane.own() != null) {
					assertKeepsTheBound(lane.own(), plan.of(lane.name()));
				}
			}
		}
	}

	@ParameterizedTest(name = "{0}/s, burst {1}")
	@MethodSource("tables")
	void roundAfterRoundWithTheStatesCarriedOverTheBoundStillHolds(double perSecond, double burst) {
		Pace global = new Pace("global", perSecond, burst);
		Random random = new Random(7);
		List<Lane> lanes = randomLanes(global, random, (int) Math.ceil(perSecond * 5), true);
		Map<String, List<Instant>> granted = new HashMap<>();
		Map<String, PaceState> states = Map.of();
		Duration lookahead = Duration.ofMillis(300);
		Instant now = NOW;
		List<Lane> remaining = lanes;
		while (remaining.stream().anyMatch(lane -> !lane.earliest().isEmpty())) {
			assertThat(now).as("all requests are served in time").isBefore(NOW.plusSeconds(120));
			Instant horizon = now.plus(lookahead);
			Plan plan = Slots.schedule(List.of(global), remaining, states, now, horizon);
			for (Lane lane : remaining) {
				Instant roundNow = now;
				assertThat(plan.of(lane.name())).allSatisfy(slot -> assertThat(slot).isBetween(roundNow, horizon));
				granted.computeIfAbsent(lane.name(), name -> new ArrayList<>()).addAll(plan.of(lane.name()));
			}
			remaining = remaining.stream()
				.map(lane -> new Lane(lane.name(), lane.own(),
						lane.earliest().subList(plan.of(lane.name()).size(), lane.earliest().size())))
				.toList();
			states = plan.states();
			now = now.plus(lookahead);
		}
		Plan all = new Plan(granted, states);

		assertGranted(lanes, all, NOW);
		assertKeepsTheBound(global, allSlots(all, lanes));
		for (Lane lane : lanes) {
			if (lane.own() != null) {
				assertKeepsTheBound(lane.own(), all.of(lane.name()));
			}
		}
	}

	@ParameterizedTest(name = "{0}/s, burst {1}")
	@MethodSource("tables")
	void aLongBacklogIsServedAtLeastAtNinetyNinePercentOfTheRate(double perSecond, double burst) {
		Pace global = new Pace("global", perSecond, burst);
		int backlog = (int) Math.ceil(perSecond * 10);
		List<Lane> lanes = List.of(lane("a", null, backlog, NOW), lane("b", null, backlog, NOW),
				lane("c", null, backlog, NOW));

		Plan plan = Slots.schedule(List.of(global), lanes, Map.of(), NOW, NOW.plusSeconds(7));

		List<Instant> slots = allSlots(plan, lanes);
		Instant from = NOW.plusSeconds(1);
		Instant to = from.plusSeconds(5);
		long steady = slots.stream().filter(slot -> !slot.isBefore(from) && slot.isBefore(to)).count();
		assertThat((double) steady).isGreaterThanOrEqualTo(0.99 * perSecond * 5);
		long first = slots.stream().filter(slot -> slot.isBefore(NOW.plusSeconds(5))).count();
		assertThat((double) first).isGreaterThanOrEqualTo(0.99 * perSecond * 5);
	}

	@ParameterizedTest(name = "{0}/s, burst {1}")
	@MethodSource("tables")
	void aLongBacklogScheduledRoundAfterRoundIsServedAtLeastAtNinetyNinePercentOfTheRate(double perSecond,
			double burst) {
		Pace global = new Pace("global", perSecond, burst);
		int backlog = (int) Math.ceil(perSecond * 10);
		List<Lane> lanes = List.of(lane("a", null, backlog, NOW), lane("b", null, backlog, NOW));
		Map<String, PaceState> states = Map.of();
		List<Instant> slots = new ArrayList<>();
		for (Instant now = NOW; now.isBefore(NOW.plusSeconds(7)); now = now.plusMillis(300)) {
			Plan plan = Slots.schedule(List.of(global), lanes, states, now, now.plusMillis(300));
			slots.addAll(plan.of("a"));
			slots.addAll(plan.of("b"));
			Plan granted = plan;
			lanes = lanes.stream()
				.map(lane -> new Lane(lane.name(), lane.own(),
						lane.earliest().subList(granted.of(lane.name()).size(), lane.earliest().size())))
				.toList();
			states = plan.states();
		}

		Instant from = NOW.plusSeconds(1);
		Instant to = from.plusSeconds(5);
		long steady = slots.stream().filter(slot -> !slot.isBefore(from) && slot.isBefore(to)).count();
		assertThat((double) steady).isGreaterThanOrEqualTo(0.99 * perSecond * 5);
		Collections.sort(slots);
		assertKeepsTheBound(global, slots);
	}

	private static Lane lane(String name, Pace own, int requests, Instant earliest) {
		return new Lane(name, own, Collections.nCopies(requests, earliest));
	}

	/**
	 * Four lanes sharing {@code requests} with random earliest instants from 1 s ago to 5 s ahead
	 * (clustered: a few instants each shared by many), half of them with budgets of their own.
	 */
	private static List<Lane> randomLanes(Pace global, Random random, int requests, boolean clustered) {
		int laneCount = 4;
		List<List<Instant>> earliest = new ArrayList<>();
		for (int i = 0; i < laneCount; i++) {
			earliest.add(new ArrayList<>());
		}
		List<Instant> clusters = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			clusters.add(randomInstant(random));
		}
		for (int i = 0; i < requests; i++) {
			Instant at = clustered ? clusters.get(random.nextInt(clusters.size())) : randomInstant(random);
			earliest.get(random.nextInt(laneCount)).add(at);
		}
		List<Lane> lanes = new ArrayList<>();
		for (int i = 0; i < laneCount; i++) {
			List<Instant> due = earliest.get(i);
			Collections.sort(due);
			Pace own = i % 2 == 0 ? null
					: new Pace("campaign:" + i, global.perSecond() / 2, Math.max(1, global.burst() / 2));
			lanes.add(new Lane("lane-" + i, own, due));
		}
		return lanes;
	}

	private static Instant randomInstant(Random random) {
		return NOW.minusSeconds(1).plusNanos((long) (random.nextDouble() * 6e9));
	}

	private static List<Instant> allSlots(Plan plan, List<Lane> lanes) {
		List<Instant> slots = new ArrayList<>();
		for (Lane lane : lanes) {
			slots.addAll(plan.of(lane.name()));
		}
		Collections.sort(slots);
		return slots;
	}

	/** Every request got a slot, none before its own earliest instant nor before {@code now}. */
	private static void assertGranted(List<Lane> lanes, Plan plan, Instant now) {
		for (Lane lane : lanes) {
			List<Instant> slots = plan.of(lane.name());
			assertThat(slots).as(lane.name()).hasSameSizeAs(lane.earliest());
			for (int i = 0; i < slots.size(); i++) {
				assertThat(slots.get(i)).isAfterOrEqualTo(lane.earliest().get(i)).isAfterOrEqualTo(now);
				if (i > 0) {
					assertThat(slots.get(i)).as("a lane's slots keep its order").isAfterOrEqualTo(slots.get(i - 1));
				}
			}
		}
	}

	/** No span [t, t + 1 s + lateness) holds more than perSecond + burst of the sorted slots. */
	private static void assertKeepsTheBound(Pace pace, List<Instant> sorted) {
		List<Instant> slots = new ArrayList<>(sorted);
		Collections.sort(slots);
		Duration span = Duration.ofSeconds(1).plus(pace.lateness());
		int most = 0;
		int end = 0;
		for (int start = 0; start < slots.size(); start++) {
			Instant until = slots.get(start).plus(span);
			while (end < slots.size() && slots.get(end).isBefore(until)) {
				end++;
			}
			most = Math.max(most, end - start);
		}
		assertThat((double) most).as("most slots of %s in any %s", pace, span)
			.isLessThanOrEqualTo(pace.perSecond() + pace.burst());
	}

}
