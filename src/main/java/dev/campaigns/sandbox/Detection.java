package dev.campaigns.sandbox;

/**
 * Who or what picked up an answered sandbox call, as a PolyAI agent's first step classifies
 * it (the outbound guide's recipient detection), and the result code the sandbox's agent
 * reports for it. Configured as weights in {@code orchestrator.sandbox.detections} under the
 * keys {@code human}, {@code voicemail}, {@code ivr}, {@code not-in-service} and
 * {@code operator}.
 */
public enum Detection {

	/** A person: the agent delivers its message. */
	HUMAN("message_delivered"),

	/** An answering machine or voicemail greeting. */
	VOICEMAIL("voicemail_reached"),

	/** An automated menu. */
	IVR("ivr_reached"),

	/** The carrier's intercept: the number is not in service. */
	NOT_IN_SERVICE("number_not_in_service"),

	/** A receptionist or switchboard operator. */
	OPERATOR("operator_reached");

	private final String disposition;

	Detection(String disposition) {
		this.disposition = disposition;
	}

	/** The agent's result code for a call that met this. */
	String disposition() {
		return disposition;
	}

}
