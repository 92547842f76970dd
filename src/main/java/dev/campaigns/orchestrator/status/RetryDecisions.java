package dev.campaigns.orchestrator.status;

/**
 * Decides a recipient's retry again when the agent's report about a call (who answered, when
 * to call back) is stored after the poller ended the call and decided without it.
 */
public interface RetryDecisions {

	/** What a {@link #reconsider} did. */
	enum Reconsidered {

		/** The call has not ended: the poller's decision will read the report. */
		NOT_ENDED,

		/** Nothing to change: the recipient is done, dialled again, being cancelled, or its plan stands. */
		UNCHANGED,

		/** Its next attempt was planned again, at the report's rule or time. */
		REPLANNED,

		/** It is done now (e.g. a number not in service, or a voicemail whose rule allows no more calls). */
		FINISHED

	}

	/**
	 * Decides again, as if the report had come before the call's end, for the recipient of call
	 * attempt {@code attemptId} when that call is its latest and its next attempt is still
	 * waiting to be dialled ({@code PENDING}, not claimed). The backoff counts from the call's
	 * end, the lawful times from now. Call it after storing the report's {@code detection} and
	 * {@code agent_retry_at}, in the same transaction: it locks the recipient's row (after the
	 * attempt's, as the poller does), so a report stored while the poller ends the call is read
	 * by one of the two.
	 */
	Reconsidered reconsider(long attemptId);

}
