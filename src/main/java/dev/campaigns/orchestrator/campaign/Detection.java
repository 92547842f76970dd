package dev.campaigns.orchestrator.campaign;

/**
 * Who or what answered a call, as the agent classified it on its first turn and reported it
 * to {@code POST /api/v1/calls/{callSid}/outcome} ({@code call_attempt.detection}).
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
	UNKNOWN;

	/**
	 * Whether this detection decides a call's retry whatever status the provider ended it with:
	 * a voicemail or an IVR the provider counts as answered delivered nothing, and a number not
	 * in service is never called again.
	 */
	public boolean overridesStatus() {
		return this == VOICEMAIL || this == IVR || this == NOT_IN_SERVICE;
	}

}
