package dev.campaigns.orchestrator.campaign;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The settings a campaign may change once created, as a JSON merge patch (RFC 7396) over
 * create's sections: a field left out stays as it is, {@code null} removes a value (its
 * documented default applies again, e.g. no {@code endAt}), an object merges field by field and
 * an array replaces the whole list. This record is the one list of patchable fields: whatever
 * else a body names ({@code schedule.startAt}, {@code call}, {@code recipients}) is refused.
 */
@Schema(name = "CampaignPatch")
public record CampaignPatch(@Nullable String name, @Nullable Schedule schedule, CampaignDraft.@Nullable Retry retry,
		CampaignDraft.@Nullable Rate rateLimit,
		@Schema(minimum = "1", maximum = "5", description = "1 (least urgent) to 5 (most urgent); null: back to 3")
		@Nullable Integer priority) {

	@Schema(name = "CampaignSchedulePatch",
			description = "startAt cannot be changed: a campaign that has not started yet is cancelled and created again")
	public record Schedule(@Nullable String endAt, CampaignDraft.@Nullable Window callingWindow,
			@Nullable String defaultTimeZone, @Nullable List<String> blackoutDates,
			@Schema(allowableValues = { "WHEN_DONE", "AT_END" }) @Nullable String completion) {
	}

}
