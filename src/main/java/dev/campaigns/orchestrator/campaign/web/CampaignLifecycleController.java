package dev.campaigns.orchestrator.campaign.web;

import java.util.List;

import dev.campaigns.orchestrator.campaign.CampaignEvent;
import dev.campaigns.orchestrator.campaign.CampaignLifecycle;
import dev.campaigns.orchestrator.campaign.CampaignQueries;
import dev.campaigns.orchestrator.campaign.CampaignView;
import dev.campaigns.orchestrator.campaign.LifecycleAction;
import dev.campaigns.orchestrator.campaign.LifecycleResult;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A campaign's lifecycle actions (pause, resume, cancel, complete) and its audit trail. Scoped to the caller's tenant. */
@RestController
@RequestMapping(path = "/api/v1/campaigns", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Campaigns", description = "Create campaigns, add recipients, follow and steer them")
class CampaignLifecycleController {

	private final CampaignLifecycle lifecycle;

	private final CampaignQueries queries;

	CampaignLifecycleController(CampaignLifecycle lifecycle, CampaignQueries queries) {
		this.lifecycle = lifecycle;
		this.queries = queries;
	}

	@GetMapping("/{id}/events")
	@Requires({ Role.CAMPAIGNS_WRITE, Role.REPORTS_READ })
	@Operation(operationId = "listCampaignEvents",
			summary = "The campaign's audit trail: pauses, resumes, cancellation, completion and edits, with who"
					+ " made each (the API key's id and name; keyId null for the service itself), oldest first")
	List<CampaignEvent> events(@PathVariable String id, Caller caller) {
		return queries.events(CampaignController.campaignId(id), caller.tenant())
			.orElseThrow(() -> new CampaignNotFound(id));
	}

	@PostMapping("/{id}/pause")
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "pauseCampaign", summary = "Pause: no new calls until resumed")
	@ProblemResponses(conflict = "Only a scheduled or running campaign can be paused")
	CampaignView pause(@PathVariable String id, Caller caller) {
		return apply(id, caller, LifecycleAction.PAUSE);
	}

	@PostMapping("/{id}/resume")
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "resumeCampaign", summary = "Resume a paused campaign")
	@ProblemResponses(conflict = "Only a paused campaign can be resumed")
	CampaignView resume(@PathVariable String id, Caller caller) {
		return apply(id, caller, LifecycleAction.RESUME);
	}

	@PostMapping("/{id}/cancel")
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "cancelCampaign",
			summary = "Cancel: recipients not yet dialled are cancelled, calls in progress finish")
	@ProblemResponses(conflict = "A completed or cancelled campaign cannot be cancelled")
	CampaignView cancel(@PathVariable String id, Caller caller) {
		return apply(id, caller, LifecycleAction.CANCEL);
	}

	@PostMapping("/{id}/complete")
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "completeCampaign",
			summary = "Complete by hand: recipients not yet dialled are cancelled, calls in progress finish;"
					+ " it takes no more recipients",
			responses = @ApiResponse(responseCode = "200", description = "Completed: the campaign with its counts",
					content = @Content(schema = @Schema(implementation = CampaignView.class))))
	@ProblemResponses(conflict = "A completed or cancelled campaign cannot be completed")
	CampaignView complete(@PathVariable String id, Caller caller) {
		return apply(id, caller, LifecycleAction.COMPLETE);
	}

	private CampaignView apply(String id, Caller caller, LifecycleAction action) {
		return changed(id, lifecycle.apply(CampaignController.campaignId(id), caller.tenant(), action,
				RecipientController.actor(caller)));
	}

	private static CampaignView changed(String id, LifecycleResult result) {
		if (result instanceof LifecycleResult.Changed changed) {
			return changed.campaign();
		}
		if (result instanceof LifecycleResult.NotAllowed notAllowed) {
			throw new TransitionNotAllowed(notAllowed.action(), notAllowed.status());
		}
		throw new CampaignNotFound(id);
	}

}
