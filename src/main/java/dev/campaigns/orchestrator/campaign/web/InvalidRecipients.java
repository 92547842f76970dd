package dev.campaigns.orchestrator.campaign.web;

import dev.campaigns.orchestrator.campaign.IngestResult;

/** Validation found problems; nothing was stored (400). */
class InvalidRecipients extends RuntimeException {

	private final transient IngestResult.Invalid invalid;

	InvalidRecipients(IngestResult.Invalid invalid) {
		super(invalid.totalErrors() + " problems", null, false, false);
		this.invalid = invalid;
	}

	IngestResult.Invalid invalid() {
		return invalid;
	}

}
