package dev.campaigns.orchestrator.campaign.web;

import java.util.List;

import dev.campaigns.orchestrator.campaign.FieldError;

/** The body could not be read as the API describes (not JSON, wrong types, unknown fields, bad CSV). */
class MalformedRequest extends RuntimeException {

	private final transient List<FieldError> errors;

	MalformedRequest(List<FieldError> errors) {
		super(errors.isEmpty() ? "malformed request" : errors.get(0).field() + " " + errors.get(0).reason(), null,
				false, false);
		this.errors = List.copyOf(errors);
	}

	List<FieldError> errors() {
		return errors;
	}

}
