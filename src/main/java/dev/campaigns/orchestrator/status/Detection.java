package dev.campaigns.orchestrator.status;

/**
 * Who answered a call, as the agent classified it in its first step (PolyAI's outbound guide)
 * and reported it to {@code POST /api/v1/calls/{callSid}/outcome}.
 */
public enum Detection {

	/** A person. */
	HUMAN,

	/** An answering machine or voicemail box. */
	VOICEMAIL,

	/** An automated menu. */
	IVR,

	/** The network says the number is not in service: it is added to the tenant's do-not-call list. */
	NOT_IN_SERVICE,

	/** A switchboard or receptionist, not the recipient. */
	OPERATOR,

	/** The agent could not tell. */
	UNKNOWN

}
