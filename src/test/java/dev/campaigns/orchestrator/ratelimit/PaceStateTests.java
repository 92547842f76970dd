package dev.campaigns.orchestrator.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.within;

/** A budget's shared state and the pace it keeps. Everything runs on fixed instants. */
class PaceStateTests {

	private static final Instant NOW = Instant.parse("2030-01-07T10:00:00Z");

	/** Interval 100 ms, tolerance 200 ms, lateness 100 ms. */
	private static final Pace PACE = new Pace("global", 10, 5);

	private static final Pace STRICT = new Pace("global", 10, 1);

	@Test
	void aPaceSharesItsBurstBetweenToleranceAndLateness() {
		assertThat(PACE.interval()).isEqualTo(Duration.ofMillis(100));
		assertThat(PACE.tolerance()).isEqualTo(Duration.ofMillis(200));
		assertThat(PACE.lateness()).isEqualTo(Duration.ofMillis(100));
		assertThat(STRICT.tolerance()).isZero();
		assertThat(STRICT.lateness()).isZero();
	}

	@ParameterizedTest(name = "rate {0}, burst {1}")
	@CsvSource(textBlock = """
			0,         1
			-1,        1
			NaN,       1
			Infinity,  1
			-Infinity, 1
			10,        0.99
			10,        0
			10,        -1
			10,        NaN
			""")
	void aPaceRefusesARateNotAboveZeroAndABurstBelowOne(double perSecond, double burst) {
		assertThatIllegalArgumentException().isThrownBy(() -> new Pace("global", perSecond, burst));
	}

	@ParameterizedTest(name = "rate {0}, burst {1}")
	@CsvSource(textBlock = """
			0.001, 1
			10,    1
			3,     1.5
			""")
	void aPaceTakesAnyRateAboveZeroAndABurstOfAtLeastOne(double perSecond, double burst) {
		assertThatNoException().isThrownBy(() -> new Pace("global", perSecond, burst));
	}

	@Test
	void aFreshStateGrantsItsFirstSlotAtOnceAtTheFullRate() {
		PaceState fresh = PaceState.fresh(NOW);

		assertThat(fresh.earliestSlot(PACE, NOW)).isEqualTo(NOW);
		assertThat(fresh.factorAt(NOW)).isEqualTo(1);
		assertThat(fresh.interval(PACE, NOW)).isEqualTo(Duration.ofMillis(100));
		assertThat(fresh.throttledUntil()).isNull();
	}

	@Test
	void theEarliestSlotIsTheTatLessTheToleranceButNeverBeforeNow() {
		assertThat(new PaceState(NOW.plusSeconds(1), 1, NOW, null).earliestSlot(PACE, NOW))
			.isEqualTo(NOW.plusMillis(800));
		assertThat(new PaceState(NOW.minusSeconds(10), 1, NOW, null).earliestSlot(PACE, NOW)).isEqualTo(NOW);
		assertThat(new PaceState(NOW.plusMillis(100), 1, NOW, null).earliestSlot(PACE, NOW)).isEqualTo(NOW);
	}

	@Test
	void aSlotMovesTheTatOneIntervalOnFromTheLaterOfTheTatAndTheSlot() {
		PaceState behind = new PaceState(NOW.minusSeconds(10), 1, NOW, null);
		PaceState ahead = new PaceState(NOW.plusSeconds(1), 1, NOW, null);

		assertThat(behind.after(PACE, NOW.plusMillis(50), NOW).tat()).isEqualTo(NOW.plusMillis(150));
		assertThat(ahead.after(PACE, NOW.plusMillis(800), NOW).tat()).isEqualTo(NOW.plusMillis(1100));
	}

	@Test
	void aThrottlePushesTheTatAndTheEarliestSlotToItsEndAndHalvesTheRate() {
		PaceState throttled = PaceState.fresh(NOW).throttled(NOW.plusSeconds(5), NOW);

		assertThat(throttled.tat()).isEqualTo(NOW.plusSeconds(5));
		assertThat(throttled.throttledUntil()).isEqualTo(NOW.plusSeconds(5));
		// the tolerance does not let a slot come before the throttle ends
		assertThat(throttled.earliestSlot(PACE, NOW)).isEqualTo(NOW.plusSeconds(5));
		assertThat(throttled.earliestSlot(PACE, NOW.plusSeconds(6))).isEqualTo(NOW.plusSeconds(6));
		assertThat(throttled.factor()).isEqualTo(0.5);
		// the halved rate holds from the throttle's end, and grows back only from then
		assertThat(throttled.factorAt()).isEqualTo(NOW.plusSeconds(5));
		assertThat(throttled.factorAt(NOW.plusSeconds(5))).isEqualTo(0.5);
	}

	@Test
	void aThrottleNeverPullsTheTatOrAnEarlierThrottleEndBack() {
		PaceState busy = new PaceState(NOW.plusSeconds(10), 1, NOW, null);

		PaceState throttled = busy.throttled(NOW.plusSeconds(5), NOW);
		assertThat(throttled.tat()).isEqualTo(NOW.plusSeconds(10));
		assertThat(throttled.throttledUntil()).isEqualTo(NOW.plusSeconds(5));

		PaceState longer = PaceState.fresh(NOW).throttled(NOW.plusSeconds(30), NOW);
		PaceState again = longer.throttled(NOW.plusSeconds(2), NOW.plusSeconds(1));
		assertThat(again.throttledUntil()).isEqualTo(NOW.plusSeconds(30));
		assertThat(again.earliestSlot(PACE, NOW.plusSeconds(1))).isEqualTo(NOW.plusSeconds(30));
	}

	@ParameterizedTest(name = "after {0} 429s the factor is {1}")
	@CsvSource(textBlock = """
			0, 1
			1, 0.5
			2, 0.25
			3, 0.125
			4, 0.0625
			5, 0.05
			6, 0.05
			20, 0.05
			""")
	void eachThrottleHalvesTheRateFactorDownToTheLeastFactor(int throttles, double factor) {
		PaceState state = PaceState.fresh(NOW);
		for (int i = 0; i < throttles; i++) {
			state = state.throttled(NOW.plusSeconds(1), NOW);
		}

		assertThat(state.factorAt(NOW)).isCloseTo(factor, within(1e-12));
		assertThat(state.factorAt(NOW)).isGreaterThanOrEqualTo(PaceState.LEAST_FACTOR);
	}

	@Test
	void aThrottleHalvesTheFactorAsGrownBackSinceTheLastOne() {
		// halved to 0.5 ten seconds ago: grown back to 0.7, halved to 0.35
		PaceState state = new PaceState(NOW, 0.5, NOW.minusSeconds(10), null).throttled(NOW.plusSeconds(1), NOW);

		assertThat(state.factor()).isCloseTo(0.35, within(1e-12));
		assertThat(state.factorAt()).isEqualTo(NOW.plusSeconds(1));
	}

	@ParameterizedTest(name = "{1} s after a factor of {0}: {2}")
	@CsvSource(textBlock = """
			0.5,  -5,  0.5
			0.5,   0,  0.5
			0.5,  10,  0.7
			0.5,  25,  1
			0.5, 100,  1
			0.05,  1,  0.07
			0.05, 47.5, 1
			1,    10,  1
			""")
	void theFactorGrowsBackByTheRecoveryRateEachSecondUpToOne(double factor, double seconds, double expected) {
		PaceState state = new PaceState(NOW, factor, NOW, null);

		assertThat(state.factorAt(NOW.plusNanos((long) (seconds * 1e9)))).isCloseTo(expected, within(1e-9));
	}

	@Test
	void aHalvedFactorIsBackToTheFullRateTwentyFiveSecondsLater() {
		PaceState halved = PaceState.fresh(NOW).throttled(NOW, NOW);

		assertThat(halved.factorAt(NOW.plusSeconds(24))).isCloseTo(0.98, within(1e-9));
		assertThat(halved.factorAt(NOW.plusSeconds(25))).isEqualTo(1);
		assertThat(halved.interval(PACE, NOW.plusSeconds(25))).isEqualTo(PACE.interval());
	}

	@ParameterizedTest(name = "factor {0}, {1} s later: {2} ns")
	@CsvSource(textBlock = """
			1,     0, 100000000
			0.5,   0, 200000000
			0.25,  0, 400000000
			0.05,  0, 2000000000
			0.5,  10, 142857143
			0.5,  60, 100000000
			""")
	void theIntervalIsThePacesStretchedByTheRateFactor(double factor, long seconds, long nanos) {
		PaceState state = new PaceState(NOW, factor, NOW, null);

		assertThat(state.interval(PACE, NOW.plusSeconds(seconds))).isEqualTo(Duration.ofNanos(nanos));
	}

	@Test
	void aSlotAfterAThrottleIsOneStretchedIntervalOn() {
		PaceState throttled = PaceState.fresh(NOW).throttled(NOW.plusSeconds(5), NOW);

		PaceState after = throttled.after(PACE, NOW.plusSeconds(5), NOW);

		assertThat(after.tat()).isEqualTo(NOW.plusMillis(5200));
		assertThat(after.factor()).isEqualTo(0.5);
		assertThat(after.throttledUntil()).isEqualTo(NOW.plusSeconds(5));
	}

	@ParameterizedTest(name = "tat +{0} ms, horizon +{1} ms: {2} slots")
	@CsvSource(textBlock = """
			   0,    0,  1
			   0,   99,  1
			   0,  100,  2
			   0, 1000, 11
			-5000, 1000, 11
			 500,  400,  0
			 500,  500,  1
			 500,  750,  3
			 500, 1500, 11
			""")
	void slotsUntilCountsTheSlotsFromTheEarliestUpToTheHorizon(long tatMillis, long horizonMillis, int slots) {
		PaceState state = new PaceState(NOW.plusMillis(tatMillis), 1, NOW, null);

		assertThat(state.slotsUntil(STRICT, NOW, NOW.plusMillis(horizonMillis))).isEqualTo(slots);
	}

	@Test
	void slotsUntilCountsTheToleranceTheStretchedIntervalAndTheThrottle() {
		// tat 1 s ahead less the 200 ms tolerance: slots at 800, 900, 1000 ms
		assertThat(new PaceState(NOW.plusSeconds(1), 1, NOW, null).slotsUntil(PACE, NOW, NOW.plusSeconds(1)))
			.isEqualTo(3);
		// half the rate: one every 200 ms from now
		assertThat(new PaceState(NOW, 0.5, NOW, null).slotsUntil(STRICT, NOW, NOW.plusSeconds(1))).isEqualTo(6);
		// nothing before the throttle ends
		PaceState throttled = PaceState.fresh(NOW).throttled(NOW.plusSeconds(2), NOW);
		assertThat(throttled.slotsUntil(STRICT, NOW, NOW.plusSeconds(1))).isZero();
		assertThat(throttled.slotsUntil(STRICT, NOW, NOW.plusSeconds(3))).isEqualTo(6);
	}

	@Test
	void slotsUntilMatchesWhatSchedulingGrantsAStrictPace() {
		PaceState state = new PaceState(NOW.plusMillis(250), 1, NOW, null);
		Instant horizon = NOW.plusMillis(1730);

		Slots.Lane lane = new Slots.Lane("a", null, Collections.nCopies(100, NOW));

		int granted = Slots.schedule(List.of(STRICT), List.of(lane), Map.of("global", state), NOW, horizon)
			.of("a")
			.size();

		assertThat(state.slotsUntil(STRICT, NOW, horizon)).isEqualTo(granted).isEqualTo(15);
	}

	@ParameterizedTest(name = "{0}/s, burst {1}, tat {2} ms, horizon {3} ms")
	@CsvSource(textBlock = """
			 10, 5,     0,  300
			 10, 5, -5000,  300
			 10, 5,   250,  300
			 10, 5,   600,  300
			500, 50,    0,  300
			500, 50,  120,  300
			 50, 5,  -100,  300
			  1, 1,     0,  300
			""")
	void slotsUntilCountsWhatSchedulingGrantsWhenEveryRequestIsDueNow(double perSecond, double burst, long tatMillis,
			long horizonMillis) {
		Pace pace = new Pace("global", perSecond, burst);
		PaceState state = new PaceState(NOW.plusMillis(tatMillis), 1, NOW, null);
		Instant horizon = NOW.plusMillis(horizonMillis);
		Slots.Lane lane = new Slots.Lane("a", null, Collections.nCopies(1000, NOW));

		int granted = Slots.schedule(List.of(pace), List.of(lane), Map.of("global", state), NOW, horizon).of("a").size();

		assertThat(state.slotsUntil(pace, NOW, horizon)).isEqualTo(granted);
	}

}
