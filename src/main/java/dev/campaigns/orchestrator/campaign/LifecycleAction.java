package dev.campaigns.orchestrator.campaign;

import java.time.Instant;
import java.util.Optional;

/** What an operator can do to a campaign, and the status each action leads to from each status. */
public enum LifecycleAction {

	PAUSE, RESUME, CANCEL;

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
		};
	}

}
