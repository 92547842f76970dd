package dev.campaigns.orchestrator.campaign.web;

import dev.campaigns.orchestrator.campaign.CampaignStatus;

/** A completed or cancelled campaign takes no more recipients (409). */
class CampaignClosed extends RuntimeException {

	CampaignClosed(CampaignStatus status) {
		super("the campaign is " + status + " and takes no more recipients", null, false, false);
	}

}
