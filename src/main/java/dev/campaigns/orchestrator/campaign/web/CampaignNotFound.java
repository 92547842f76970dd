package dev.campaigns.orchestrator.campaign.web;

/** No campaign with this id for the caller's tenant (another tenant's campaign is not found either). */
class CampaignNotFound extends RuntimeException {

	CampaignNotFound(String id) {
		super("no campaign " + id, null, false, false);
	}

}
