package dev.campaigns.sandbox;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A sandbox call's whole life, planned when it is triggered, so its status at any instant
 * is a pure function of the clock and no background work moves calls along.
 *
 * @param outcome how the call ends
 * @param receivedAt when the trigger arrived; the call is queued from then
 * @param dialledAt when the call leaves the queue and starts ringing
 * @param answeredAt when it was picked up; {@code null} unless the outcome is answered
 * @param endedAt when it reaches its final status
 * @param detection who or what picked up; {@code null} unless the outcome is answered
 */
record CallTimeline(CallOutcome outcome, Instant receivedAt, Instant dialledAt, @Nullable Instant answeredAt,
		Instant endedAt, @Nullable Detection detection) {

	/** Where the call is at {@code now}. */
	CallPhase phaseAt(Instant now) {
		if (!now.isAfter(receivedAt)) {
			return CallPhase.CREATED;
		}
		if (now.isBefore(dialledAt)) {
			return CallPhase.QUEUED;
		}
		if (!now.isBefore(endedAt)) {
			return outcome.finalPhase();
		}
		return (answeredAt != null && !now.isBefore(answeredAt)) ? CallPhase.IN_PROGRESS : CallPhase.RINGING;
	}

	/** When the call ended, if it has by {@code now}; {@code null} while it is still going. */
	@Nullable Instant endedBy(Instant now) {
		return now.isBefore(endedAt) ? null : endedAt;
	}

	/**
	 * Whether the provider has forgotten the call at {@code now}: it ended more than
	 * {@code retention} ago, so its status endpoint answers 404.
	 */
	boolean isForgottenAt(Instant now, Duration retention) {
		return now.isAfter(endedAt.plus(retention));
	}

}
