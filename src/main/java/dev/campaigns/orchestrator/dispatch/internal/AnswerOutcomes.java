package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;
import java.time.Instant;

import dev.campaigns.orchestrator.provider.TriggerResult;
import org.jspecify.annotations.Nullable;

/**
 * What a trigger's answer means for its recipient: pure, one place for every kind of answer.
 * Accepted: in a call. Rejected as invalid: done. Outcome unknown: done, never redialled. Not
 * placed (429, unavailable, configuration rejected, or never sent): due again, and when.
 */
final class AnswerOutcomes {

	private AnswerOutcomes() {
	}

	/** What to record for one answer. */
	sealed interface Outcome {
	}

	/** The provider took the call. */
	record Placed(String callSid, String status, @Nullable String rawStatus) implements Outcome {
	}

	/** Done without a call in progress: the attempt's status, the recipient's outcome, and why. */
	record Finished(String attemptStatus, String outcome, String auditReason, String reason) implements Outcome {
	}

	/** Certainly not placed: due again at {@code nextAt}; {@code pauseCampaign} when our configuration was refused. */
	record NotPlaced(Instant nextAt, String reason, String detail, boolean pauseCampaign) implements Outcome {
	}

	/**
	 * The outcome of {@code answer}; {@code throttledUntil} is when the provider's last
	 * Retry-After ends (at least the answer's instant), {@code unavailableBackoff} the wait after
	 * the provider could not take a call.
	 */
	static Outcome of(Trigger.Answer answer, Instant throttledUntil, Duration unavailableBackoff) {
		Instant at = answer.at();
		Instant dueAgain = later(at, answer.trigger().recipient().dueAt());
		if (answer.unsent() != null) {
			return switch (answer.unsent()) {
				case LEASE_TOO_SHORT -> new NotPlaced(dueAgain, "LEASE_TOO_SHORT",
						"the claim's lease had too little time left to send safely: put back unsent", false);
				case TOO_LATE -> new NotPlaced(dueAgain, "SEND_TOO_LATE", "it could not leave within "
						+ Duration.between(answer.trigger().slot(), answer.trigger().latest()).toMillis()
						+ " ms of its send instant (a stall): put back unsent, so that a stall never releases a burst"
						+ " above the rate", false);
				case THROTTLED -> new NotPlaced(later(throttledUntil, dueAgain), "RATE_LIMITED",
						"the provider answered 429 Too Many Requests to another trigger while this one waited to"
								+ " leave: put back unsent until its Retry-After", false);
				case INTERRUPTED -> new NotPlaced(dueAgain, "SHUTDOWN",
						"the replica stopped while the trigger waited for its send instant: put back unsent", false);
				case CAMPAIGN_STOPPED -> new NotPlaced(dueAgain, "CAMPAIGN_STOPPED",
						"its campaign was paused or cancelled before the trigger could leave: put back unsent", false);
				case RECIPIENT_CANCELLED -> new NotPlaced(dueAgain, "CANCELLED_BY_API",
						"the recipient was cancelled through the API before the trigger could leave: never dialled",
						false);
			};
		}
		TriggerResult result = answer.result();
		if (result instanceof TriggerResult.Accepted ok) {
			return new Placed(ok.callSid(), ok.status().name(), ok.rawStatus());
		}
		if (result instanceof TriggerResult.Rejected rejected) {
			return new Finished("FAILED", "INVALID", "PROVIDER_REJECTED", rejected.reason());
		}
		if (result instanceof TriggerResult.Throttled throttled) {
			return new NotPlaced(later(throttledUntil, at), "RATE_LIMITED",
					"the provider answered 429 Too Many Requests; retried after " + throttled.retryAfter(), false);
		}
		if (result instanceof TriggerResult.ConfigurationRejected rejected) {
			return new NotPlaced(at, "CONFIGURATION_REJECTED", "the provider rejected our configuration ("
					+ rejected.reason() + "): the campaign is paused", true);
		}
		if (result instanceof TriggerResult.Unavailable unavailable) {
			return new NotPlaced(at.plus(unavailableBackoff), "PROVIDER_UNAVAILABLE", "the provider could not take"
					+ " the call (" + unavailable.reason() + "); retried after " + unavailableBackoff, false);
		}
		String reason = result instanceof TriggerResult.OutcomeUnknown lost ? lost.reason()
				: "no answer from the trigger";
		return unknown(reason);
	}

	/** The call may have been placed: done as {@code TRIGGER_UNKNOWN}, never redialled automatically. */
	static Finished unknown(String reason) {
		return new Finished("TRIGGER_UNKNOWN", "TRIGGER_UNKNOWN", "TRIGGER_UNKNOWN",
				reason + "; the call may have been placed: never redialled automatically");
	}

	/** The provider answered a call id another attempt already has: the call may have been placed. */
	static Finished repeatedCallId(String callSid) {
		return new Finished("TRIGGER_UNKNOWN", "TRIGGER_UNKNOWN", "REPEATED_CALL_ID", "the provider answered call id "
				+ callSid + ", which another attempt already has; the call may have been placed: never redialled"
				+ " automatically");
	}

	private static Instant later(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

}
