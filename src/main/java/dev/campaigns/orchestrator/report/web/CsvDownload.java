package dev.campaigns.orchestrator.report.web;

import jakarta.servlet.http.HttpServletResponse;

/** The headers of a recipient CSV download, shared by the API and the dashboard. */
final class CsvDownload {

	private CsvDownload() {
	}

	static void start(HttpServletResponse response, String campaignId) {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader("Content-Disposition", "attachment; filename=\"campaign-" + campaignId + ".csv\"");
		response.setHeader("Cache-Control", "no-store");
	}

}
