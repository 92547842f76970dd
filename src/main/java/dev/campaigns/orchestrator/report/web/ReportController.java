package dev.campaigns.orchestrator.report.web;

import java.util.Optional;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.report.CampaignReport;
import dev.campaigns.orchestrator.report.CampaignReports;
import dev.campaigns.orchestrator.report.internal.RecipientCsv;
import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Requires;
import dev.campaigns.orchestrator.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/campaigns/{id}/report}: the aggregated report, or with {@code Accept: text/csv} every recipient. */
@RestController
@RequestMapping(path = "/api/v1/campaigns", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Reports", description = "Campaign reports and the per-recipient CSV export")
class ReportController {

	static final String TEXT_CSV = "text/csv";

	private final CampaignReports reports;

	private final RecipientCsv csv;

	ReportController(CampaignReports reports, RecipientCsv csv) {
		this.reports = reports;
		this.csv = csv;
	}

	@GetMapping(path = "/{id}/report", produces = MediaType.APPLICATION_JSON_VALUE)
	@Requires({ Role.CAMPAIGNS_WRITE, Role.REPORTS_READ })
	@Operation(operationId = "getCampaignReport",
			summary = "The campaign's report (JSON), or every recipient as one CSV row (Accept: text/csv)",
			description = "JSON: counts, attempts, connect rate, calls per hour, estimated finish. CSV: one row per"
					+ " recipient, metadata keys as further columns, streamed.",
			responses = @ApiResponse(responseCode = "200", description = "The report",
					content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = CampaignReport.class)),
							@Content(mediaType = TEXT_CSV, schema = @Schema(type = "string")) }))
	CampaignReport report(@PathVariable String id, Caller caller) {
		return campaignId(id).flatMap(campaign -> reports.of(campaign, caller.tenant()))
			.orElseThrow(() -> new ReportCampaignNotFound(id));
	}

	@GetMapping(path = "/{id}/report", produces = TEXT_CSV)
	@Requires({ Role.CAMPAIGNS_WRITE, Role.REPORTS_READ })
	@Operation(operationId = "getCampaignReport")
	void export(@PathVariable String id, Caller caller, HttpServletResponse response) {
		CampaignReport report = report(id, caller);
		csv.write(UUID.fromString(report.campaignId()), CsvDownload.to(response, report.campaignId()));
	}

	static Optional<CampaignId> campaignId(String id) {
		try {
			return Optional.of(new CampaignId(UUID.fromString(id)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
