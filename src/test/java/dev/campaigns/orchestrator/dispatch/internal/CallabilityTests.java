package dev.campaigns.orchestrator.dispatch.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.campaigns.orchestrator.compliance.CallingHourFloor;
import dev.campaigns.orchestrator.dispatch.internal.Callability.AttemptHistory;
import dev.campaigns.orchestrator.dispatch.internal.ClaimStore.Claimed;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks a claimed recipient passes before its call, in order. Everything runs on fixed instants. */
class CallabilityTests {

	/** A Monday, 10:00 in London (GMT in January). */
	private static final Instant MONDAY_10 = Instant.parse("2030-01-07T10:00:00Z");

	private static final String NUMBER = "+447700900123";

	private static final Duration DAY = Duration.ofHours(24);

	/** 09:00–17:00, Monday to Friday. */
	private static final CallingWindow WEEKDAYS = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(17, 0),
			EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), List.of());

	/** A history that must not be asked: the rule should not cost a query. */
	private static final AttemptHistory NOT_ASKED = (tenant, number, since, except) -> {
		throw new AssertionError("the attempt history was queried");
	};

	@Test
	void aRecipientInsideEveryRuleMayBeCalled() {
		Callability callability = new Callability(3, DAY, attempts(MONDAY_10.minusSeconds(3600)));

		assertThat(callability.check(recipient(null, null), MONDAY_10, context(Set.of()))).isNull();
	}

	@Test
	void aSuppressedNumberIsDoneBeforeAnyOtherRuleIsAsked() {
		Callability callability = new Callability(1, DAY, NOT_ASKED);
		// also past its deadline and outside the window: suppression still decides
		Instant sunday = Instant.parse("2030-01-06T22:00:00Z");

		CallRule.Verdict verdict = callability.check(recipient(null, sunday.minusSeconds(60)), sunday,
				context(Set.of(NUMBER)));

		assertThat(verdict).isEqualTo(new CallRule.Suppressed());
	}

	@Test
	void anotherNumberOnTheListDoesNotSuppressThisOne() {
		Callability callability = new Callability(null, DAY, NOT_ASKED);

		assertThat(callability.check(recipient(null, null), MONDAY_10, context(Set.of("+447700900999")))).isNull();
	}

	@ParameterizedTest(name = "cap {0}, attempts {1} h ago: due again at {2}")
	@CsvSource(delimiter = '|', textBlock = """
			2 | 23 1         | 2030-01-07T11:00:00Z
			2 | 23 20 1      | 2030-01-07T14:00:00Z
			1 | 2            | 2030-01-08T09:00:00Z
			3 | 22 21 20 19  | 2030-01-07T13:00:00Z
			1 | 14           | 2030-01-08T09:00:00Z
			""")
	void aNumberAtItsCapIsDeferredToTheNextLawfulOpeningOnceTheCapFrees(int cap, String hoursAgo, Instant nextAt) {
		Callability callability = new Callability(cap, DAY, attempts(hoursAgo(hoursAgo)));

		CallRule.Verdict verdict = callability.check(recipient(null, null), MONDAY_10, context(Set.of()));

		assertThat(verdict).isInstanceOfSatisfying(CallRule.Deferred.class, deferred -> {
			assertThat(deferred.reason()).isEqualTo("ATTEMPT_CAP");
			assertThat(deferred.nextAt()).isEqualTo(nextAt);
		});
	}

	@ParameterizedTest(name = "cap {0}, attempts {1} h ago")
	@CsvSource(delimiter = '|', textBlock = """
			1 | ''
			2 | 1
			3 | 23 1
			2 | 30 25 1
			""")
	void aNumberBelowItsCapInTheRollingWindowMayBeCalled(int cap, String hoursAgo) {
		Callability callability = new Callability(cap, DAY, attempts(hoursAgo(hoursAgo)));

		assertThat(callability.check(recipient(null, null), MONDAY_10, context(Set.of()))).isNull();
	}

	@Test
	void theCapAsksForTheTenantsAttemptsOfTheNumberInTheRollingWindowButThisOne() {
		List<String> asked = new ArrayList<>();
		Callability callability = new Callability(2, DAY, (tenant, number, since, except) -> {
			asked.add(tenant + " " + number + " " + since + " " + except);
			return List.of();
		});

		callability.check(recipient(null, null), MONDAY_10, context(Set.of()));

		assertThat(asked).containsExactly("acme " + NUMBER + " 2030-01-06T10:00:00Z 70");
	}

	@Test
	void aRegionalFloorsLowerCapWinsOverTheConfiguredOne() {
		Callability callability = new Callability(5, DAY, attempts(MONDAY_10.minus(Duration.ofHours(2))));
		CallingHourFloor floor = new CallingHourFloor("one a day", new CallingWindow(LocalTime.of(8, 0),
				LocalTime.of(21, 0), EnumSet.allOf(DayOfWeek.class), List.of()), 1);

		CallRule.Verdict verdict = callability.check(recipient(null, null), MONDAY_10,
				context(Set.of(), List.of(floor)));

		assertThat(verdict).isInstanceOfSatisfying(CallRule.Deferred.class, deferred -> {
			assertThat(deferred.reason()).isEqualTo("ATTEMPT_CAP");
			assertThat(deferred.nextAt()).isEqualTo(Instant.parse("2030-01-08T09:00:00Z"));
		});
	}

	@Test
	void withNoCapConfiguredNorSetByAFloorNoQueryIsMade() {
		CallingHourFloor floor = new CallingHourFloor("hours only", CallingWindow.DEFAULT, null);
		Callability callability = new Callability(null, DAY, NOT_ASKED);

		assertThat(callability.check(recipient(null, null), MONDAY_10, context(Set.of(), List.of(floor)))).isNull();
	}

	@Test
	void aCappedNumberWhoseCapFreesOnlyAfterTheDeadlineExpires() {
		Callability callability = new Callability(1, DAY, attempts(MONDAY_10.minus(Duration.ofHours(2))));

		CallRule.Verdict verdict = callability.check(recipient(null, MONDAY_10.plus(Duration.ofHours(5))), MONDAY_10,
				context(Set.of()));

		assertThat(verdict).isInstanceOfSatisfying(CallRule.Deferred.class, deferred -> {
			assertThat(deferred.reason()).isEqualTo("ATTEMPT_CAP");
			assertThat(deferred.nextAt()).isNull();
		});
	}

	@ParameterizedTest(name = "deadline {0} s from now")
	@CsvSource(textBlock = """
			0
			-1
			-86400
			""")
	void aRecipientWhoseDeadlineHasPassedExpires(long seconds) {
		Callability callability = new Callability(null, DAY, NOT_ASKED);

		CallRule.Verdict verdict = callability.check(recipient(null, MONDAY_10.plusSeconds(seconds)), MONDAY_10,
				context(Set.of()));

		assertThat(verdict).isInstanceOfSatisfying(CallRule.Deferred.class, deferred -> {
			assertThat(deferred.nextAt()).isNull();
			assertThat(deferred.reason()).isEqualTo("DEADLINE_PASSED");
		});
	}

	@Test
	void aDeadlineStillAheadLetsTheCallGo() {
		Callability callability = new Callability(null, DAY, NOT_ASKED);

		assertThat(callability.check(recipient(null, MONDAY_10.plusMillis(1)), MONDAY_10, context(Set.of()))).isNull();
	}

	@ParameterizedTest(name = "at {0}: due again at {1}")
	@CsvSource(textBlock = """
			2030-01-07T08:59:59Z, 2030-01-07T09:00:00Z
			2030-01-07T17:00:00Z, 2030-01-08T09:00:00Z
			2030-01-11T18:30:00Z, 2030-01-14T09:00:00Z
			2030-01-06T12:00:00Z, 2030-01-07T09:00:00Z
			""")
	void outsideTheWindowTheRecipientIsDeferredToTheNextOpening(Instant at, Instant nextAt) {
		Callability callability = new Callability(null, DAY, NOT_ASKED);

		CallRule.Verdict verdict = callability.check(recipient(null, null), at, context(Set.of()));

		assertThat(verdict).isInstanceOfSatisfying(CallRule.Deferred.class, deferred -> {
			assertThat(deferred.reason()).isEqualTo("WINDOW_CLOSED");
			assertThat(deferred.nextAt()).isEqualTo(nextAt);
		});
	}

	@Test
	void theNextOpeningIsNotBeforeTheRecipientsNotBefore() {
		Callability callability = new Callability(null, DAY, NOT_ASKED);
		Instant evening = Instant.parse("2030-01-07T18:00:00Z");

		CallRule.Verdict verdict = callability.check(recipient(Instant.parse("2030-01-08T11:30:00Z"), null), evening,
				context(Set.of()));

		assertThat(verdict).isInstanceOfSatisfying(CallRule.Deferred.class,
				deferred -> assertThat(deferred.nextAt()).isEqualTo(Instant.parse("2030-01-08T11:30:00Z")));
	}

	@Test
	void outsideTheWindowWithNoOpeningBeforeTheDeadlineTheRecipientExpires() {
		Callability callability = new Callability(null, DAY, NOT_ASKED);
		Instant evening = Instant.parse("2030-01-07T18:00:00Z");

		CallRule.Verdict verdict = callability.check(recipient(null, Instant.parse("2030-01-08T08:00:00Z")), evening,
				context(Set.of()));

		assertThat(verdict).isInstanceOfSatisfying(CallRule.Deferred.class, deferred -> {
			assertThat(deferred.reason()).isEqualTo("WINDOW_CLOSED");
			assertThat(deferred.nextAt()).isNull();
		});
	}

	@Test
	void everyWindowMustHoldInEveryZone() {
		Callability callability = new Callability(null, DAY, NOT_ASKED);
		CallRule.Context newYorkToo = new CallRule.Context("acme", Set.of(), List.of(WEEKDAYS),
				List.of(ZoneId.of("Europe/London"), ZoneId.of("America/New_York")), List.of());

		// 10:00 in London is 05:00 in New York; both open at 14:00 UTC
		CallRule.Verdict verdict = callability.check(recipient(null, null), MONDAY_10, newYorkToo);

		assertThat(verdict).isInstanceOfSatisfying(CallRule.Deferred.class, deferred -> {
			assertThat(deferred.reason()).isEqualTo("WINDOW_CLOSED");
			assertThat(deferred.nextAt()).isEqualTo(Instant.parse("2030-01-07T14:00:00Z"));
		});
	}

	@Test
	void theRulesAreAskedInOrderAndTheFirstObjectionDecides() {
		// at the cap, past the deadline and outside the window: the cap is asked first
		Callability callability = new Callability(1, DAY, attempts(Instant.parse("2030-01-06T21:00:00Z")));
		Instant sunday = Instant.parse("2030-01-06T22:00:00Z");

		CallRule.Verdict capped = callability.check(recipient(null, sunday), sunday, context(Set.of()));
		CallRule.Verdict expired = new Callability(null, DAY, NOT_ASKED).check(recipient(null, sunday), sunday,
				context(Set.of()));

		assertThat(capped).isInstanceOfSatisfying(CallRule.Deferred.class,
				deferred -> assertThat(deferred.reason()).isEqualTo("ATTEMPT_CAP"));
		assertThat(expired).isInstanceOfSatisfying(CallRule.Deferred.class,
				deferred -> assertThat(deferred.reason()).isEqualTo("DEADLINE_PASSED"));
	}

	private static AttemptHistory attempts(Instant... instants) {
		List<Instant> all = List.of(instants).stream().sorted().toList();
		return (tenant, number, since, except) -> all.stream().filter(at -> !at.isBefore(since)).toList();
	}

	private static Instant[] hoursAgo(String hours) {
		if (hours.isBlank()) {
			return new Instant[0];
		}
		return List.of(hours.trim().split("\\s+"))
			.stream()
			.map(h -> MONDAY_10.minus(Duration.ofHours(Long.parseLong(h))))
			.toArray(Instant[]::new);
	}

	private static Claimed recipient(Instant notBefore, Instant deadline) {
		return new Claimed(7L, 70L, 2, NUMBER, null, List.of("Europe/London"), Map.of(), notBefore, deadline,
				MONDAY_10);
	}

	private static CallRule.Context context(Set<String> suppressed) {
		return context(suppressed, List.of());
	}

	private static CallRule.Context context(Set<String> suppressed, List<CallingHourFloor> floors) {
		List<CallingWindow> windows = new ArrayList<>(List.of(WEEKDAYS));
		floors.forEach(floor -> windows.add(floor.window()));
		return new CallRule.Context("acme", suppressed, windows, List.of(ZoneId.of("Europe/London")), floors);
	}

}
