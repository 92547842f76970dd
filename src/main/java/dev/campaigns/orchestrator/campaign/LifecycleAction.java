package dev.campaigns.orchestrator.campaign;

import java.time.Instant;
import java.util.Optional;

/**
 * What an operator can do to a campaign, and the status each action leads to from each status.
 * Completing by hand closes a campaign like a cancel (no more calls or appends) but as
 * {@code COMPLETED}: the way to close an {@code AT_END} campaign before, or without, its end.
 */
public enum LifecycleAction {

	PAUSE, RESUME, CANCEL, COMPLETE;

	/**
	 * The status after this action, or empty when the action is not allowed from {@code from}.
	 * Resuming a campaign whose start is still ahead makes it scheduled again.
	 */
	public Optional<CampaignStatus> from(CampaignStatus from, CampaignSchedule schedule, Instant now) {
		return switch (this) {
			case PAUSE -> from == CampaignStatus.SCHEDULED || from == CampaignStatus.RUNNING
					? Optional.of(CampaignStatus.PAUSED) : Optional.empty();
			case RESUME -> from == CampaignStatus.PAUSED
					? Optional.of(schedule.startAt() != null && schedule.startAt().isAfter(now)
							? CampaignStatus.SCHEDULED : CampaignStatus.RUNNING)
					: Optional.empty();
			case CANCEL -> from.isFinal() ? Optional.empty() : Optional.of(CampaignStatus.CANCELLED);
			case COMPLETE -> from.isFinal() ? Optional.empty() : Optional.of(CampaignStatus.COMPLETED);
		};
	}

}
