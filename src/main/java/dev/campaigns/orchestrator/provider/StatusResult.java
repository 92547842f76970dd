package dev.campaigns.orchestrator.provider;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** What a status request found. */
public sealed interface StatusResult {

	/**
	 * The provider's current status, canonical and verbatim, with what else its answer said.
	 *
	 * @param rawAnswer the answer's body, cut to a few KB and made safe to store; null when not kept
	 * @param durationSeconds the call's duration, when the answer gives one
	 * @param endedAt when the call ended, when the answer says
	 */
	record Observed(CallStatus status, String rawStatus, @Nullable String rawAnswer, @Nullable Integer durationSeconds,
			@Nullable Instant endedAt) implements StatusResult {

		/** A status without the rest of its answer. */
		public Observed(CallStatus status, String rawStatus) {
			this(status, rawStatus, null, null, null);
		}

	}

	/**
	 * 404: not visible yet, or forgotten after the retention window; only the caller knows
	 * which, from when the call was triggered.
	 */
	record NotFound() implements StatusResult {
	}

	/**
	 * 401/403: our configuration is wrong; {@code httpStatus} is
	 * {@link TriggerResult.ConfigurationRejected#NOT_SENT} when the connection's host was refused
	 * and nothing was sent.
	 */
	record ConfigurationRejected(int httpStatus, String reason) implements StatusResult {
	}

	/** 429: status requests must slow down. */
	record Throttled(Duration retryAfter) implements StatusResult {
	}

	/** The status could not be read now (5xx, timeout, connection); retried already, poll again later. */
	record Unavailable(String reason) implements StatusResult {
	}

}
