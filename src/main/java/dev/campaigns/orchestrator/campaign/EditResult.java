package dev.campaigns.orchestrator.campaign;

import java.util.List;

/** What became of a campaign edit. */
public sealed interface EditResult {

	/** Stored (or nothing changed): the campaign now, and what the edit did. */
	record Edited(CampaignView campaign, List<String> changes, long replanned, long expired) implements EditResult {
	}

	record NotFound() implements EditResult {
	}

	/** A completed or cancelled campaign is not edited. */
	record Closed(CampaignStatus status) implements EditResult {
	}

	/** The settings after the edit break a rule of create: nothing was changed. */
	record Invalid(List<FieldError> errors) implements EditResult {
	}

}
