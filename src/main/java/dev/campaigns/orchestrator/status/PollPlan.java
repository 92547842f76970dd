package dev.campaigns.orchestrator.status;

import java.time.Duration;
import java.time.Instant;

import dev.campaigns.orchestrator.provider.CallStatus;

/**
 * When to read a call's status next. Pure. Polls follow the call's phase: soon after the
 * ring, then at the end of a typical conversation, then at growing pauses. No pause exceeds
 * {@code maxInterval} nor a share of the provider's retention (a call that ended just after a
 * poll is still readable at the next), and pauses shrink as the retention deadline nears. No
 * poll is planned after the retention deadline: the last one is at the deadline, where a call
 * without a final status ends.
 */
public record PollPlan(PollSettings settings, Duration retention) {

	/** The shortest pause while pauses shrink towards the deadline; only the last, to the deadline, is shorter. */
	private static final Duration SHORTEST_PAUSE = Duration.ofSeconds(1);

	/** The first poll of a call accepted at {@code triggeredAt}. */
	public Instant first(Instant triggeredAt) {
		return triggeredAt.plus(bounded(settings.firstPoll()));
	}

	/**
	 * The next poll after seeing a non-final {@code status} at {@code now}, first seen at
	 * {@code statusSince}. Pauses grow geometrically: each is at least its base, and at least
	 * {@code growth - 1} times as long as the call has been overdue in its phase.
	 *
	 * @param retentionDeadline the earliest instant the provider may forget the call
	 */
	public Instant next(CallStatus status, Instant statusSince, Instant now, Instant retentionDeadline) {
		Duration pause;
		if (status == CallStatus.IN_PROGRESS) {
			Instant expectedEnd = statusSince.plus(settings.expectedTalkTime());
			pause = now.isBefore(expectedEnd) ? Duration.between(now, expectedEnd)
					: grown(settings.inProgressInterval(), Duration.between(expectedEnd, now));
		}
		else {
			pause = grown(settings.ringingInterval(), Duration.between(statusSince, now));
		}
		pause = bounded(pause);
		Duration untilDeadline = Duration.between(now, retentionDeadline);
		Duration half = untilDeadline.dividedBy(2);
		if (pause.compareTo(half) > 0) {
			// halving forever would poll ever more often just before the deadline: below the shortest
			// pause, the next poll is the last, at the deadline
			pause = half.compareTo(SHORTEST_PAUSE) < 0 ? untilDeadline : half;
		}
		return notAfter(now, now.plus(pause.isNegative() || pause.isZero() ? SHORTEST_PAUSE : pause),
				retentionDeadline);
	}

	/** After a 404 that cannot mean "forgotten" yet, or an answer that said nothing of the call. */
	public Instant notVisible(Instant now, Instant retentionDeadline) {
		return notAfter(now, now.plus(settings.notVisibleRetry()), retentionDeadline);
	}

	/** After a 429 that asked for a pause of {@code retryAfter}. */
	public Instant throttled(Instant now, Duration retryAfter, Instant retentionDeadline) {
		return notAfter(now, now.plus(retryAfter), retentionDeadline);
	}

	/**
	 * How many polls the plan spends on a call that rings for {@code ringing} after it was
	 * triggered, then talks for {@code talking} (zero: nobody answered), when no agent reports:
	 * every poll up to and including the first at or after its end. The estimate of a budget's
	 * needs: the agent's reports bring it down towards one.
	 */
	public int pollsPerCall(Duration ringing, Duration talking) {
		Instant triggered = Instant.EPOCH;
		Instant answered = triggered.plus(ringing);
		Instant end = answered.plus(talking);
		Instant deadline = end.plus(retention);
		Instant poll = first(triggered);
		int polls = 1;
		while (poll.isBefore(end)) {
			boolean talkingNow = !talking.isZero() && !poll.isBefore(answered);
			CallStatus status = talkingNow ? CallStatus.IN_PROGRESS : CallStatus.RINGING;
			poll = next(status, talkingNow ? answered : triggered, poll, deadline);
			polls++;
		}
		return polls;
	}

	/** The longest pause the retention allows. */
	public Duration bound() {
		Duration byRetention = Duration.ofMillis((long) (retention.toMillis() * settings.retentionSafety()));
		return byRetention.compareTo(settings.maxInterval()) < 0 ? byRetention : settings.maxInterval();
	}

	/**
	 * A planned poll, or the retention deadline if that comes first. A deadline already past
	 * leaves the plan as it is: a call polled then has ended, or shown it is still live (which
	 * moves its deadline).
	 */
	private static Instant notAfter(Instant now, Instant planned, Instant retentionDeadline) {
		return retentionDeadline.isAfter(now) && planned.isAfter(retentionDeadline) ? retentionDeadline : planned;
	}

	private Duration bounded(Duration pause) {
		Duration bound = bound();
		return pause.compareTo(bound) > 0 ? bound : pause;
	}

	private Duration grown(Duration base, Duration overdue) {
		Duration grown = Duration.ofMillis((long) (Math.max(0, overdue.toMillis()) * (settings.growth() - 1)));
		return grown.compareTo(base) > 0 ? grown : base;
	}

}
