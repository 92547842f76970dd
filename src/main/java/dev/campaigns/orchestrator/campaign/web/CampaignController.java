package dev.campaigns.orchestrator.campaign.web;

import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.util.List;
import java.util.UUID;

import dev.campaigns.orchestrator.BoundedInputStream;
import dev.campaigns.orchestrator.campaign.CampaignDraft;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignIngest;
import dev.campaigns.orchestrator.campaign.CampaignPreview;
import dev.campaigns.orchestrator.campaign.CampaignQueries;
import dev.campaigns.orchestrator.campaign.CampaignStatus;
import dev.campaigns.orchestrator.campaign.CampaignView;
import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.campaign.IngestLimits;
import dev.campaigns.orchestrator.campaign.IngestResult;
import dev.campaigns.orchestrator.campaign.Page;
import dev.campaigns.orchestrator.campaign.RecipientDetail;
import dev.campaigns.orchestrator.campaign.RecipientFilter;
import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.campaign.RecipientState;
import dev.campaigns.orchestrator.campaign.RecipientView;
import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Requires;
import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The campaign endpoints of API.md. Every read and write is scoped to the caller's tenant. */
@RestController
@RequestMapping(path = "/api/v1/campaigns", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Campaigns", description = "Create campaigns, add recipients, follow and steer them")
class CampaignController {

	private static final int MAX_PAGE_SIZE = 500;

	private final CampaignIngest ingest;

	private final CampaignQueries queries;

	private final DraftReader reader;

	private final IngestLimits limits;

	CampaignController(CampaignIngest ingest, CampaignQueries queries, DraftReader reader,
			IngestLimits limits) {
		this.ingest = ingest;
		this.queries = queries;
		this.reader = reader;
		this.limits = limits;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "createCampaign", summary = "Create a campaign with its recipients",
			description = "Atomic: either the campaign and every recipient are stored, or nothing is and every"
					+ " problem is listed. The same Idempotency-Key with the same body replays the first answer.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = CampaignDraft.class),
							examples = @ExampleObject(name = "reminders", value = ApiExamples.CAMPAIGN))),
			responses = @ApiResponse(responseCode = "201", description = "Stored: the campaign with its counts",
					content = @Content(schema = @Schema(implementation = CampaignView.class))))
	@ProblemResponses(unprocessable = "The Idempotency-Key was used before with a different body")
	ResponseEntity<?> create(HttpServletRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller)
			throws IOException {
		byte[] body = body(request);
		CampaignDraft draft = reader.campaign(body);
		String key = IdempotencyKeyHeader.checked(idempotencyKey);
		CampaignIngest.Idempotency idempotency = null;
		if (key != null) {
			MessageDigest digest = IdempotencyKeyHeader.digest();
			digest.update(body);
			idempotency = new CampaignIngest.Idempotency(key, IdempotencyKeyHeader.hex(digest));
		}
		return created(ingest.create(caller.tenant(), draft, idempotency));
	}

	@PostMapping(path = "/preview", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "previewCampaign", summary = "Validate and plan a campaign without storing anything",
			description = "Answers 200 whether or not a create would be accepted: `valid`, and the problems or the plan.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = CampaignDraft.class),
							examples = @ExampleObject(name = "reminders", value = ApiExamples.CAMPAIGN))))
	ResponseEntity<PreviewAnswer> preview(HttpServletRequest request, Caller caller) throws IOException {
		CampaignDraft draft;
		try {
			draft = reader.campaign(body(request));
		}
		catch (InvalidRecipients tooMany) {
			// a preview answers whether a create would be accepted: this one would not
			return ResponseEntity.ok(new PreviewAnswer(false, tooMany.invalid().errors(),
					tooMany.invalid().totalErrors(), null));
		}
		CampaignPreview.Result result = ingest.preview(draft);
		IngestResult.Invalid invalid = result.invalid();
		return ResponseEntity.ok(new PreviewAnswer(invalid == null, invalid == null ? List.of() : invalid.errors(),
				invalid == null ? 0 : invalid.totalErrors(), result.plan()));
	}

	/** The answer of a preview: whether a create would be accepted, why not, and the plan. */
	record PreviewAnswer(boolean valid, List<FieldError> errors, int totalErrors, CampaignPreview.@Nullable Plan plan) {
	}

	@GetMapping
	@Requires({ Role.CAMPAIGNS_WRITE, Role.REPORTS_READ })
	@Operation(operationId = "listCampaigns", summary = "List campaigns, newest first")
	Page<CampaignView> list(@RequestParam(required = false) @Nullable CampaignStatus status,
			@RequestParam(defaultValue = "0") int page, @Parameter(description = "Items per page, at most " + MAX_PAGE_SIZE + " (a larger value is taken as " + MAX_PAGE_SIZE + ")", schema = @Schema(type = "integer", format = "int32", defaultValue = "50", minimum = "1", maximum = "" + MAX_PAGE_SIZE)) @RequestParam(defaultValue = "50") int size, Caller caller) {
		return queries.list(caller.tenant(), status, Math.max(0, page), pageSize(size));
	}

	@GetMapping("/{id}")
	@Requires({ Role.CAMPAIGNS_WRITE, Role.REPORTS_READ })
	@Operation(operationId = "getCampaign", summary = "A campaign with live counts")
	ResponseEntity<CampaignView> get(@PathVariable String id, Caller caller) {
		return queries.find(campaignId(id), caller.tenant())
			.map(ResponseEntity::ok)
			.orElseThrow(() -> new CampaignNotFound(id));
	}

	@GetMapping("/{id}/recipients")
	@Requires({ Role.CAMPAIGNS_WRITE, Role.REPORTS_READ })
	@Operation(operationId = "listRecipients", summary = "The campaign's recipients: state, outcome, attempts",
			description = "Filters combine: `state`, `outcome`, `externalId` (exact), `phoneNumber` (E.164; write"
					+ " its + as %2B, though a + read as a space is taken back as +).")
	Page<RecipientView> recipients(@PathVariable String id,
			@RequestParam(required = false) @Nullable RecipientState state,
			@RequestParam(required = false) @Nullable RecipientOutcome outcome,
			@RequestParam(required = false) @Nullable String externalId,
			@RequestParam(required = false) @Nullable String phoneNumber,
			@RequestParam(defaultValue = "0") int page, @Parameter(description = "Items per page, at most " + MAX_PAGE_SIZE + " (a larger value is taken as " + MAX_PAGE_SIZE + ")", schema = @Schema(type = "integer", format = "int32", defaultValue = "50", minimum = "1", maximum = "" + MAX_PAGE_SIZE)) @RequestParam(defaultValue = "50") int size, Caller caller) {
		RecipientFilter filter = new RecipientFilter(state, outcome, externalId, e164(phoneNumber));
		return queries.recipients(campaignId(id), caller.tenant(), filter, Math.max(0, page), pageSize(size))
			.orElseThrow(() -> new CampaignNotFound(id));
	}

	@GetMapping("/{id}/recipients/{recipientId}")
	@Requires({ Role.CAMPAIGNS_WRITE, Role.REPORTS_READ })
	@Operation(operationId = "getRecipient",
			summary = "One recipient with its audit trail: why each attempt was placed, deferred or skipped")
	RecipientDetail recipient(@PathVariable String id, @PathVariable long recipientId, Caller caller) {
		return queries.recipient(campaignId(id), caller.tenant(), recipientId)
			.orElseThrow(() -> new RecipientNotFound(id, recipientId));
	}

	private ResponseEntity<?> created(IngestResult result) {
		if (result instanceof IngestResult.Stored stored) {
			return ResponseEntity.created(URI.create("/api/v1/campaigns/" + stored.campaign().id()))
				.body(stored.campaign());
		}
		return replayed(result);
	}

	/** The first answer to a key seen before; or the refusal of a key reused, or of the request. */
	static ResponseEntity<?> replayed(IngestResult result) {
		if (result instanceof IngestResult.Replayed replayed) {
			return ResponseEntity.status(replayed.status()).contentType(MediaType.APPLICATION_JSON).body(replayed.body());
		}
		if (result instanceof IngestResult.KeyReused) {
			throw new IdempotencyKeyReused();
		}
		throw rejected(result);
	}

	private static RuntimeException rejected(IngestResult result) {
		if (result instanceof IngestResult.Invalid invalid) {
			return new InvalidRecipients(invalid);
		}
		if (result instanceof IngestResult.NotFound) {
			return new CampaignNotFound("");
		}
		if (result instanceof IngestResult.Closed closed) {
			return new CampaignClosed(closed.status());
		}
		return new IllegalStateException("unexpected ingest result " + result);
	}

	private byte[] body(HttpServletRequest request) throws IOException {
		return body(request, limits);
	}

	/** The whole body, refused as too large as soon as it is known to be (its length, or the bytes read). */
	static byte[] body(HttpServletRequest request, IngestLimits limits) throws IOException {
		if (request.getContentLengthLong() > limits.maxJsonBody().toBytes()) {
			throw new PayloadTooLarge(limits.maxJsonBody());
		}
		return new BoundedInputStream(request.getInputStream(), limits.maxJsonBody(),
				() -> new PayloadTooLarge(limits.maxJsonBody())).readAllBytes();
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

	/** E.164 begins with +, which an unencoded query string turns into a space: take it back. */
	private static @Nullable String e164(@Nullable String phoneNumber) {
		if (phoneNumber == null) {
			return null;
		}
		String number = phoneNumber.strip();
		return number.startsWith("+") || number.isEmpty() ? number : "+" + number;
	}

	private static int pageSize(int size) {
		return Math.max(1, Math.min(MAX_PAGE_SIZE, size));
	}

}
