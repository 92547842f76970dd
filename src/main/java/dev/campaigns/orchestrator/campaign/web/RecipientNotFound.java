package dev.campaigns.orchestrator.campaign.web;

/** No such recipient in this campaign of the caller's tenant. */
class RecipientNotFound extends RuntimeException {

	RecipientNotFound(String campaignId, long recipientId) {
		super("no recipient " + recipientId + " in campaign " + campaignId, null, false, false);
	}

}
