package dev.campaigns.orchestrator.campaign;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * How a campaign retries: at most {@code maxAttempts} calls per recipient. An outcome or
 * detection a rule names is retried as that rule says; any other outcome in {@code retryOn}
 * no sooner than {@code backoff} after the last call ended; the rest are final. A campaign
 * created in the old shape has no rules.
 */
public record RetryPolicy(int maxAttempts, Duration backoff, Set<RecipientOutcome> retryOn, List<RetryRule> rules) {

	/** 3 attempts, 30 minutes apart, after no answer, busy or failed. */
	public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMinutes(30),
			EnumSet.of(RecipientOutcome.NO_ANSWER, RecipientOutcome.BUSY, RecipientOutcome.FAILED));

	public RetryPolicy {
		retryOn = retryOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryOn));
		rules = List.copyOf(rules);
	}

	public RetryPolicy(int maxAttempts, Duration backoff, Set<RecipientOutcome> retryOn) {
		this(maxAttempts, backoff, retryOn, List.of());
	}

	/**
	 * What the policy says about the recipient's {@code attempts}-th call, which the provider
	 * ended with {@code outcome} and the agent classified as {@code detection} (null: no report).
	 *
	 * @param outcome the recipient's outcome if it is not called again
	 * @param backoff the wait before another call, from the call's end; null: no other call
	 * @param rule the {@code on} of the rule that decided; null when {@code retryOn} did
	 */
	public record Next(RecipientOutcome outcome, @Nullable Duration backoff, @Nullable String rule) {
	}

	/**
	 * The policy's decision. A voicemail or an IVR is decided by its own rule, else as a
	 * {@code NO_ANSWER} (nothing was delivered, whatever the status), and a number not in
	 * service is never retried; an {@code OPERATOR} or {@code HUMAN} rule decides for the calls
	 * so classified; otherwise the status's outcome decides.
	 */
	public Next after(RecipientOutcome outcome, @Nullable Detection detection, int attempts) {
		if (detection == Detection.NOT_IN_SERVICE) {
			return new Next(RecipientOutcome.INVALID, null, Detection.NOT_IN_SERVICE.name());
		}
		if (detection != null && detection.overridesStatus()) {
			RetryRule rule = rule(detection.name());
			return rule != null ? by(rule, RecipientOutcome.NO_ANSWER, attempts)
					: byOutcome(RecipientOutcome.NO_ANSWER, attempts);
		}
		RetryRule rule = detection == null ? null : rule(detection.name());
		return rule != null ? by(rule, outcome, attempts) : byOutcome(outcome, attempts);
	}

	private Next byOutcome(RecipientOutcome outcome, int attempts) {
		RetryRule rule = rule(outcome.name());
		if (rule != null) {
			return by(rule, outcome, attempts);
		}
		return retryOn.contains(outcome) && attempts < maxAttempts ? new Next(outcome, backoff, null)
				: new Next(outcome, null, null);
	}

	private Next by(RetryRule rule, RecipientOutcome outcome, int attempts) {
		int most = rule.maxAttempts() == null ? maxAttempts : Math.min(rule.maxAttempts(), maxAttempts);
		boolean again = rule.retry() && !rule.backoff().isEmpty() && attempts < most;
		return new Next(outcome, again ? rule.backoffAfter(attempts) : null, rule.on());
	}

	private @Nullable RetryRule rule(String on) {
		return rules.stream().filter(rule -> rule.on().equals(on)).findFirst().orElse(null);
	}

}
