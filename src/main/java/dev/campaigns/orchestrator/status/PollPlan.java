package dev.campaigns.orchestrator.status;

import java.time.Duration;
import java.time.Instant;

import dev.campaigns.orchestrator.provider.CallStatus;

/**
 * When to read a call's status next. Pure. Polls follow the call's phase: soon after the
 * ring, then at the end of a typical conversation, then at growing pauses. No pause exceeds
 * {@code maxInterval} nor a share of the provider's retention (a call that ended just after a
 * poll is still readable at the next), and pauses shrink as the retention deadline nears.
 */
public record PollPlan(PollSettings settings, Duration retention) {

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
		if (pause.compareTo(untilDeadline.dividedBy(2)) > 0) {
			pause = untilDeadline.dividedBy(2);
		}
		return now.plus(pause.isNegative() || pause.isZero() ? Duration.ofSeconds(1) : pause);
	}

	/** After a 404 that cannot mean "forgotten" yet. */
	public Instant notVisible(Instant now) {
		return now.plus(settings.notVisibleRetry());
	}

	/** The longest pause the retention allows. */
	public Duration bound() {
		Duration byRetention = Duration.ofMillis((long) (retention.toMillis() * settings.retentionSafety()));
		return byRetention.compareTo(settings.maxInterval()) < 0 ? byRetention : settings.maxInterval();
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
