package dev.campaigns.orchestrator.report.web;

import dev.campaigns.orchestrator.report.internal.RecipientCsv;
import jakarta.servlet.http.HttpServletResponse;

/** The headers of a recipient CSV download, shared by the API and the dashboard. */
final class CsvDownload {

	private CsvDownload() {
	}

	/**
	 * The response as a CSV download: status and headers are set only when the export opens
	 * it, after its header row is known, so a failure before that still answers an error.
	 */
	static RecipientCsv.Download to(HttpServletResponse response, String campaignId) {
		return () -> {
			response.setStatus(HttpServletResponse.SC_OK);
			response.setContentType("text/csv;charset=UTF-8");
			response.setHeader("Content-Disposition", "attachment; filename=\"campaign-" + campaignId + ".csv\"");
			response.setHeader("Cache-Control", "no-store");
			return response.getOutputStream();
		};
	}

}
