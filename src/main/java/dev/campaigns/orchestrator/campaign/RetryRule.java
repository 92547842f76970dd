package dev.campaigns.orchestrator.campaign;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How a campaign retries after one outcome or detection ({@code on}): never ({@code retry}
 * false), or after {@code backoff.get(n - 1)} from the end of the recipient's n-th call (the
 * last element for every later call), while the recipient has had fewer calls than the
 * rule's {@code maxAttempts} (if any) and the policy's.
 *
 * @param on a {@link RecipientOutcome} ({@code NO_ANSWER}, {@code BUSY}, {@code FAILED}) or a
 * {@link Detection} ({@code VOICEMAIL}, {@code IVR}, {@code NOT_IN_SERVICE}, {@code OPERATOR},
 * {@code HUMAN}) name
 */
public record RetryRule(String on, List<Duration> backoff, @Nullable Integer maxAttempts, boolean retry) {

	public RetryRule {
		backoff = List.copyOf(backoff);
	}

	/** A rule that never retries what it names. */
	public static RetryRule never(String on) {
		return new RetryRule(on, List.of(), null, false);
	}

	/** The wait after the recipient's {@code attempts}-th call. */
	public Duration backoffAfter(int attempts) {
		return backoff.get(Math.min(Math.max(attempts, 1), backoff.size()) - 1);
	}

}
