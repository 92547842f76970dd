package dev.campaigns.orchestrator.report.web;

/** The signed-in key lacks the role this needs. */
class AdminForbidden extends RuntimeException {

	AdminForbidden() {
		super(null, null, false, false);
	}

}
