package dev.campaigns.orchestrator.campaign.web;

import java.io.IOException;

import dev.campaigns.orchestrator.StrictJson;
import dev.campaigns.orchestrator.campaign.CampaignEdits;
import dev.campaigns.orchestrator.campaign.CampaignPatch;
import dev.campaigns.orchestrator.campaign.CampaignView;
import dev.campaigns.orchestrator.campaign.EditResult;
import dev.campaigns.orchestrator.campaign.IngestLimits;
import dev.campaigns.orchestrator.campaign.IngestResult;
import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Requires;
import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Editing a campaign's settings. Scoped to the caller's tenant. */
@RestController
@RequestMapping(path = "/api/v1/campaigns", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Campaigns", description = "Create campaigns, add recipients, follow and steer them")
class CampaignEditController {

	static final String MERGE_PATCH = "application/merge-patch+json";

	private final CampaignEdits edits;

	private final DraftReader reader;

	private final IngestLimits limits;

	CampaignEditController(CampaignEdits edits, DraftReader reader, IngestLimits limits) {
		this.edits = edits;
		this.reader = reader;
		this.limits = limits;
	}

	@PatchMapping(path = "/{id}", consumes = { MERGE_PATCH, MediaType.APPLICATION_JSON_VALUE })
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "editCampaign", summary = "Edit a campaign's settings (JSON merge patch)",
			description = "Name, schedule (endAt, callingWindow, defaultTimeZone, blackoutDates, completion), retry"
					+ " and rateLimit, in create's shapes: a field left out is unchanged, null removes a value (its"
					+ " default applies), an object merges field by field, an array replaces the list. startAt and"
					+ " call cannot be changed. The result is validated as a create would be; in one transaction the"
					+ " settings are stored, every recipient not yet dialled is re-planned for the new schedule"
					+ " (those left without a lawful time before their deadline end EXPIRED) and the edit, each"
					+ " field with its old and new value, is added to the campaign's audit.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
					@Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = CampaignPatch.class),
							examples = @ExampleObject(name = "window", value = ApiExamples.PATCH)),
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = CampaignPatch.class)) }),
			responses = @ApiResponse(responseCode = "200", description = "Edited: the campaign with its counts",
					content = @Content(schema = @Schema(implementation = CampaignView.class))))
	@ProblemResponses(conflict = "A completed or cancelled campaign cannot be edited")
	CampaignView edit(@PathVariable String id, HttpServletRequest request, Caller caller) throws IOException {
		var campaign = CampaignController.campaignId(id);
		byte[] body = StrictJson.body(request.getInputStream(), request.getContentLengthLong(), limits.maxJsonBody());
		EditResult result = edits.edit(campaign, caller.tenant(), reader.patch(body), RecipientController.actor(caller));
		if (result instanceof EditResult.Edited edited) {
			return edited.campaign();
		}
		if (result instanceof EditResult.Closed closed) {
			throw new CampaignNotEditable(closed.status());
		}
		if (result instanceof EditResult.Invalid invalid) {
			throw new InvalidRecipients(new IngestResult.Invalid(invalid.errors(), invalid.errors().size()));
		}
		throw new CampaignNotFound(id);
	}

}
