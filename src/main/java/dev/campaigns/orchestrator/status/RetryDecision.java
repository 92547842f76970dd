package dev.campaigns.orchestrator.status;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.campaign.RetryPolicy;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.schedule.CallTimes;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.jspecify.annotations.Nullable;

/** What happens to a recipient after a call's final status: done with an outcome, or again later. Pure. */
public sealed interface RetryDecision {

	record Done(RecipientOutcome outcome, @Nullable String reason) implements RetryDecision {
	}

	record Again(Instant at) implements RetryDecision {
	}

	/**
	 * The decision for a recipient whose {@code attempts}-th call ended with {@code status}.
	 *
	 * @param windows the campaign's window and the number's floors
	 * @param cap the most attempts the floors allow in any 24 hours, or null
	 * @param recentAttempts the starts of this number's attempts in the last 24 hours, oldest first
	 */
	static RetryDecision after(CallStatus status, int attempts, RetryPolicy policy, List<CallingWindow> windows,
			List<ZoneId> zones, Instant now, @Nullable Instant notBefore, @Nullable Instant deadline,
			@Nullable Integer cap, List<Instant> recentAttempts) {
		RecipientOutcome outcome = outcome(status);
		if (!policy.retries(outcome, attempts)) {
			return new Done(outcome, null);
		}
		Instant earliest = now.plus(policy.backoff());
		if (cap != null && recentAttempts.size() >= cap) {
			// the oldest of the last {cap} attempts must leave the 24-hour window first
			Instant freed = recentAttempts.get(recentAttempts.size() - cap).plus(Duration.ofHours(24));
			if (freed.isAfter(earliest)) {
				earliest = freed;
			}
		}
		Optional<Instant> next = CallTimes.nextEligibleAt(windows, zones, earliest, notBefore, deadline);
		return next.<RetryDecision>map(Again::new)
			.orElseGet(() -> new Done(outcome, "no lawful time for another attempt before the deadline"));
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
