package dev.campaigns.orchestrator.campaign;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * How a campaign retries: at most {@code maxAttempts} calls per recipient, the next no sooner
 * than {@code backoff} after the last ended, and only after the outcomes in {@code retryOn}.
 */
public record RetryPolicy(int maxAttempts, Duration backoff, Set<RecipientOutcome> retryOn) {

	/** 3 attempts, 30 minutes apart, after no answer, busy or failed. */
	public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMinutes(30),
			EnumSet.of(RecipientOutcome.NO_ANSWER, RecipientOutcome.BUSY, RecipientOutcome.FAILED));

	public RetryPolicy {
		retryOn = retryOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryOn));
	}

	/** Whether a recipient whose {@code attempts}-th call ended with {@code outcome} is called again. */
	public boolean retries(RecipientOutcome outcome, int attempts) {
		return retryOn.contains(outcome) && attempts < maxAttempts;
	}

}
