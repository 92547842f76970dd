package dev.campaigns.orchestrator.campaign;

/** Where a campaign is in its life. */
public enum CampaignStatus {

	SCHEDULED, RUNNING, PAUSED, COMPLETED, CANCELLED;

	/** Whether nothing can happen to the campaign any more. */
	public boolean isFinal() {
		return this == COMPLETED || this == CANCELLED;
	}

}
