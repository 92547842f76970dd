package dev.campaigns.orchestrator.security.web;

import java.util.List;

import dev.campaigns.orchestrator.security.web.ApiKeyRequest.FieldViolation;

/** A request to create an API key that breaks the rules of {@link ApiKeyRequest}. */
class InvalidApiKeyRequest extends RuntimeException {

	private final List<FieldViolation> violations;

	InvalidApiKeyRequest(List<FieldViolation> violations) {
		super("The API key request is invalid.");
		this.violations = List.copyOf(violations);
	}

	List<FieldViolation> violations() {
		return violations;
	}

}
