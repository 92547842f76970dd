package dev.campaigns.orchestrator.status.web;

import java.io.IOException;
import java.time.Clock;

import dev.campaigns.orchestrator.StrictJson;
import dev.campaigns.orchestrator.campaign.Detection;
import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Requires;
import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.status.AgentReport;
import dev.campaigns.orchestrator.status.internal.OutcomeReports.Answer;
import dev.campaigns.orchestrator.status.internal.OutcomeReports;
import dev.campaigns.orchestrator.status.internal.ReportedOutcome.Verdict;
import dev.campaigns.orchestrator.status.internal.ReportedOutcome;
import dev.campaigns.orchestrator.status.web.CallController.CallNotFound;
import dev.campaigns.orchestrator.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;


/**
 * The agent's report of what a call achieved, posted by its tool (PolyAI functions make HTTP
 * requests) with a key holding {@code calls:report}, a role that can do nothing else.
 */
@RestController
@Tag(name = "Calls")
class CallOutcomeController {

	static final String DESCRIPTION = """
			Who answered (`detection`), the agent's result code (`disposition`, at most 200 characters), \
			when it asks for the recipient to be called again (`retryAt`, an ISO-8601 instant with its offset, \
			at most 366 days ahead) and its `notes` (at most 2000 characters; no control characters, line \
			breaks included, in either). Accepted while the call is in progress or after its final status; \
			another tenant's call is a 404. The same body again answers the stored report and changes nothing. \
			A different report replaces the stored one only with a higher `sequence` (the agent's counter, 0 \
			when left out); with the same or a lower one it is a 409 `call-outcome-conflict`. `NOT_IN_SERVICE` \
			adds the number to the tenant's do-not-call list (reason `NOT_IN_SERVICE: reported by the agent on \
			call <callSid>`); a later report of the same call that says otherwise lifts that entry, and only it. \
			A report with a `disposition` is the agent's last word, said as it hangs up: the call's status is read \
			about 2 s later. One without (who answered, as soon as the agent knows) says the call goes on: its \
			status is not read until the last word comes (at most 5 minutes), so a reported call costs about one \
			status request.""";

	private final OutcomeReports reports;

	private final JsonMapper strict;

	private final DataSize maxBody;

	private final Clock clock;

	CallOutcomeController(OutcomeReports reports, JsonMapper json, Clock clock,
			@Value("${orchestrator.campaign.max-json-body:64MB}") DataSize maxBody) {
		this.reports = reports;
		this.strict = StrictJson.mapper(json);
		this.clock = clock;
		this.maxBody = maxBody;
	}

	/** The body of a report. Documentation only: bodies are read by {@link OutcomeReader}. */
	@Schema(name = "CallOutcomeReport", description = "What the call achieved, as the agent tells it")
	record OutcomeRequest(Detection detection,
			@Schema(description = "The agent's result code, e.g. appointment_confirmed", minLength = 1,
					maxLength = OutcomeReader.LONGEST_DISPOSITION) @Nullable String disposition,
			@Schema(description = "When to call the recipient again, with its offset; null: no wish",
					format = "date-time", example = "2030-01-07T17:00:00+01:00") @Nullable String retryAt,
			@Schema(minLength = 1, maxLength = OutcomeReader.LONGEST_NOTES) @Nullable String notes,
			@Schema(description = "The agent's counter for its reports of this call: a higher one replaces the"
					+ " stored report; 0 when left out", minimum = "0", defaultValue = "0") @Nullable Integer sequence) {
	}

	@PostMapping(path = "/api/v1/calls/{callSid}/outcome", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Requires(Role.CALLS_REPORT)
	@Operation(operationId = "reportCallOutcome", summary = "Report what a call achieved (the agent's tool)",
			description = DESCRIPTION,
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = OutcomeRequest.class),
							examples = @ExampleObject(name = "voicemail", value = "{\"detection\": \"VOICEMAIL\","
									+ " \"disposition\": \"left_message\", \"retryAt\": \"2030-01-07T17:00:00+01:00\","
									+ " \"notes\": \"greeting named the recipient\"}"))),
			responses = @ApiResponse(responseCode = "200",
					description = "The report the call holds: this one, or the same one stored before",
					content = @Content(schema = @Schema(implementation = AgentReport.class))))
	@ProblemResponses(conflict = "The call holds another report with the same or a higher sequence")
	AgentReport report(@PathVariable String callSid, HttpServletRequest http, Caller caller) throws IOException {
		byte[] body = StrictJson.body(http.getInputStream(), http.getContentLengthLong(), maxBody);
		ReportedOutcome outcome = OutcomeReader.read(strict, body, clock.instant());
		Answer answer = reports.report(caller.tenant(), callSid, outcome).orElseThrow(CallNotFound::new);
		if (answer.verdict() == Verdict.CONFLICT) {
			throw new OutcomeConflict(answer.report());
		}
		return answer.report();
	}

	/** A report that would replace another without a higher sequence (409). */
	static final class OutcomeConflict extends RuntimeException {

		private final transient AgentReport stored;

		OutcomeConflict(AgentReport stored) {
			super("another report is stored", null, false, false);
			this.stored = stored;
		}

		AgentReport stored() {
			return stored;
		}

	}

}
