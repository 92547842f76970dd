package dev.campaigns.orchestrator.campaign.web;

import java.io.IOException;
import java.util.Map;

import dev.campaigns.orchestrator.BoundedInputStream;
import dev.campaigns.orchestrator.campaign.IngestLimits;
import dev.campaigns.orchestrator.campaign.IngestResult;
import dev.campaigns.orchestrator.campaign.RecipientActionResult;
import dev.campaigns.orchestrator.campaign.RecipientDetail;
import dev.campaigns.orchestrator.campaign.RecipientUpdates;
import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Requires;
import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Changing one recipient not yet dialled (appointment moved, number corrected): a JSON merge
 * patch, validated as ingest validates, planned again at once and recorded in its trail. Scoped
 * to the caller's tenant: another tenant's campaign is not found.
 */
@RestController
@RequestMapping(path = "/api/v1/campaigns/{id}/recipients", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Campaigns")
class RecipientUpdateController {

	static final String MERGE_PATCH = "application/merge-patch+json";

	private static final String UPDATE = "A JSON merge patch (RFC 7396) of a PENDING recipient: a field absent stays,"
			+ " null clears notBefore, notAfter, timeZone or countryCode; metadata merges key by key (a key null is"
			+ " removed; metadata null removes all). The result is validated as at ingest (errors name the field,"
			+ " without an index); a new phoneNumber must not be another recipient's of the campaign nor on the"
			+ " tenant's do-not-call list; a new number without timeZone takes the zones of the number. It is planned"
			+ " again at once (a retry waiting stays no earlier than planned); with no lawful opening left before its"
			+ " deadline it is done as EXPIRED. The trail records UPDATED (UPDATED_BY_API) with the changes, numbers"
			+ " masked, and the API key. A patch that changes nothing records nothing.";

	private static final String NOT_PENDING = "The recipient is being dialled, in a call, or done: only a PENDING one"
			+ " can be changed";

	private final RecipientUpdates updates;

	private final RecipientPatchReader reader;

	private final IngestLimits limits;

	RecipientUpdateController(RecipientUpdates updates, RecipientPatchReader reader, IngestLimits limits) {
		this.updates = updates;
		this.reader = reader;
		this.limits = limits;
	}

	/** The body of a recipient's update, as documented (the reader keeps absent apart from null). */
	@Schema(name = "RecipientUpdate", description = "The fields to change; any other field is refused")
	record RecipientUpdate(@Nullable String phoneNumber,
			@Schema(description = "ISO 3166-1 alpha-2, for a national phoneNumber") @Nullable String countryCode,
			@Schema(description = "IANA zone; null: the zones of the number") @Nullable String timeZone,
			@Nullable String notBefore, @Nullable String notAfter,
			@Schema(description = "Merged key by key: a string value sets the key, null removes it")
			@Nullable Map<String, @Nullable Object> metadata) {
	}

	@PatchMapping(path = "/{recipientId}", consumes = { MERGE_PATCH, MediaType.APPLICATION_JSON_VALUE })
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "updateRecipient", summary = "Change a pending recipient", description = UPDATE,
			requestBody = @RequestBody(required = true, content = {
					@Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = RecipientUpdate.class),
							examples = @ExampleObject(name = "moved", value = ApiExamples.RECIPIENT_UPDATE)),
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = RecipientUpdate.class)) }),
			responses = @ApiResponse(responseCode = "200", description = "Changed and planned again",
					content = @Content(schema = @Schema(implementation = RecipientDetail.class))))
	@ProblemResponses(conflict = NOT_PENDING)
	RecipientDetail update(@PathVariable String id, @PathVariable long recipientId, HttpServletRequest request,
			Caller caller) throws IOException {
		var patch = reader.read(body(request));
		return answer(updates.update(RecipientController.campaignId(id), caller.tenant(), recipientId, patch,
				RecipientController.actor(caller)));
	}

	@PatchMapping(path = "/by-external-id/{externalId}", consumes = { MERGE_PATCH, MediaType.APPLICATION_JSON_VALUE })
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "updateRecipientByExternalId",
			summary = "Change the one pending recipient of the campaign with this external id", description = UPDATE,
			requestBody = @RequestBody(required = true, content = {
					@Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = RecipientUpdate.class),
							examples = @ExampleObject(name = "moved", value = ApiExamples.RECIPIENT_UPDATE)),
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = RecipientUpdate.class)) }),
			responses = @ApiResponse(responseCode = "200", description = "Changed and planned again",
					content = @Content(schema = @Schema(implementation = RecipientDetail.class))))
	@ProblemResponses(conflict = NOT_PENDING)
	RecipientDetail updateByExternalId(@PathVariable String id, @PathVariable String externalId,
			HttpServletRequest request, Caller caller) throws IOException {
		var patch = reader.read(body(request));
		return answer(updates.updateByExternalId(RecipientController.campaignId(id), caller.tenant(), externalId,
				patch, RecipientController.actor(caller)));
	}

	private static RecipientDetail answer(RecipientActionResult result) {
		if (result instanceof RecipientActionResult.Invalid invalid) {
			throw new InvalidRecipients(new IngestResult.Invalid(invalid.errors(), invalid.errors().size()));
		}
		return RecipientController.answer(result);
	}

	private byte[] body(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > limits.maxJsonBody().toBytes()) {
			throw new PayloadTooLarge(limits.maxJsonBody());
		}
		return new BoundedInputStream(request.getInputStream(), limits.maxJsonBody(),
				() -> new PayloadTooLarge(limits.maxJsonBody())).readAllBytes();
	}

}
