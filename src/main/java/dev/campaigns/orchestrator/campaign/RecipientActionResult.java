package dev.campaigns.orchestrator.campaign;

/** What became of an action on one recipient (a cancel, a requeue). */
public sealed interface RecipientActionResult {

	/** Done (or already done, for a repeated cancel): the recipient now. */
	record Done(RecipientDetail recipient) implements RecipientActionResult {
	}

	/** No such campaign of the tenant, or no such recipient in it. */
	record NotFound() implements RecipientActionResult {
	}

	/** Several recipients of the campaign have the external id: it names none. */
	record Ambiguous(String externalId) implements RecipientActionResult {
	}

	/** The action does not apply to the recipient as it is, and why. */
	record NotAllowed(String why) implements RecipientActionResult {
	}

}
