package dev.campaigns.orchestrator.provider;

import java.time.Instant;

/**
 * The port to PolyAI's Outbound Calling API, in whichever dialect this deployment is
 * configured for. Implementations never throw for an answer of the provider: every
 * outcome is a {@link TriggerResult} or a {@link StatusResult}.
 */
public interface OutboundCalls {

	/**
	 * Asks the provider to place one call. Retries only what cannot have placed a call
	 * (connection refused, 500/502/503), with exponential backoff and jitter; a request that
	 * was sent and not answered is {@link TriggerResult.OutcomeUnknown}, never retried.
	 */
	TriggerResult trigger(CallRequest request);

	/**
	 * Reads a call's current status; safe to retry, and retried on transient failures. Every
	 * exchange ends by {@code answerBy} (the call's retention deadline: an answer after it says
	 * nothing any more): one that would not is cut there, and none starts after it.
	 */
	StatusResult status(String callSid, Instant answerBy);

	/** {@link #status(String, Instant)} bounded only by the adapter's own deadlines. */
	default StatusResult status(String callSid) {
		return status(callSid, Instant.MAX);
	}

	/** The dialect this port speaks. */
	Dialect dialect();

}
