package dev.campaigns.orchestrator.campaign.web;

import dev.campaigns.orchestrator.campaign.CampaignStatus;
import dev.campaigns.orchestrator.campaign.LifecycleAction;

/** The lifecycle action is not allowed from the campaign's status (409). */
class TransitionNotAllowed extends RuntimeException {

	TransitionNotAllowed(LifecycleAction action, CampaignStatus status) {
		super("cannot " + action.name().toLowerCase(java.util.Locale.ROOT) + " a campaign that is " + status, null,
				false, false);
	}

}
