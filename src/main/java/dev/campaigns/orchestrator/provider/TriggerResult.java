package dev.campaigns.orchestrator.provider;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What became of a trigger. Every answer the provider can give is a value here, so the
 * dispatcher decides with a switch, never with a catch.
 */
public sealed interface TriggerResult {

	/**
	 * The provider accepted the call; poll it under {@code callSid}. {@code rawStatus} is null
	 * when the answer carried no status (outcome-calling-v1 answers only the id).
	 */
	record Accepted(String callSid, CallStatus status, @Nullable String rawStatus) implements TriggerResult {
	}

	/** 400: this recipient cannot be called as asked; final for the recipient. */
	record Rejected(String reason) implements TriggerResult {
	}

	/**
	 * 401/403/404: our configuration is wrong; dial nothing more until an operator fixes it.
	 * {@code httpStatus} is {@link #NOT_SENT} when the port refused the connection's host (an
	 * internal address) and sent nothing.
	 */
	record ConfigurationRejected(int httpStatus, String reason) implements TriggerResult {

		/** No request was sent: the connection's host is not an allowed target. */
		public static final int NOT_SENT = 0;

	}

	/** 429: slow down, and try again no sooner than {@code retryAfter}. */
	record Throttled(Duration retryAfter) implements TriggerResult {
	}

	/**
	 * The provider could not take the call (500/502/503, connection refused, circuit open), and
	 * we know no call was placed; retried already with backoff, so reschedule.
	 */
	record Unavailable(String reason) implements TriggerResult {
	}

	/**
	 * The request was sent but its answer was lost (timeout, reset, a malformed answer): the
	 * call may have been placed. Never redial automatically.
	 */
	record OutcomeUnknown(String reason) implements TriggerResult {
	}

}
