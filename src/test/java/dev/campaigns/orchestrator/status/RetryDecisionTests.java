package dev.campaigns.orchestrator.status;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;

import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.campaign.RetryPolicy;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryDecisionTests {

	static final Instant MONDAY_10 = Instant.parse("2030-01-07T10:00:00Z");

	static final List<ZoneId> LONDON = List.of(ZoneId.of("Europe/London"));

	static final List<CallingWindow> WEEKDAYS = List.of(new CallingWindow(LocalTime.of(9, 0), LocalTime.of(17, 0),
			EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), List.of()));

	@Test
	void aCompletedCallIsDone() {
		assertThat(decide(CallStatus.COMPLETED, 1, MONDAY_10, null))
			.isEqualTo(new RetryDecision.Done(RecipientOutcome.COMPLETED, null));
	}

	@Test
	void noAnswerIsRetriedAfterTheBackoffAtTheNextLawfulOpening() {
		assertThat(decide(CallStatus.NO_ANSWER, 1, MONDAY_10, null))
			.isEqualTo(new RetryDecision.Again(MONDAY_10.plus(Duration.ofMinutes(30))));
		// 16:45 + 30 min is after the window: Tuesday 09:00
		assertThat(decide(CallStatus.BUSY, 1, Instant.parse("2030-01-07T16:45:00Z"), null))
			.isEqualTo(new RetryDecision.Again(Instant.parse("2030-01-08T09:00:00Z")));
	}

	@Test
	void theLastAttemptEndsWithItsOutcome() {
		assertThat(decide(CallStatus.FAILED, 3, MONDAY_10, null))
			.isEqualTo(new RetryDecision.Done(RecipientOutcome.FAILED, null));
	}

	@Test
	void noRetryPastTheDeadline() {
		assertThat(decide(CallStatus.NO_ANSWER, 1, MONDAY_10, MONDAY_10.plus(Duration.ofMinutes(20))))
			.isInstanceOfSatisfying(RetryDecision.Done.class,
					done -> assertThat(done.outcome()).isEqualTo(RecipientOutcome.NO_ANSWER));
	}

	@Test
	void outcomesNotInRetryOnAreFinal() {
		assertThat(decide(CallStatus.CANCELLED, 1, MONDAY_10, null))
			.isEqualTo(new RetryDecision.Done(RecipientOutcome.CANCELLED, null));
		assertThat(decide(CallStatus.STATUS_EXPIRED, 1, MONDAY_10, null))
			.isEqualTo(new RetryDecision.Done(RecipientOutcome.STATUS_EXPIRED, null));
	}

	@Test
	void aRegionalCapDefersTheRetryUntilTheOldestAttemptLeavesThe24Hours() {
		List<Instant> recent = List.of(MONDAY_10.minus(Duration.ofHours(20)), MONDAY_10.minus(Duration.ofHours(2)),
				MONDAY_10.minus(Duration.ofHours(1)));

		RetryDecision decision = RetryDecision.after(CallStatus.NO_ANSWER, 1, policy(5), WEEKDAYS, LONDON, MONDAY_10,
				null, null, 3, recent);

		assertThat(decision).isEqualTo(new RetryDecision.Again(MONDAY_10.plus(Duration.ofHours(4))));
	}

	private static RetryDecision decide(CallStatus status, int attempts, Instant now, Instant deadline) {
		return RetryDecision.after(status, attempts, policy(3), WEEKDAYS, LONDON, now, null, deadline, null,
				List.of());
	}

	private static RetryPolicy policy(int maxAttempts) {
		return new RetryPolicy(maxAttempts, Duration.ofMinutes(30),
				EnumSet.of(RecipientOutcome.NO_ANSWER, RecipientOutcome.BUSY, RecipientOutcome.FAILED));
	}

}
