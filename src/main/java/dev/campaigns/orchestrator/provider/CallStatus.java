package dev.campaigns.orchestrator.provider;

/**
 * The canonical status of a call, whatever the dialect said. The provider's own string is
 * always kept next to it (raw status), so nothing is lost in the mapping.
 */
public enum CallStatus {

	QUEUED(false), RINGING(false), IN_PROGRESS(false),

	COMPLETED(true), NO_ANSWER(true), BUSY(true), FAILED(true), CANCELLED(true),

	/**
	 * No final status by the call's retention deadline: the provider forgot the call (404), or
	 * answered nothing readable or only undocumented statuses until then.
	 */
	STATUS_EXPIRED(true),

	/** The trigger's response was lost after the request was sent: the call may or may not exist. */
	TRIGGER_UNKNOWN(true),

	/**
	 * A status string no dialect documents; kept verbatim as the raw status and polled on, up to
	 * the call's retention deadline (it does not move the deadline).
	 */
	UNRECOGNISED(false);

	private final boolean isFinal;

	CallStatus(boolean isFinal) {
		this.isFinal = isFinal;
	}

	/** Whether the call can change no more: polling stops here. */
	public boolean isFinal() {
		return isFinal;
	}

}
