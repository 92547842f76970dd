package dev.campaigns.orchestrator.connection;

import java.util.List;

import dev.campaigns.orchestrator.connection.ConnectionDraft.FieldViolation;

/** A connection that breaks the rules of {@link ConnectionDraft}; nothing was stored. */
public class InvalidConnection extends RuntimeException {

	private final List<FieldViolation> violations;

	public InvalidConnection(List<FieldViolation> violations) {
		super("The provider connection is invalid.");
		this.violations = List.copyOf(violations);
	}

	public List<FieldViolation> violations() {
		return violations;
	}

}
