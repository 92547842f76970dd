package dev.campaigns.orchestrator.report.web;

/** No campaign with this id for the signed-in tenant, or no such recipient in it. */
class AdminNotFound extends RuntimeException {

	private final boolean recipient;

	AdminNotFound() {
		this(false);
	}

	private AdminNotFound(boolean recipient) {
		super(null, null, false, false);
		this.recipient = recipient;
	}

	/** The campaign is the tenant's, but has no recipient with this id. */
	static AdminNotFound recipient() {
		return new AdminNotFound(true);
	}

	boolean isRecipient() {
		return recipient;
	}

}
