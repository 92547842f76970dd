package dev.campaigns.orchestrator.notify.web;

/** The caller's tenant has no such webhook subscription (or delivery). */
class WebhookNotFound extends RuntimeException {

	WebhookNotFound(String what) {
		super("There is no " + what + ".");
	}

}
