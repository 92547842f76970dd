package dev.campaigns.orchestrator.status;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import dev.campaigns.orchestrator.campaign.Detection;
import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.campaign.RetryPolicy;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.schedule.CallTimes;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.jspecify.annotations.Nullable;

/** What happens to a recipient after a call's final status: done with an outcome, or again later. Pure. */
public sealed interface RetryDecision {

	/** The recipient is done; {@code reason} says why when the outcome alone does not. */
	record Done(RecipientOutcome outcome, @Nullable String reason) implements RetryDecision {
	}

	/**
	 * Another call at {@code at}, the call having ended with {@code outcome}; {@code why} says
	 * what planned it, for the recipient's trail.
	 *
	 * @param retryAfter the earliest instant the rule's backoff or the agent's retryAt allowed,
	 * before the window's lawfulness, kept so an edit's re-plan keeps it; null when the
	 * campaign's single backoff applied (an edit of the backoff re-plans it)
	 */
	record Again(Instant at, RecipientOutcome outcome, @Nullable Instant retryAfter, String why)
			implements RetryDecision {
	}

	/**
	 * A call that ended: the recipient's {@code attempts}-th, with the provider's final
	 * {@code status} at {@code endedAt}, and what the agent reported about it (null: nothing).
	 */
	record Ended(CallStatus status, int attempts, Instant endedAt, @Nullable Detection detection,
			@Nullable Instant agentRetryAt) {

		public Ended(CallStatus status, int attempts, Instant endedAt) {
			this(status, attempts, endedAt, null, null);
		}

	}

	/**
	 * When the recipient may lawfully be called.
	 *
	 * @param windows the campaign's window and the number's floors
	 * @param cap the most attempts the floors allow in any 24 hours, or null
	 * @param recentAttempts the starts of this number's attempts in the last 24 hours, oldest first
	 */
	record Lawful(List<CallingWindow> windows, List<ZoneId> zones, @Nullable Instant notBefore,
			@Nullable Instant deadline, @Nullable Integer cap, List<Instant> recentAttempts) {
	}

	/**
	 * The decision for the recipient of the {@code ended} call, at {@code now}. The policy
	 * decides whether (the detection's rule for a voicemail, an IVR or a number not in service,
	 * whatever the status); the agent's retryAt, when it asked for one, decides when: used
	 * exactly when lawful, else the next lawful opening after it; without it the rule's backoff
	 * from the call's end, at the next lawful opening.
	 */
	static RetryDecision after(Ended ended, RetryPolicy policy, Lawful lawful, Instant now) {
		RetryPolicy.Next next = policy.after(outcome(ended.status()), ended.detection(), ended.attempts());
		if (next.backoff() == null) {
			return new Done(next.outcome(), reason(ended.detection()));
		}
		boolean agents = ended.agentRetryAt() != null;
		Instant asked = agents ? ended.agentRetryAt() : ended.endedAt().plus(next.backoff());
		Instant earliest = asked.isBefore(now) ? now : asked;
		if (lawful.cap() != null && lawful.recentAttempts().size() >= lawful.cap()) {
			// the oldest of the last {cap} attempts must leave the 24-hour window first
			List<Instant> recent = lawful.recentAttempts();
			Instant freed = recent.get(recent.size() - lawful.cap()).plus(Duration.ofHours(24));
			if (freed.isAfter(earliest)) {
				earliest = freed;
			}
		}
		Optional<Instant> at = CallTimes.nextEligibleAt(lawful.windows(), lawful.zones(), earliest, lawful.notBefore(),
				lawful.deadline());
		if (at.isEmpty()) {
			return new Done(next.outcome(), "no lawful time for another attempt before the deadline");
		}
		String why = agents
				? (at.get().equals(ended.agentRetryAt()) ? "another attempt at the agent's retryAt"
						: "another attempt at the next lawful opening after the agent's retryAt " + ended.agentRetryAt())
				: (next.rule() == null ? "the retry policy" : "the " + next.rule() + " rule") + " plans another attempt"
						+ " after " + next.backoff() + ", at the next lawful opening";
		Instant retryAfter = agents || next.rule() != null ? asked : null;
		return new Again(at.get(), next.outcome(), retryAfter, why);
	}

	private static @Nullable String reason(@Nullable Detection detection) {
		if (detection == Detection.NOT_IN_SERVICE) {
			return "the agent found the number not in service: never called again";
		}
		return detection != null && detection.overridesStatus() ? "the agent detected " + detection : null;
	}

	static RecipientOutcome outcome(CallStatus status) {
		switch (status) {
			case COMPLETED:
				return RecipientOutcome.COMPLETED;
			case NO_ANSWER:
				return RecipientOutcome.NO_ANSWER;
			case BUSY:
				return RecipientOutcome.BUSY;
			case FAILED:
				return RecipientOutcome.FAILED;
			case CANCELLED:
				return RecipientOutcome.CANCELLED;
			case STATUS_EXPIRED:
				return RecipientOutcome.STATUS_EXPIRED;
			case TRIGGER_UNKNOWN:
				return RecipientOutcome.TRIGGER_UNKNOWN;
			default:
				throw new IllegalArgumentException(status + " is not a final status");
		}
	}

}
