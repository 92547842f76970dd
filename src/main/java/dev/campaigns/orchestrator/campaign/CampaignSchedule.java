package dev.campaigns.orchestrator.campaign;

import java.time.Instant;
import java.time.ZoneId;

import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.jspecify.annotations.Nullable;

/**
 * When a campaign may call.
 *
 * @param startAt no call before this instant (null: as soon as it is created)
 * @param endAt no call after this instant (null: no end)
 * @param callingWindow local hours, days and blackout dates
 * @param defaultTimeZone the zone for numbers whose zone is not known otherwise
 * @param completion when the campaign completes on its own
 */
public record CampaignSchedule(@Nullable Instant startAt, @Nullable Instant endAt, CallingWindow callingWindow,
		@Nullable ZoneId defaultTimeZone, CampaignCompletion completion) {

	/** A schedule that completes when its recipients are done. */
	public CampaignSchedule(@Nullable Instant startAt, @Nullable Instant endAt, CallingWindow callingWindow,
			@Nullable ZoneId defaultTimeZone) {
		this(startAt, endAt, callingWindow, defaultTimeZone, CampaignCompletion.WHEN_DONE);
	}

}
