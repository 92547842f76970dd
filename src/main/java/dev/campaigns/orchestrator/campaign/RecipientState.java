package dev.campaigns.orchestrator.campaign;

/** Where a recipient is: waiting, being dialled, in a call, or done with an outcome. */
public enum RecipientState {

	PENDING, DIALING, IN_CALL, DONE

}
