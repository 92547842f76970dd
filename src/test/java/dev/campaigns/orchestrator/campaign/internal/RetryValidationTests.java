package dev.campaigns.orchestrator.campaign.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.campaigns.orchestrator.campaign.CampaignDraft;
import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.campaign.RetryPolicy;
import dev.campaigns.orchestrator.campaign.RetryRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RetryValidationTests {

	@Test
	void theIssuesExampleIsARetryPolicyWithRules() {
		List<FieldError> errors = new ArrayList<>();

		RetryPolicy policy = RetryValidation.retry(new CampaignDraft.Retry(4, null, null, List.of(
				rule("NO_ANSWER", List.of("PT30M", "PT2H"), null, null),
				rule("VOICEMAIL", List.of("PT4H"), 2, null), rule("NOT_IN_SERVICE", null, null, false))), errors);

		assertThat(errors).isEmpty();
		assertThat(policy).isEqualTo(new RetryPolicy(4, RetryPolicy.DEFAULT.backoff(), RetryPolicy.DEFAULT.retryOn(),
				List.of(new RetryRule("NO_ANSWER", List.of(Duration.ofMinutes(30), Duration.ofHours(2)), null, true),
						new RetryRule("VOICEMAIL", List.of(Duration.ofHours(4)), 2, true),
						RetryRule.never("NOT_IN_SERVICE"))));
	}

	@Test
	void theOldShapeStaysValidAndHasNoRules() {
		List<FieldError> errors = new ArrayList<>();

		RetryPolicy policy = RetryValidation.retry(new CampaignDraft.Retry(3, "PT1H", List.of("BUSY")), errors);

		assertThat(errors).isEmpty();
		assertThat(policy.rules()).isEmpty();
		assertThat(policy.backoff()).isEqualTo(Duration.ofHours(1));
	}

	static Stream<Arguments> mistakes() {
		return Stream.of(arguments(rule("COMPLETED", List.of("PT1H"), null, null), "retry.rules[1].on"),
				arguments(rule(null, List.of("PT1H"), null, null), "retry.rules[1].on"),
				arguments(rule("NO_ANSWER", List.of("PT1H"), null, null), "retry.rules[1].on"),
				arguments(rule("BUSY", List.of(), null, null), "retry.rules[1].backoff"),
				arguments(rule("BUSY", null, null, true), "retry.rules[1].backoff"),
				arguments(rule("BUSY", List.of("soon"), null, null), "retry.rules[1].backoff[0]"),
				arguments(rule("BUSY", List.of("PT1H", "PT10S"), null, null), "retry.rules[1].backoff[1]"),
				arguments(rule("BUSY", List.of("PT1H"), 11, null), "retry.rules[1].maxAttempts"),
				arguments(rule("BUSY", List.of("PT1H"), null, false), "retry.rules[1].backoff"),
				arguments(rule("BUSY", null, 2, false), "retry.rules[1].maxAttempts"),
				arguments(rule("NOT_IN_SERVICE", List.of("PT1H"), null, null), "retry.rules[1].retry"),
				arguments(null, "retry.rules[1]"));
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("mistakes")
	void eachMistakeIsNamedByItsField(CampaignDraft.RetryRule second, String field) {
		List<FieldError> errors = new ArrayList<>();
		List<CampaignDraft.RetryRule> rules = new ArrayList<>();
		rules.add(rule("NO_ANSWER", List.of("PT30M"), null, null));
		rules.add(second);

		RetryValidation.retry(new CampaignDraft.Retry(null, null, null, rules), errors);

		assertThat(errors).extracting(FieldError::field).containsExactly(field);
	}

	private static CampaignDraft.RetryRule rule(String on, List<String> backoff, Integer maxAttempts, Boolean retry) {
		return new CampaignDraft.RetryRule(on, backoff, maxAttempts, retry);
	}

}
