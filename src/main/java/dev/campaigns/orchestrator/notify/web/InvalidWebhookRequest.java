package dev.campaigns.orchestrator.notify.web;

import java.util.List;

import dev.campaigns.orchestrator.notify.web.WebhookRequest.FieldViolation;

/** A subscription request that breaks the rules of {@link WebhookRequest}. */
class InvalidWebhookRequest extends RuntimeException {

	private final List<FieldViolation> violations;

	InvalidWebhookRequest(List<FieldViolation> violations) {
		super("The webhook request is invalid.");
		this.violations = List.copyOf(violations);
	}

	List<FieldViolation> violations() {
		return violations;
	}

}
