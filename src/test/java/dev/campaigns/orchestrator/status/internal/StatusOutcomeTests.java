package dev.campaigns.orchestrator.status.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.StatusResult;
import dev.campaigns.orchestrator.status.PollPlan;
import dev.campaigns.orchestrator.status.PollSettings;
import dev.campaigns.orchestrator.status.internal.StatusOutcome.Expired;
import dev.campaigns.orchestrator.status.internal.StatusOutcome.Final;
import dev.campaigns.orchestrator.status.internal.StatusOutcome.Live;
import dev.campaigns.orchestrator.status.internal.StatusOutcome.PollAgain;
import dev.campaigns.orchestrator.status.internal.StatusOutcome.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class StatusOutcomeTests {

	static final Instant TRIGGERED = Instant.parse("2030-01-07T10:00:00Z");

	static final Duration RETENTION = Duration.ofMinutes(3);

	/** The call was triggered without a status, and nothing the provider said since moved its deadline. */
	static final Instant DEADLINE = TRIGGERED.plus(RETENTION);

	static final Clock BEFORE = Clock.fixed(DEADLINE.minusSeconds(30), ZoneOffset.UTC);

	static final Clock JUST_BEFORE = Clock.fixed(DEADLINE.minusSeconds(2), ZoneOffset.UTC);

	static final Clock AT = Clock.fixed(DEADLINE, ZoneOffset.UTC);

	static final Clock AFTER = Clock.fixed(DEADLINE.plusSeconds(20), ZoneOffset.UTC);

	static final PollPlan PLAN = new PollPlan(new PollSettings(true, Duration.ofSeconds(10), Duration.ofSeconds(8),
			Duration.ofSeconds(50), Duration.ofSeconds(15), 1.5, Duration.ofSeconds(60), 0.25, Duration.ofSeconds(5),
			50, 200, 32, Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofMinutes(5)), RETENTION);

	static final StatusStore.Due CALL = new StatusStore.Due(1, "OUT-1", "QUEUED", null, TRIGGERED, TRIGGERED,
			DEADLINE, 3, DEADLINE.minusSeconds(60), "poller-a", null, 0, null);

	static Stream<Arguments> answersAtOrAfterTheRetentionDeadlineWithoutAFinalStatus() {
		return Stream.of(
				arguments("another 4xx", new StatusResult.Unavailable("HTTP 410: gone"), AT,
						new Expired(Reason.UNREADABLE, null, "HTTP 410: gone")),
				arguments("a lasting 5xx", new StatusResult.Unavailable("HTTP 503: down"), AFTER,
						new Expired(Reason.UNREADABLE, null, "HTTP 503: down")),
				arguments("no status", new StatusResult.Unavailable("status answer without a status: {}"), AT,
						new Expired(Reason.UNREADABLE, null, "status answer without a status: {}")),
				arguments("no answer in time", new StatusResult.Unavailable("no status answer within PT46S"), AT,
						new Expired(Reason.UNREADABLE, null, "no status answer within PT46S")),
				arguments("credentials refused", new StatusResult.ConfigurationRejected(401, "HTTP 401: no"), AT,
						new Expired(Reason.UNREADABLE, null, "HTTP 401: no")),
				arguments("throttled", new StatusResult.Throttled(Duration.ofSeconds(30)), AT,
						new Expired(Reason.UNREADABLE, null, "HTTP 429: status requests throttled for PT30S")),
				arguments("an undocumented status", new StatusResult.Observed(CallStatus.UNRECOGNISED, "\uFFFDodd"),
						AT, new Expired(Reason.NO_FINAL_STATUS, "\uFFFDodd", null)),
				arguments("an empty status", new StatusResult.Observed(CallStatus.UNRECOGNISED, ""), AFTER,
						new Expired(Reason.NO_FINAL_STATUS, "", null)),
				arguments("forgotten", new StatusResult.NotFound(), AT, new Expired(Reason.NOT_FOUND, null, null)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void answersAtOrAfterTheRetentionDeadlineWithoutAFinalStatus(String answered, StatusResult answer, Clock clock,
			StatusOutcome expected) {
		assertThat(StatusOutcome.of(CALL, answer, clock.instant(), PLAN)).isEqualTo(expected);
	}

	static Stream<Arguments> answersBeforeTheRetentionDeadline() {
		Instant before = BEFORE.instant();
		return Stream.of(
				arguments("another 4xx: the reason kept, polled again", new StatusResult.Unavailable("HTTP 400: bad"),
						BEFORE, new PollAgain(before.plusSeconds(5), "HTTP 400: bad")),
				arguments("unreadable just before the deadline: the last poll at the deadline",
						new StatusResult.Unavailable("HTTP 410: gone"), JUST_BEFORE,
						new PollAgain(DEADLINE, "HTTP 410: gone")),
				arguments("a long Retry-After: the last poll at the deadline",
						new StatusResult.Throttled(Duration.ofMinutes(5)), BEFORE,
						new PollAgain(DEADLINE, "HTTP 429: status requests throttled for PT5M")),
				arguments("not visible yet", new StatusResult.NotFound(), BEFORE,
						new PollAgain(before.plusSeconds(5), null)),
				arguments("an undocumented status keeps the deadline", new StatusResult.Observed(
						CallStatus.UNRECOGNISED, "odd"), BEFORE,
						// begun, most likely, halfway since the read before (60 s before the deadline)
						new Live(CallStatus.UNRECOGNISED, "odd", before.minusSeconds(15), before.plusSeconds(8),
								DEADLINE)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void answersBeforeTheRetentionDeadline(String answered, StatusResult answer, Clock clock,
			StatusOutcome expected) {
		assertThat(StatusOutcome.of(CALL, answer, clock.instant(), PLAN)).isEqualTo(expected);
	}

	static Stream<Arguments> answersThatShowTheCallsTrueState() {
		Instant after = AFTER.instant();
		return Stream.of(
				arguments("a final status after the deadline still counts",
						new StatusResult.Observed(CallStatus.COMPLETED, "success"), AFTER,
						new Final(CallStatus.COMPLETED, "success")),
				arguments("a documented live status after the deadline moves it: the provider still has the call",
						new StatusResult.Observed(CallStatus.RINGING, "calling"), AFTER,
						new Live(CallStatus.RINGING, "calling", after.minusSeconds(40), after.plusSeconds(20),
								after.plus(RETENTION))));
	}

	@Test
	void aCallFoundTalkingAtItsFirstPollIsExpectedToEndATypicalConversationAfterItMostLikelyBegan() {
		StatusStore.Due neverPolled = new StatusStore.Due(2, "OUT-2", null, null, null, TRIGGERED, DEADLINE, 0, null,
				"poller-a", null, 0, null);
		Instant firstPoll = TRIGGERED.plusSeconds(25);

		StatusOutcome outcome = StatusOutcome.of(neverPolled,
				new StatusResult.Observed(CallStatus.IN_PROGRESS, "in-progress"), firstPoll, PLAN);

		Instant began = TRIGGERED.plusMillis(12_500);
		assertThat(outcome).isEqualTo(new Live(CallStatus.IN_PROGRESS, "in-progress", began,
				began.plusSeconds(50), firstPoll.plus(RETENTION)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void answersThatShowTheCallsTrueState(String answered, StatusResult answer, Clock clock,
			StatusOutcome expected) {
		assertThat(StatusOutcome.of(CALL, answer, clock.instant(), PLAN)).isEqualTo(expected);
	}

}
