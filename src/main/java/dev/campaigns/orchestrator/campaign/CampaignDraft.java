package dev.campaigns.orchestrator.campaign;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A campaign as a client posts it, before validation: every value as given, so that each
 * mistake can be reported by name. Absent sections take their documented defaults.
 */
@Schema(name = "NewCampaign")
public record CampaignDraft(@Nullable String name, @Nullable Schedule schedule, @Nullable Retry retry,
		@Nullable Rate rateLimit,
		@Schema(minimum = "1", maximum = "5", defaultValue = "3",
				description = "1 (least urgent) to 5 (most urgent). When the global rate cannot serve every"
						+ " campaign at once, a campaign's share of it is weighted 2^(priority - 1); every campaign"
						+ " with work is still served in turn")
		@Nullable Integer priority, @Nullable Call call, @Nullable List<RecipientDraft> recipients) {

	@Schema(name = "NewSchedule")
	public record Schedule(@Nullable String startAt, @Nullable String endAt, @Nullable Window callingWindow,
			@Nullable String defaultTimeZone, @Nullable List<String> blackoutDates,
			@Schema(allowableValues = { "WHEN_DONE", "AT_END" }, defaultValue = "WHEN_DONE",
					description = "WHEN_DONE: completes once no recipient is left to call. AT_END: stays open"
							+ " for appends until endAt has passed or it is completed by hand")
			@Nullable String completion) {
	}

	@Schema(name = "NewCallingWindow")
	public record Window(@Nullable String start, @Nullable String end, @Nullable List<String> days) {
	}

	@Schema(name = "NewRetry")
	public record Retry(@Schema(minimum = "1", maximum = "10", defaultValue = "3") @Nullable Integer maxAttempts,
			@Schema(description = "ISO-8601 duration, PT1M to P7D: the wait after an outcome in retryOn that no rule"
					+ " names", defaultValue = "PT30M") @Nullable String backoff,
			@Schema(description = "Outcomes retried after backoff unless a rule names them; default NO_ANSWER, BUSY,"
					+ " FAILED") @Nullable List<String> retryOn,
			@Schema(description = "Retry by outcome or by the agent's detection; a rule decides for what it names")
			@Nullable List<RetryRule> rules) {

		public Retry(@Nullable Integer maxAttempts, @Nullable String backoff, @Nullable List<String> retryOn) {
			this(maxAttempts, backoff, retryOn, null);
		}

	}

	@Schema(name = "NewRetryRule")
	public record RetryRule(
			@Schema(allowableValues = { "NO_ANSWER", "BUSY", "FAILED",
					"VOICEMAIL", "IVR", "NOT_IN_SERVICE", "OPERATOR", "HUMAN" },
					description = "An outcome of the call, or what the agent detected (VOICEMAIL, IVR and"
							+ " NOT_IN_SERVICE decide whatever status the call ended with)") @Nullable String on,
			@Schema(description = "ISO-8601 durations, PT1M to P7D: the wait after the recipient's n-th call is"
					+ " element n - 1, the last one for every later call; required unless retry is false")
			@Nullable List<String> backoff,
			@Schema(minimum = "1", maximum = "10", description = "At most this many calls when this rule decides"
					+ " (and never more than the policy's maxAttempts)") @Nullable Integer maxAttempts,
			@Schema(defaultValue = "true", description = "false: never retried (NOT_IN_SERVICE never is)")
			@Nullable Boolean retry) {
	}

	@Schema(name = "NewRateLimit")
	public record Rate(@Nullable Integer callsPerMinute, @Nullable Integer maxConcurrentCalls) {
	}

	@Schema(name = "NewCallOptions")
	public record Call(@Nullable String environment, @Nullable String variantId, @Nullable String encryption,
			@Schema(format = "uuid", description = "The id of one of the tenant's provider connections"
					+ " (/api/v1/provider-connections) every call of the campaign goes through; absent: the"
					+ " deployment's default connection. Fixed at creation; a deleted, disabled or other tenant's"
					+ " connection is refused") @Nullable String connection) {

		public Call(@Nullable String environment, @Nullable String variantId, @Nullable String encryption) {
			this(environment, variantId, encryption, null);
		}

	}

}
