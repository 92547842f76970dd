package dev.campaigns.orchestrator.campaign.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.campaigns.orchestrator.campaign.CampaignDraft;
import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.campaign.RetryPolicy;
import dev.campaigns.orchestrator.campaign.RetryRule;
import org.jspecify.annotations.Nullable;

/**
 * A campaign's retry section: the old shape ({@code maxAttempts}, one {@code backoff},
 * {@code retryOn}) and rules by outcome or detection, each mistake named by its field
 * ({@code retry.rules[1].backoff[0]}). Pure.
 */
final class RetryValidation {

	static final Set<RecipientOutcome> RETRYABLE = EnumSet.of(RecipientOutcome.NO_ANSWER, RecipientOutcome.BUSY,
			RecipientOutcome.FAILED);

	/** What a rule may name: a retryable outcome, or what the agent detected. */
	static final List<String> RULE_ON = List.of("NO_ANSWER", "BUSY", "FAILED", "VOICEMAIL", "IVR", "NOT_IN_SERVICE",
			"OPERATOR", "HUMAN");

	private static final int MOST_ATTEMPTS = 10;

	private RetryValidation() {
	}

	static RetryPolicy retry(CampaignDraft.@Nullable Retry draft, List<FieldError> errors) {
		if (draft == null) {
			return RetryPolicy.DEFAULT;
		}
		int maxAttempts = attempts("retry.maxAttempts", draft.maxAttempts(), RetryPolicy.DEFAULT.maxAttempts(), errors);
		Duration backoff = draft.backoff() == null ? RetryPolicy.DEFAULT.backoff()
				: duration("retry.backoff", draft.backoff(), errors);
		Set<RecipientOutcome> retryOn = EnumSet.noneOf(RecipientOutcome.class);
		if (draft.retryOn() == null) {
			retryOn.addAll(RetryPolicy.DEFAULT.retryOn());
		}
		else {
			for (int i = 0; i < draft.retryOn().size(); i++) {
				RecipientOutcome outcome = outcome(draft.retryOn().get(i));
				if (outcome == null || !RETRYABLE.contains(outcome)) {
					errors.add(FieldError.ofCampaign("retry.retryOn[" + i + "]",
							"must be one of NO_ANSWER, BUSY, FAILED"));
				}
				else {
					retryOn.add(outcome);
				}
			}
		}
		List<RetryRule> rules = new ArrayList<>();
		if (draft.rules() != null) {
			Set<String> named = new HashSet<>();
			for (int i = 0; i < draft.rules().size(); i++) {
				RetryRule rule = rule("retry.rules[" + i + "]", draft.rules().get(i), named, errors);
				if (rule != null) {
					rules.add(rule);
				}
			}
		}
		return new RetryPolicy(maxAttempts, backoff == null ? RetryPolicy.DEFAULT.backoff() : backoff, retryOn,
				rules);
	}

	private static @Nullable RetryRule rule(String field, CampaignDraft.@Nullable RetryRule draft, Set<String> named,
			List<FieldError> errors) {
		if (draft == null) {
			errors.add(FieldError.ofCampaign(field, "must be a rule such as {\"on\": \"NO_ANSWER\", \"backoff\": [\"PT30M\"]}"));
			return null;
		}
		int before = errors.size();
		String on = draft.on() == null ? null : draft.on().trim().toUpperCase(Locale.ROOT);
		if (on == null || !RULE_ON.contains(on)) {
			errors.add(FieldError.ofCampaign(field + ".on", "must be one of " + String.join(", ", RULE_ON)));
		}
		else if (!named.add(on)) {
			errors.add(FieldError.ofCampaign(field + ".on", "names " + on + " again: one rule per outcome"));
		}
		boolean retry = draft.retry() == null || draft.retry();
		List<String> given = draft.backoff() == null ? List.of() : draft.backoff();
		if (!retry) {
			if (!given.isEmpty()) {
				errors.add(FieldError.ofCampaign(field + ".backoff", "must be absent when retry is false"));
			}
			if (draft.maxAttempts() != null) {
				errors.add(FieldError.ofCampaign(field + ".maxAttempts", "must be absent when retry is false"));
			}
			return errors.size() > before ? null : RetryRule.never(on);
		}
		if ("NOT_IN_SERVICE".equals(on)) {
			errors.add(FieldError.ofCampaign(field + ".retry",
					"must be false: a number not in service is never called again"));
		}
		if (given.isEmpty()) {
			errors.add(FieldError.ofCampaign(field + ".backoff",
					"must list at least one ISO-8601 duration such as PT30M, unless retry is false"));
		}
		else if (given.size() > MOST_ATTEMPTS) {
			errors.add(FieldError.ofCampaign(field + ".backoff", "must list at most " + MOST_ATTEMPTS + " durations"));
		}
		List<Duration> backoff = new ArrayList<>();
		for (int i = 0; i < given.size() && i < MOST_ATTEMPTS; i++) {
			backoff.add(duration(field + ".backoff[" + i + "]", given.get(i), errors));
		}
		Integer maxAttempts = draft.maxAttempts() == null ? null
				: attempts(field + ".maxAttempts", draft.maxAttempts(), 1, errors);
		return errors.size() > before ? null : new RetryRule(on, backoff, maxAttempts, true);
	}

	private static int attempts(String field, @Nullable Integer value, int fallback, List<FieldError> errors) {
		if (value == null) {
			return fallback;
		}
		if (value < 1 || value > MOST_ATTEMPTS) {
			errors.add(FieldError.ofCampaign(field, "must be between 1 and " + MOST_ATTEMPTS));
			return fallback;
		}
		return value;
	}

	private static @Nullable Duration duration(String field, @Nullable String value, List<FieldError> errors) {
		try {
			Duration duration = Duration.parse(value == null ? "" : value.trim());
			if (duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(Duration.ofDays(7)) > 0) {
				errors.add(FieldError.ofCampaign(field, "must be between PT1M and P7D"));
			}
			return duration;
		}
		catch (DateTimeParseException ex) {
			errors.add(FieldError.ofCampaign(field, "must be an ISO-8601 duration such as PT30M"));
			return null;
		}
	}

	private static @Nullable RecipientOutcome outcome(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return RecipientOutcome.valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
