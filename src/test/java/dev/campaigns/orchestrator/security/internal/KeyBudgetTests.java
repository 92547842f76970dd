package dev.campaigns.orchestrator.security.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.campaigns.orchestrator.ratelimit.Pace;
import dev.campaigns.orchestrator.ratelimit.PaceState;
import dev.campaigns.orchestrator.ratelimit.Slots;
import dev.campaigns.orchestrator.security.RequestRateSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A key's budget on the shared rate module: {@code burst} at once, then the rate; refusals say how long to wait. */
class KeyBudgetTests {

	static final Instant T0 = Instant.parse("2030-01-07T10:00:00Z");

	@ParameterizedTest(name = "{0}/s, burst {1}: {1} at once, then one after {2} ms")
	@CsvSource({
			// requests per second, burst, interval in ms
			"20,    40,  50",
			"20,    1,   50",
			"3,     7,   333",
			"0.05,  3,   20000",
			"1000,  500, 1" })
	void anIdleKeyMayMakeItsBurstAtOnceThenOneAtTheRate(double perSecond, int burst, long intervalMillis) {
		Budget budget = new Budget(new RequestRateSettings(perSecond, burst, Duration.ofMillis(250)));

		for (int i = 0; i < burst; i++) {
			assertThat(budget.take(T0)).as("request %d of the burst", i + 1).isTrue();
		}
		assertThat(budget.take(T0)).as("one beyond the burst").isFalse();
		Duration wait = KeyBudget.untilNextSlot(budget.pace, budget.state(), T0);
		assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(intervalMillis));
		assertThat(budget.take(T0.plus(wait).minusNanos(1))).as("just before the slot it was told").isFalse();
		assertThat(budget.take(T0.plus(wait))).as("at the slot it was told").isTrue();
		assertThat(budget.take(T0.plus(wait))).as("only one").isFalse();
	}

	@Test
	void aKeyKeepingToItsRateIsNeverRefused() {
		Budget budget = new Budget(new RequestRateSettings(20, 1, Duration.ofMillis(250)));

		for (int i = 0; i < 1000; i++) {
			assertThat(budget.take(T0.plusMillis(50L * i))).as("request %d", i).isTrue();
		}
	}

	@ParameterizedTest(name = "{0} -> Retry-After {1}")
	@CsvSource({ "PT0.000000001S, 1", "PT0.05S, 1", "PT1S, 1", "PT1.001S, 2", "PT19.5S, 20", "PT0S, 1" })
	void retryAfterIsTheWaitInWholeSecondsRoundedUpAndAtLeastOne(Duration wait, long seconds) {
		assertThat(KeyBudget.retryAfterSeconds(wait)).isEqualTo(seconds);
	}

	@Test
	void eachKeyHasABudgetOfItsOwn() {
		RequestRateSettings settings = new RequestRateSettings(20, 40, Duration.ofMillis(250));
		UUID key = UUID.randomUUID();

		assertThat(KeyBudget.of(key, settings).name()).isEqualTo("api-key:" + key)
			.isNotEqualTo(KeyBudget.of(UUID.randomUUID(), settings).name());
	}

	@ParameterizedTest(name = "{0}/s, burst {1}, timeout {2}")
	@CsvSource({ "-1, 40, PT0.25S", "Infinity, 40, PT0.25S", "NaN, 40, PT0.25S", "20, 0, PT0.25S", "20, 40, PT0S",
			"20, 40, PT11S" })
	void settingsOutsideTheirRangeStopTheStart(double perSecond, int burst, Duration timeout) {
		assertThatIllegalArgumentException().isThrownBy(() -> new RequestRateSettings(perSecond, burst, timeout))
			.withMessageStartingWith("orchestrator.security.rate-limit.");
	}

	@Test
	void aRateOfZeroTurnsTheLimitOff() {
		assertThat(new RequestRateSettings(0, 1, Duration.ofMillis(250)).enabled()).isFalse();
		assertThat(new RequestRateSettings(0.01, 1, Duration.ofMillis(250)).enabled()).isTrue();
	}

	/** One key's budget kept in memory, taken from as {@code RateLimits.take} does. */
	private static final class Budget {

		final Pace pace;

		final Map<String, PaceState> states = new HashMap<>();

		Budget(RequestRateSettings settings) {
			this.pace = KeyBudget.of(UUID.randomUUID(), settings);
		}

		boolean take(Instant now) {
			Slots.Plan plan = Slots.schedule(List.of(), List.of(new Slots.Lane("key", pace, List.of(now))), states,
					now, now);
			states.putAll(plan.states());
			return !plan.of("key").isEmpty();
		}

		PaceState state() {
			return states.get(pace.name());
		}

	}

}
