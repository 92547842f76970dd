package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.campaigns.orchestrator.dispatch.internal.AnswerOutcomes.Finished;
import dev.campaigns.orchestrator.dispatch.internal.AnswerOutcomes.NotPlaced;
import dev.campaigns.orchestrator.dispatch.internal.AnswerOutcomes.Outcome;
import dev.campaigns.orchestrator.dispatch.internal.AnswerOutcomes.Placed;
import dev.campaigns.orchestrator.dispatch.internal.ClaimStore.Claimed;
import dev.campaigns.orchestrator.dispatch.internal.Trigger.Answer;
import dev.campaigns.orchestrator.dispatch.internal.Trigger.Unsent;
import dev.campaigns.orchestrator.connection.Line;
import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.TriggerResult;
import dev.campaigns.orchestrator.ratelimit.Pace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** What every kind of answer to a trigger means for its recipient. */
class AnswerOutcomesTests {

	private static final Instant AT = Instant.parse("2030-01-07T10:00:00Z");

	private static final Instant DUE = AT.minusSeconds(60);

	private static final Instant THROTTLED_UNTIL = AT.plusSeconds(30);

	private static final Duration BACKOFF = Duration.ofMinutes(1);

	private static final TriggerResult.Accepted ACCEPTED = new TriggerResult.Accepted("CA1", CallStatus.RINGING,
			"ringing");

	private static final TriggerResult.Rejected REJECTED = new TriggerResult.Rejected("not a callable number");

	private static final TriggerResult.ConfigurationRejected CONFIGURATION_REJECTED = new TriggerResult.ConfigurationRejected(
			401, "bad api key");

	private static final TriggerResult.Throttled THROTTLED = new TriggerResult.Throttled(Duration.ofSeconds(30));

	private static final TriggerResult.Unavailable UNAVAILABLE = new TriggerResult.Unavailable("503 Service Unavailable");

	private static final TriggerResult.OutcomeUnknown OUTCOME_UNKNOWN = new TriggerResult.OutcomeUnknown(
			"read timed out");

	static Stream<Arguments> sentAnswers() {
		return Stream.of(
				arguments(ACCEPTED, Placed.class, "RINGING", null, false),
				arguments(REJECTED, Finished.class, "PROVIDER_REJECTED", null, false),
				arguments(CONFIGURATION_REJECTED, NotPlaced.class, "CONFIGURATION_REJECTED", AT, true),
				arguments(THROTTLED, NotPlaced.class, "RATE_LIMITED", THROTTLED_UNTIL, false),
				arguments(UNAVAILABLE, NotPlaced.class, "PROVIDER_UNAVAILABLE", AT.plus(BACKOFF), false),
				arguments(OUTCOME_UNKNOWN, Finished.class, "TRIGGER_UNKNOWN", null, false));
	}

	static Stream<Arguments> unsentAnswers() {
		return Stream.of(
				arguments(Unsent.LEASE_TOO_SHORT, "LEASE_TOO_SHORT", AT),
				arguments(Unsent.TOO_LATE, "SEND_TOO_LATE", AT),
				arguments(Unsent.THROTTLED, "RATE_LIMITED", THROTTLED_UNTIL),
				arguments(Unsent.INTERRUPTED, "SHUTDOWN", AT),
				arguments(Unsent.CAMPAIGN_STOPPED, "CAMPAIGN_STOPPED", AT),
				arguments(Unsent.RECIPIENT_CANCELLED, "CANCELLED_BY_API", AT));
	}

	@ParameterizedTest(name = "{0} -> {1} {2}")
	@MethodSource("sentAnswers")
	void everyAnswerOfTheProviderHasItsOutcome(TriggerResult result, Class<? extends Outcome> kind, String code,
			Instant nextAt, boolean pauseCampaign) {
		Outcome outcome = AnswerOutcomes.of(Answer.sent(trigger(DUE), AT, result), THROTTLED_UNTIL, BACKOFF);

		assertThat(outcome).isInstanceOf(kind);
		assertThat(code(outcome)).isEqualTo(code);
		assertThat(nextAt(outcome)).isEqualTo(nextAt);
		assertThat(outcome instanceof NotPlaced notPlaced && notPlaced.pauseCampaign()).isEqualTo(pauseCampaign);
	}

	@ParameterizedTest(name = "{0} -> {1} at {2}")
	@MethodSource("unsentAnswers")
	void everyTriggerPutBackUnsentIsNotPlacedAndDueAgain(Unsent why, String reason, Instant nextAt) {
		Outcome outcome = AnswerOutcomes.of(Answer.unsent(trigger(DUE), AT, why), THROTTLED_UNTIL, BACKOFF);

		assertThat(outcome).isInstanceOfSatisfying(NotPlaced.class, notPlaced -> {
			assertThat(notPlaced.reason()).isEqualTo(reason);
			assertThat(notPlaced.nextAt()).isEqualTo(nextAt);
			assertThat(notPlaced.pauseCampaign()).isFalse();
			assertThat(notPlaced.detail()).isNotBlank();
		});
	}

	@Test
	void theTablesCoverEveryKindOfAnswerAndEveryReasonForNotSending() {
		Set<Class<?>> kinds = sentAnswers().map(arguments -> arguments.get()[0].getClass()).collect(Collectors.toSet());
		Set<Object> reasons = unsentAnswers().map(arguments -> arguments.get()[0]).collect(Collectors.toSet());

		assertThat(kinds).containsExactlyInAnyOrder(TriggerResult.class.getPermittedSubclasses());
		assertThat(reasons).containsExactlyInAnyOrderElementsOf(Arrays.asList(Unsent.values()));
	}

	@Test
	void anAcceptedCallIsPlacedWithItsCallIdAndStatus() {
		assertThat(of(ACCEPTED)).isEqualTo(new Placed("CA1", "RINGING", "ringing"));
		assertThat(of(new TriggerResult.Accepted("CA2", CallStatus.QUEUED, null)))
			.isEqualTo(new Placed("CA2", "QUEUED", null));
	}

	@Test
	void aRejectedRecipientIsDoneAsInvalidWithTheProvidersReason() {
		assertThat(of(REJECTED)).isEqualTo(new Finished("FAILED", "INVALID", "PROVIDER_REJECTED",
				"not a callable number"));
	}

	@Test
	void aLostAnswerIsDoneAsTriggerUnknownAndNeverRedialled() {
		assertThat(of(OUTCOME_UNKNOWN)).isInstanceOfSatisfying(Finished.class, finished -> {
			assertThat(finished.attemptStatus()).isEqualTo("TRIGGER_UNKNOWN");
			assertThat(finished.outcome()).isEqualTo("TRIGGER_UNKNOWN");
			assertThat(finished.auditReason()).isEqualTo("TRIGGER_UNKNOWN");
			assertThat(finished.reason()).startsWith("read timed out").contains("never redialled");
		});
	}

	@Test
	void anAnswerWithNeitherAResultNorAReasonCountsAsUnknown() {
		Outcome outcome = AnswerOutcomes.of(new Answer(trigger(DUE), AT, null, null), THROTTLED_UNTIL, BACKOFF);

		assertThat(outcome).isInstanceOfSatisfying(Finished.class, finished -> {
			assertThat(finished.auditReason()).isEqualTo("TRIGGER_UNKNOWN");
			assertThat(finished.reason()).startsWith("no answer from the trigger");
		});
	}

	@Test
	void aRepeatedCallIdIsDoneAsTriggerUnknownWithItsOwnAuditReason() {
		Finished finished = AnswerOutcomes.repeatedCallId("CA9");

		assertThat(finished.attemptStatus()).isEqualTo("TRIGGER_UNKNOWN");
		assertThat(finished.outcome()).isEqualTo("TRIGGER_UNKNOWN");
		assertThat(finished.auditReason()).isEqualTo("REPEATED_CALL_ID");
		assertThat(finished.reason()).contains("CA9").contains("never redialled");
	}

	@Test
	void aRefusedConfigurationPausesTheCampaignAndSaysWhy() {
		assertThat(of(CONFIGURATION_REJECTED)).isInstanceOfSatisfying(NotPlaced.class, notPlaced -> {
			assertThat(notPlaced.pauseCampaign()).isTrue();
			assertThat(notPlaced.nextAt()).isEqualTo(AT);
			assertThat(notPlaced.detail()).contains("bad api key");
		});
	}

	@Test
	void aThrottledRecipientIsDueAgainNotBeforeTheRetryAfterEnds() {
		assertThat(nextAt(AnswerOutcomes.of(Answer.sent(trigger(DUE), AT, THROTTLED), AT, BACKOFF))).isEqualTo(AT);
		assertThat(nextAt(AnswerOutcomes.of(Answer.sent(trigger(DUE), AT, THROTTLED), AT.plusSeconds(90), BACKOFF)))
			.isEqualTo(AT.plusSeconds(90));
		assertThat(nextAt(AnswerOutcomes.of(Answer.unsent(trigger(DUE), AT, Unsent.THROTTLED), AT.plusSeconds(90),
				BACKOFF)))
			.isEqualTo(AT.plusSeconds(90));
	}

	@Test
	void anUnavailableProviderPutsTheRecipientBackForTheBackoff() {
		assertThat(nextAt(AnswerOutcomes.of(Answer.sent(trigger(DUE), AT, UNAVAILABLE), THROTTLED_UNTIL,
				Duration.ofSeconds(5))))
			.isEqualTo(AT.plusSeconds(5));
	}

	@Test
	void aRecipientClaimedAheadAndPutBackUnsentIsDueAgainAtItsOwnDueTime() {
		Instant ahead = AT.plusMillis(200);
		for (Unsent why : Unsent.values()) {
			Instant until = why == Unsent.THROTTLED ? AT.plusMillis(100) : AT;
			assertThat(nextAt(AnswerOutcomes.of(Answer.unsent(trigger(ahead), AT, why), until, BACKOFF))).as(why.name())
				.isEqualTo(ahead);
		}
	}

	@Test
	void aTriggerTooLateToLeaveSaysHowLateItMightHaveLeft() {
		Outcome outcome = AnswerOutcomes.of(Answer.unsent(trigger(DUE), AT, Unsent.TOO_LATE), THROTTLED_UNTIL, BACKOFF);

		assertThat(outcome).isInstanceOfSatisfying(NotPlaced.class,
				notPlaced -> assertThat(notPlaced.detail()).contains("within 25 ms"));
	}

	private static Outcome of(TriggerResult result) {
		return AnswerOutcomes.of(Answer.sent(trigger(DUE), AT, result), THROTTLED_UNTIL, BACKOFF);
	}

	private static Trigger trigger(Instant dueAt) {
		Claimed recipient = new Claimed(7L, 70L, 1, "+447700900123", null, List.of("Europe/London"), Map.of(), null,
				null, dueAt);
		Instant slot = AT.minusMillis(100);
		return new Trigger(recipient, new UUID(0, 1), "acme", CallRequest.to("+447700900123"), slot,
				slot.plusMillis(25), AT.plusSeconds(120), slot,
				new Line(Line.DEFAULT, null, 0, org.mockito.Mockito.mock(OutboundCalls.class), null, null, null, null),
				new Pace("global", 10, 2));
	}

	private static String code(Outcome outcome) {
		if (outcome instanceof Placed placed) {
			return placed.status();
		}
		if (outcome instanceof Finished finished) {
			return finished.auditReason();
		}
		return ((NotPlaced) outcome).reason();
	}

	private static Instant nextAt(Outcome outcome) {
		return outcome instanceof NotPlaced notPlaced ? notPlaced.nextAt() : null;
	}

}
