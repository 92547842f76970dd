package dev.campaigns.orchestrator.report.web;

/** No campaign with this id for the signed-in tenant. */
class AdminNotFound extends RuntimeException {

	AdminNotFound() {
		super(null, null, false, false);
	}

}
