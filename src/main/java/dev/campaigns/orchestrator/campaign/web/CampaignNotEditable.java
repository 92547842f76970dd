package dev.campaigns.orchestrator.campaign.web;

import dev.campaigns.orchestrator.campaign.CampaignStatus;

/** A completed or cancelled campaign is not edited (409). */
class CampaignNotEditable extends RuntimeException {

	CampaignNotEditable(CampaignStatus status) {
		super("the campaign is " + status + " and can no longer be edited", null, false, false);
	}

}
