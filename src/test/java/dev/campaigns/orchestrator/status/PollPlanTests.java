package dev.campaigns.orchestrator.status;

import java.time.Duration;
import java.time.Instant;

import dev.campaigns.orchestrator.provider.CallStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PollPlanTests {

	static final Instant T = Instant.parse("2030-01-07T10:00:00Z");

	static final PollSettings SETTINGS = new PollSettings(true, Duration.ofSeconds(10), Duration.ofSeconds(8),
			Duration.ofSeconds(50), Duration.ofSeconds(15), 1.5, Duration.ofSeconds(60), 0.25, Duration.ofSeconds(5),
			50, 200, 32, Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofMinutes(5));

	final PollPlan plan = new PollPlan(SETTINGS, Duration.ofHours(2));

	@Test
	void theFirstPollIsAfterTheExpectedRing() {
		assertThat(plan.first(T)).isEqualTo(T.plusSeconds(10));
	}

	@ParameterizedTest(name = "rings {0} s, talks {1} s: {2} polls")
	@CsvSource({ "3, 0, 1", "25, 0, 3", "9, 45, 2", "9, 60, 3", "9, 300, 10" })
	void pollsPerCallCountsEveryPollUpToTheFirstAfterTheEnd(long ringing, long talking, int polls) {
		assertThat(plan.pollsPerCall(Duration.ofSeconds(ringing), Duration.ofSeconds(talking))).isEqualTo(polls);
	}

	@Test
	void anAnsweredCallIsPolledNextWhenATypicalConversationWouldEnd() {
		Instant answered = T.plusSeconds(9);
		Instant now = T.plusSeconds(10);

		assertThat(plan.next(CallStatus.IN_PROGRESS, answered, now, now.plus(Duration.ofHours(2))))
			.isEqualTo(answered.plusSeconds(50));
	}

	@Test
	void pausesGrowWhileACallStaysInItsPhase() {
		Instant since = T;
		Instant first = plan.next(CallStatus.RINGING, since, T, T.plus(Duration.ofHours(2)));
		Instant later = plan.next(CallStatus.RINGING, since, T.plusSeconds(40), T.plus(Duration.ofHours(2)));

		assertThat(Duration.between(T, first)).isEqualTo(Duration.ofSeconds(8));
		assertThat(Duration.between(T.plusSeconds(40), later)).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void noPauseIsLongerThanTheBoundNorAShareOfTheRetention() {
		Instant overdue = T.plus(Duration.ofMinutes(30));
		assertThat(plan.next(CallStatus.IN_PROGRESS, T, overdue, overdue.plus(Duration.ofHours(2))))
			.isEqualTo(overdue.plusSeconds(60));

		PollPlan shortRetention = new PollPlan(SETTINGS, Duration.ofSeconds(60));
		assertThat(shortRetention.bound()).isEqualTo(Duration.ofSeconds(15));
		assertThat(shortRetention.next(CallStatus.IN_PROGRESS, T, overdue, overdue.plusSeconds(60)))
			.isEqualTo(overdue.plusSeconds(15));
	}

	@Test
	void pausesShrinkAsTheRetentionDeadlineNears() {
		Instant now = T.plus(Duration.ofMinutes(10));

		assertThat(plan.next(CallStatus.IN_PROGRESS, T, now, now.plusSeconds(20))).isEqualTo(now.plusSeconds(10));
	}

	@Test
	void theLastPollBeforeTheRetentionDeadlineIsAtTheDeadline() {
		Instant now = T.plus(Duration.ofMinutes(10));
		Instant deadline = now.plusMillis(1500);

		assertThat(plan.next(CallStatus.RINGING, T, now, deadline)).isEqualTo(deadline);
		assertThat(plan.notVisible(now, deadline)).isEqualTo(deadline);
		assertThat(plan.throttled(now, Duration.ofMinutes(5), deadline)).isEqualTo(deadline);
	}

	@Test
	void pausesShrinkingTowardsTheDeadlineReachItInAFewPolls() {
		Instant deadline = T.plusSeconds(60);
		Instant now = T;
		int polls = 0;
		while (now.isBefore(deadline)) {
			Instant next = plan.next(CallStatus.RINGING, T.minus(Duration.ofHours(1)), now, deadline);
			assertThat(next).isAfter(now).isBeforeOrEqualTo(deadline);
			now = next;
			polls++;
		}

		assertThat(now).isEqualTo(deadline);
		assertThat(polls).isLessThanOrEqualTo(7);
	}

	@Test
	void pausesAwayFromTheDeadlineAreAsPlanned() {
		Instant deadline = T.plus(Duration.ofHours(2));

		assertThat(plan.notVisible(T, deadline)).isEqualTo(T.plusSeconds(5));
		assertThat(plan.throttled(T, Duration.ofSeconds(30), deadline)).isEqualTo(T.plusSeconds(30));
	}

}
