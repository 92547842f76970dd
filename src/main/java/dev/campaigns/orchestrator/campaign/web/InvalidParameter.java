package dev.campaigns.orchestrator.campaign.web;

/** A query parameter with a value the API does not know (400, naming it). */
class InvalidParameter extends RuntimeException {

	private final String name;

	private final String reason;

	InvalidParameter(String name, String reason) {
		super(name + " " + reason, null, false, false);
		this.name = name;
		this.reason = reason;
	}

	String name() {
		return name;
	}

	String reason() {
		return reason;
	}

}
