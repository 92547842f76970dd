package dev.campaigns.orchestrator.campaign.web;

/** The Idempotency-Key was used before with another body (422). */
class IdempotencyKeyReused extends RuntimeException {

	IdempotencyKeyReused() {
		super("this Idempotency-Key was used with a different request body", null, false, false);
	}

}
