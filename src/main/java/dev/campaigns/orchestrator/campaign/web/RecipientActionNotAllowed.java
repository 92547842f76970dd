package dev.campaigns.orchestrator.campaign.web;

/** A cancel or requeue does not apply to the recipient as it is (409). */
class RecipientActionNotAllowed extends RuntimeException {

	RecipientActionNotAllowed(String why) {
		super(why, null, false, false);
	}

}
