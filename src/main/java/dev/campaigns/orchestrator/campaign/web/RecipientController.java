package dev.campaigns.orchestrator.campaign.web;

import java.util.UUID;

import dev.campaigns.orchestrator.campaign.Actor;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.RecipientActionResult;
import dev.campaigns.orchestrator.campaign.RecipientActions;
import dev.campaigns.orchestrator.campaign.RecipientDetail;
import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Requires;
import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Acting on one recipient of a campaign (appointment reminders): find it by its external id,
 * cancel it, requeue it once an operator decided an unknown trigger placed no call. Scoped to
 * the caller's tenant: another tenant's campaign is not found.
 */
@RestController
@RequestMapping(path = "/api/v1/campaigns/{id}/recipients", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Campaigns")
class RecipientController {

	private static final String CANCEL = "Cancel the recipient: never dialled after the answer. A pending one is done"
			+ " as CANCELLED at once; for one being dialled, a trigger not yet sent is not sent (done as CANCELLED);"
			+ " a call in progress ends and keeps its own outcome, never retried. Repeating it answers the same.";

	private static final String ALREADY_DONE = "The recipient is already done with another outcome than CANCELLED";

	private final RecipientActions actions;

	RecipientController(RecipientActions actions) {
		this.actions = actions;
	}

	@GetMapping("/by-external-id/{externalId}")
	@Requires({ Role.CAMPAIGNS_WRITE, Role.REPORTS_READ })
	@Operation(operationId = "getRecipientByExternalId",
			summary = "The one recipient of the campaign with this external id, with its audit trail",
			responses = @ApiResponse(responseCode = "200", description = "The recipient",
					content = @Content(schema = @Schema(implementation = RecipientDetail.class))))
	RecipientDetail byExternalId(@PathVariable String id, @PathVariable String externalId, Caller caller) {
		return answer(actions.findByExternalId(campaignId(id), caller.tenant(), externalId));
	}

	@DeleteMapping("/{recipientId}")
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "cancelRecipient", summary = "Cancel one recipient", description = CANCEL,
			responses = @ApiResponse(responseCode = "200", description = "Cancelled (or marked, while being dialled)",
					content = @Content(schema = @Schema(implementation = RecipientDetail.class))))
	@ProblemResponses(conflict = ALREADY_DONE)
	RecipientDetail cancel(@PathVariable String id, @PathVariable long recipientId, Caller caller) {
		return answer(actions.cancel(campaignId(id), caller.tenant(), recipientId, actor(caller)));
	}

	@DeleteMapping("/by-external-id/{externalId}")
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "cancelRecipientByExternalId",
			summary = "Cancel the one recipient of the campaign with this external id", description = CANCEL,
			responses = @ApiResponse(responseCode = "200", description = "Cancelled (or marked, while being dialled)",
					content = @Content(schema = @Schema(implementation = RecipientDetail.class))))
	@ProblemResponses(conflict = ALREADY_DONE)
	RecipientDetail cancelByExternalId(@PathVariable String id, @PathVariable String externalId, Caller caller) {
		return answer(actions.cancelByExternalId(campaignId(id), caller.tenant(), externalId, actor(caller)));
	}

	@PostMapping("/{recipientId}/requeue")
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "requeueRecipient",
			summary = "Requeue a TRIGGER_UNKNOWN recipient: an operator decided its call was not placed",
			description = "The recipient is PENDING again, due now (dialled at its next lawful opening); the unknown"
					+ " attempt still counts. Only a TRIGGER_UNKNOWN recipient of a campaign not completed or cancelled.",
			responses = @ApiResponse(responseCode = "200", description = "Pending again",
					content = @Content(schema = @Schema(implementation = RecipientDetail.class))))
	@ProblemResponses(conflict = "The recipient's outcome is not TRIGGER_UNKNOWN, or its campaign is closed")
	RecipientDetail requeue(@PathVariable String id, @PathVariable long recipientId, Caller caller) {
		return answer(actions.requeue(campaignId(id), caller.tenant(), recipientId, actor(caller)));
	}

	/** The recipient done with, or the problem that says why not. */
	static RecipientDetail answer(RecipientActionResult result) {
		if (result instanceof RecipientActionResult.Done done) {
			return done.recipient();
		}
		if (result instanceof RecipientActionResult.NotAllowed notAllowed) {
			throw new RecipientActionNotAllowed(notAllowed.why());
		}
		throw new RecipientNotFound("", 0);
	}

	/** An id that is not a UUID names no campaign: 404, like another tenant's. */
	static CampaignId campaignId(String id) {
		try {
			return new CampaignId(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			throw new CampaignNotFound(id);
		}
	}

	/** Who acts: the caller's API key. */
	static Actor actor(Caller caller) {
		return new Actor(caller.keyId(), caller.name());
	}

}
