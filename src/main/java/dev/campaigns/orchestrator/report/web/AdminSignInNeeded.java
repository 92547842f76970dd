package dev.campaigns.orchestrator.report.web;

/** No dashboard session: sign in first. */
class AdminSignInNeeded extends RuntimeException {

	AdminSignInNeeded() {
		super(null, null, false, false);
	}

}
