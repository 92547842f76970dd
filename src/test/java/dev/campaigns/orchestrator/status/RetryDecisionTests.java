package dev.campaigns.orchestrator.status;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import dev.campaigns.orchestrator.campaign.Detection;
import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.campaign.RetryPolicy;
import dev.campaigns.orchestrator.campaign.RetryRule;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RetryDecisionTests {

	static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-07T10:00:00Z"), ZoneOffset.UTC);

	/** A Monday, 10:00 in London. */
	static final Instant MONDAY_10 = CLOCK.instant();

	static final List<ZoneId> LONDON = List.of(ZoneId.of("Europe/London"));

	static final List<CallingWindow> WEEKDAYS = List.of(new CallingWindow(LocalTime.of(9, 0), LocalTime.of(17, 0),
			EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), List.of()));

	static final RetryDecision.Lawful ALWAYS_IN_WEEKDAYS = new RetryDecision.Lawful(WEEKDAYS, LONDON, null, null, null,
			List.of());

	/** The old shape: 3 attempts, 30 minutes apart, after no answer, busy or failed. */
	static final RetryPolicy OLD = new RetryPolicy(3, Duration.ofMinutes(30),
			EnumSet.of(RecipientOutcome.NO_ANSWER, RecipientOutcome.BUSY, RecipientOutcome.FAILED));

	/** Issue #25's example, with BUSY and FAILED left to retryOn and its backoff. */
	static final RetryPolicy RULES = new RetryPolicy(4, Duration.ofMinutes(30), OLD.retryOn(),
			List.of(new RetryRule("NO_ANSWER", List.of(Duration.ofMinutes(30), Duration.ofHours(2)), null, true),
					new RetryRule("VOICEMAIL", List.of(Duration.ofHours(4)), 2, true),
					RetryRule.never("NOT_IN_SERVICE"), RetryRule.never("HUMAN")));

	static Instant at(String instant) {
		return Instant.parse(instant);
	}

	static RetryDecision again(String at, RecipientOutcome outcome) {
		return new RetryDecision.Again(at(at), outcome, null, "");
	}

	static Stream<Arguments> decisions() {
		String notInService = "the agent found the number not in service: never called again";
		return Stream.of(
				// policy, status, attempts, detection, agent's retryAt, decision
				arguments(OLD, CallStatus.COMPLETED, 1, null, null, done(RecipientOutcome.COMPLETED, null)),
				arguments(OLD, CallStatus.NO_ANSWER, 1, null, null, again("2030-01-07T10:30:00Z", RecipientOutcome.NO_ANSWER)),
				arguments(OLD, CallStatus.FAILED, 3, null, null, done(RecipientOutcome.FAILED, null)),
				arguments(OLD, CallStatus.CANCELLED, 1, null, null, done(RecipientOutcome.CANCELLED, null)),
				arguments(OLD, CallStatus.STATUS_EXPIRED, 1, null, null, done(RecipientOutcome.STATUS_EXPIRED, null)),
				// per-attempt backoffs: the n-th call's element n - 1, then the last
				arguments(RULES, CallStatus.NO_ANSWER, 1, null, null, again("2030-01-07T10:30:00Z", RecipientOutcome.NO_ANSWER)),
				arguments(RULES, CallStatus.NO_ANSWER, 2, null, null, again("2030-01-07T12:00:00Z", RecipientOutcome.NO_ANSWER)),
				arguments(RULES, CallStatus.NO_ANSWER, 3, null, null, again("2030-01-07T12:00:00Z", RecipientOutcome.NO_ANSWER)),
				arguments(RULES, CallStatus.NO_ANSWER, 4, null, null, done(RecipientOutcome.NO_ANSWER, null)),
				// an outcome no rule names: retryOn and the single backoff
				arguments(RULES, CallStatus.BUSY, 1, null, null, again("2030-01-07T10:30:00Z", RecipientOutcome.BUSY)),
				// a voicemail the provider counts as answered is not delivered: its rule, its own cap
				arguments(RULES, CallStatus.COMPLETED, 1, Detection.VOICEMAIL, null,
						again("2030-01-07T14:00:00Z", RecipientOutcome.NO_ANSWER)),
				arguments(RULES, CallStatus.NO_ANSWER, 1, Detection.VOICEMAIL, null,
						again("2030-01-07T14:00:00Z", RecipientOutcome.NO_ANSWER)),
				arguments(RULES, CallStatus.COMPLETED, 2, Detection.VOICEMAIL, null,
						done(RecipientOutcome.NO_ANSWER, "the agent detected VOICEMAIL")),
				// an IVR without a rule of its own counts as no answer
				arguments(RULES, CallStatus.COMPLETED, 1, Detection.IVR, null,
						again("2030-01-07T10:30:00Z", RecipientOutcome.NO_ANSWER)),
				arguments(OLD, CallStatus.COMPLETED, 1, Detection.VOICEMAIL, null,
						again("2030-01-07T10:30:00Z", RecipientOutcome.NO_ANSWER)),
				// never again, with a rule or without, whatever the status or the agent asks
				arguments(RULES, CallStatus.NO_ANSWER, 1, Detection.NOT_IN_SERVICE, null,
						done(RecipientOutcome.INVALID, notInService)),
				arguments(OLD, CallStatus.FAILED, 1, Detection.NOT_IN_SERVICE, at("2030-01-07T15:00:00Z"),
						done(RecipientOutcome.INVALID, notInService)),
				// a HUMAN rule decides for the calls so classified; without one the status does
				arguments(RULES, CallStatus.FAILED, 1, Detection.HUMAN, null, done(RecipientOutcome.FAILED, null)),
				arguments(OLD, CallStatus.FAILED, 1, Detection.HUMAN, null,
						again("2030-01-07T10:30:00Z", RecipientOutcome.FAILED)),
				arguments(RULES, CallStatus.COMPLETED, 1, Detection.OPERATOR, null, done(RecipientOutcome.COMPLETED, null)),
				// the agent's time, exactly when lawful, else the next lawful opening after it
				arguments(RULES, CallStatus.NO_ANSWER, 1, Detection.VOICEMAIL, at("2030-01-07T15:05:00Z"),
						again("2030-01-07T15:05:00Z", RecipientOutcome.NO_ANSWER)),
				arguments(RULES, CallStatus.NO_ANSWER, 1, null, at("2030-01-07T18:00:00Z"),
						again("2030-01-08T09:00:00Z", RecipientOutcome.NO_ANSWER)),
				arguments(RULES, CallStatus.NO_ANSWER, 1, null, at("2030-01-07T09:00:00Z"),
						again("2030-01-07T10:00:00Z", RecipientOutcome.NO_ANSWER)),
				// the agent's time does not make a final outcome retried
				arguments(RULES, CallStatus.COMPLETED, 1, null, at("2030-01-07T15:00:00Z"),
						done(RecipientOutcome.COMPLETED, null)),
				arguments(RULES, CallStatus.NO_ANSWER, 4, null, at("2030-01-07T15:00:00Z"),
						done(RecipientOutcome.NO_ANSWER, null)));
	}

	@ParameterizedTest(name = "{0}: {1} on call {2}, {3}, retryAt {4} -> {5}")
	@MethodSource("decisions")
	void decidesByTheRuleOfTheDetectionOrTheStatusAndTheAgentsTime(RetryPolicy policy, CallStatus status, int attempts,
			@Nullable Detection detection, @Nullable Instant retryAt, RetryDecision expected) {
		RetryDecision decision = RetryDecision.after(
				new RetryDecision.Ended(status, attempts, MONDAY_10, detection, retryAt), policy, ALWAYS_IN_WEEKDAYS,
				CLOCK.instant());

		if (expected instanceof RetryDecision.Again again) {
			assertThat(decision).isInstanceOfSatisfying(RetryDecision.Again.class, actual -> {
				assertThat(actual.at()).isEqualTo(again.at());
				assertThat(actual.outcome()).isEqualTo(again.outcome());
			});
		}
		else {
			assertThat(decision).isEqualTo(expected);
		}
	}

	@Test
	void aRetryAfterTheWindowClosesIsAtTheNextOpening() {
		// 16:45 + 30 min is after the window: Tuesday 09:00
		assertThat(RetryDecision.after(new RetryDecision.Ended(CallStatus.BUSY, 1, at("2030-01-07T16:45:00Z")), OLD,
				ALWAYS_IN_WEEKDAYS, at("2030-01-07T16:45:00Z")))
			.isEqualTo(new RetryDecision.Again(at("2030-01-08T09:00:00Z"), RecipientOutcome.BUSY, null,
					"the retry policy plans another attempt after PT30M, at the next lawful opening"));
	}

	@Test
	void aRuleOrTheAgentsTimeIsKeptForAnEditsReplanTheCampaignsBackoffIsNot() {
		RetryDecision.Again byRule = (RetryDecision.Again) RetryDecision.after(
				new RetryDecision.Ended(CallStatus.COMPLETED, 1, MONDAY_10, Detection.VOICEMAIL, null), RULES,
				ALWAYS_IN_WEEKDAYS, MONDAY_10);
		RetryDecision.Again byAgent = (RetryDecision.Again) RetryDecision.after(
				new RetryDecision.Ended(CallStatus.NO_ANSWER, 1, MONDAY_10, null, at("2030-01-07T18:00:00Z")), RULES,
				ALWAYS_IN_WEEKDAYS, MONDAY_10);
		RetryDecision.Again byBackoff = (RetryDecision.Again) RetryDecision.after(
				new RetryDecision.Ended(CallStatus.BUSY, 1, MONDAY_10), RULES, ALWAYS_IN_WEEKDAYS, MONDAY_10);

		assertThat(byRule.retryAfter()).isEqualTo(at("2030-01-07T14:00:00Z"));
		assertThat(byRule.why()).isEqualTo("the VOICEMAIL rule plans another attempt after PT4H, at the next lawful opening");
		assertThat(byAgent.retryAfter()).isEqualTo(at("2030-01-07T18:00:00Z"));
		assertThat(byAgent.why())
			.isEqualTo("another attempt at the next lawful opening after the agent's retryAt 2030-01-07T18:00:00Z");
		assertThat(byBackoff.retryAfter()).isNull();
	}

	@Test
	void aLateReportCountsTheBackoffFromTheCallsEndAndNothingBeforeNow() {
		Instant ended = MONDAY_10;

		assertThat(RetryDecision.after(new RetryDecision.Ended(CallStatus.COMPLETED, 1, ended, Detection.VOICEMAIL, null),
				RULES, ALWAYS_IN_WEEKDAYS, ended.plus(Duration.ofMinutes(20))))
			.isInstanceOfSatisfying(RetryDecision.Again.class,
					again -> assertThat(again.at()).isEqualTo(at("2030-01-07T14:00:00Z")));
		assertThat(RetryDecision.after(new RetryDecision.Ended(CallStatus.NO_ANSWER, 1, ended), RULES,
				ALWAYS_IN_WEEKDAYS, at("2030-01-07T15:00:00Z")))
			.isInstanceOfSatisfying(RetryDecision.Again.class,
					again -> assertThat(again.at()).isEqualTo(at("2030-01-07T15:00:00Z")));
	}

	@Test
	void noRetryPastTheDeadlineNorAtAnAgentsTimePastIt() {
		RetryDecision.Lawful tight = new RetryDecision.Lawful(WEEKDAYS, LONDON, null,
				MONDAY_10.plus(Duration.ofMinutes(20)), null, List.of());
		RetryDecision.Lawful today = new RetryDecision.Lawful(WEEKDAYS, LONDON, null, at("2030-01-07T17:00:00Z"), null,
				List.of());
		String noTime = "no lawful time for another attempt before the deadline";

		assertThat(RetryDecision.after(new RetryDecision.Ended(CallStatus.NO_ANSWER, 1, MONDAY_10), OLD, tight,
				MONDAY_10)).isEqualTo(done(RecipientOutcome.NO_ANSWER, noTime));
		assertThat(RetryDecision.after(
				new RetryDecision.Ended(CallStatus.NO_ANSWER, 1, MONDAY_10, null, at("2030-01-07T18:00:00Z")), RULES,
				today, MONDAY_10)).isEqualTo(done(RecipientOutcome.NO_ANSWER, noTime));
	}

	@Test
	void aRegionalCapDefersTheRetryUntilTheOldestAttemptLeavesThe24Hours() {
		List<Instant> recent = List.of(MONDAY_10.minus(Duration.ofHours(20)), MONDAY_10.minus(Duration.ofHours(2)),
				MONDAY_10.minus(Duration.ofHours(1)));

		RetryDecision decision = RetryDecision.after(new RetryDecision.Ended(CallStatus.NO_ANSWER, 1, MONDAY_10),
				new RetryPolicy(5, Duration.ofMinutes(30), OLD.retryOn()),
				new RetryDecision.Lawful(WEEKDAYS, LONDON, null, null, 3, recent), MONDAY_10);

		assertThat(decision).isInstanceOfSatisfying(RetryDecision.Again.class,
				again -> assertThat(again.at()).isEqualTo(MONDAY_10.plus(Duration.ofHours(4))));
	}

	private static RetryDecision done(RecipientOutcome outcome, @Nullable String reason) {
		return new RetryDecision.Done(outcome, reason);
	}

}
