package dev.campaigns.orchestrator.campaign;

import java.util.List;

/** What became of an action on one recipient (a cancel, a requeue, an update). */
public sealed interface RecipientActionResult {

	/** Done (or already done, for a repeated cancel): the recipient now. */
	record Done(RecipientDetail recipient) implements RecipientActionResult {
	}

	/** No such campaign of the tenant, or no such recipient in it. */
	record NotFound() implements RecipientActionResult {
	}

	/** The action does not apply to the recipient as it is, and why. */
	record NotAllowed(String why) implements RecipientActionResult {
	}

	/** An update that the recipient's rules refuse (each field without an index); nothing changed. */
	record Invalid(List<FieldError> errors) implements RecipientActionResult {
	}

}
