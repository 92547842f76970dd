package dev.campaigns.orchestrator.campaign;

/** Why a recipient is done. */
public enum RecipientOutcome {

	COMPLETED, NO_ANSWER, BUSY, FAILED,

	/** The number or its data was rejected (by us at ingest, or by the provider with 400). */
	INVALID,

	/** No lawful opening before the recipient's {@code notAfter} or the campaign's end. */
	EXPIRED,

	CANCELLED,

	/** On the tenant's do-not-call list. */
	SUPPRESSED,

	/** The provider forgot the call before we saw its final status. */
	STATUS_EXPIRED,

	/** The trigger's answer was lost: the call may have happened; an operator decides. */
	TRIGGER_UNKNOWN

}
