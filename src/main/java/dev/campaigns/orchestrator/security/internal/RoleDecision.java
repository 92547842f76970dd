package dev.campaigns.orchestrator.security.internal;

import org.springframework.security.authorization.AuthorizationDecision;

/** An authorization decision that, when it refuses, says what was missing for the 403's detail. */
class RoleDecision extends AuthorizationDecision {

	private final String detail;

	RoleDecision(boolean granted, String detail) {
		super(granted);
		this.detail = detail;
	}

	/** What the refused caller would have needed, phrased for the client. */
	String detail() {
		return detail;
	}

}
