package dev.campaigns.orchestrator.campaign.web;

/** Several recipients of the campaign have the external id: it names none of them (409). */
class ExternalIdAmbiguous extends RuntimeException {

	ExternalIdAmbiguous(String externalId) {
		super("several recipients of this campaign have external id " + externalId
				+ ": act on one by its recipient id", null, false, false);
	}

}
