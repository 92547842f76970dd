package dev.campaigns.orchestrator.campaign;

/** What became of a pause, resume or cancel. */
public sealed interface LifecycleResult {

	record Changed(CampaignView campaign) implements LifecycleResult {
	}

	record NotFound() implements LifecycleResult {
	}

	/** The action is not allowed from the campaign's current status. */
	record NotAllowed(LifecycleAction action, CampaignStatus status) implements LifecycleResult {
	}

}
