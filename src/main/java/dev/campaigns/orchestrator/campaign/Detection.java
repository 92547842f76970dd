package dev.campaigns.orchestrator.campaign;

/**
 * Who or what answered a call, as the agent classified it on its first turn and reported it
 * ({@code call_attempt.detection}).
 */
public enum Detection {

	HUMAN, VOICEMAIL, IVR, NOT_IN_SERVICE, OPERATOR, UNKNOWN;

	/**
	 * Whether this detection decides a call's retry whatever status the provider ended it with:
	 * a voicemail or an IVR the provider counts as answered delivered nothing, and a number not
	 * in service is never called again.
	 */
	public boolean overridesStatus() {
		return this == VOICEMAIL || this == IVR || this == NOT_IN_SERVICE;
	}

}
