package dev.campaigns.orchestrator.security.web;

/** An administrator acting beyond its level: another tenant's keys, or a role it may not grant (403). */
class NotPermitted extends RuntimeException {

	NotPermitted(String detail) {
		super(detail, null, false, false);
	}

}
