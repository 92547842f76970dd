package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendPacerTests {

	static final Instant T0 = Instant.parse("2030-01-07T10:00:00Z");

	final SendPacer pacer = new SendPacer();

	@Test
	void anIdlePacerLetsCapacityRequestsLeaveAtOnceThenOneEveryInterval() {
		List<Instant> departures = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			departures.add(pacer.reserve(T0, 100, 4));
		}

		assertThat(departures).containsExactly(T0, T0, T0, T0, T0.plusMillis(10), T0.plusMillis(20));
	}

	@Test
	void aBatchGrantedOnTimeAfterALateOneWaitsSoTheSpacingHolds() {
		// batches of 4 at 100 a second are granted 40 ms apart; the first leaves 30 ms late
		for (int i = 0; i < 4; i++) {
			assertThat(pacer.reserve(T0.plusMillis(30), 100, 4)).isEqualTo(T0.plusMillis(30));
		}
		List<Instant> second = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			second.add(pacer.reserve(T0.plusMillis(40), 100, 4));
		}

		// without pacing all 8 would leave within 10 ms; paced, 4 + 1 per 10 ms
		assertThat(second).containsExactly(T0.plusMillis(40), T0.plusMillis(50), T0.plusMillis(60),
				T0.plusMillis(70));
	}

	@Test
	void neverMoreThanCapacityPlusRateTimesAnyPeriod() {
		List<Instant> departures = new ArrayList<>();
		// requests ready in uneven bunches, far faster than the rate
		for (int i = 0; i < 500; i++) {
			departures.add(pacer.reserve(T0.plusMillis((i / 37) * 13L), 200, 10));
		}

		assertThat(departures).isSorted();
		int most = 0;
		for (int i = 0; i < departures.size(); i++) {
			Instant end = departures.get(i).plus(Duration.ofSeconds(1));
			int j = i;
			while (j < departures.size() && departures.get(j).isBefore(end)) {
				j++;
			}
			most = Math.max(most, j - i);
		}
		assertThat(most).isBetween(200, 10 + 200);
		// and the rate itself: the last of 500 leaves (500 - 10) intervals of 5 ms after the first
		assertThat(Duration.between(T0, departures.get(499))).isEqualTo(Duration.ofMillis(490 * 5));
	}

	@Test
	void aPacerIdleLongerThanItsCapacityIsFullAgain() {
		for (int i = 0; i < 10; i++) {
			pacer.reserve(T0, 100, 4);
		}

		Instant later = T0.plusSeconds(5);
		assertThat(pacer.reserve(later, 100, 4)).isEqualTo(later);
		assertThat(pacer.reserve(later, 100, 4)).isEqualTo(later);
	}

}
