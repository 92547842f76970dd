package dev.campaigns.orchestrator.report.web;

/** No campaign with this id for the caller's tenant (another tenant's campaign is not found either). */
class ReportCampaignNotFound extends RuntimeException {

	ReportCampaignNotFound(String id) {
		super("no campaign " + id, null, false, false);
	}

}
