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
	public record Retry(@Nullable Integer maxAttempts, @Nullable String backoff, @Nullable List<String> retryOn) {
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
