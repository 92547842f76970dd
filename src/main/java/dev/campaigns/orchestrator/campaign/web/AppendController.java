package dev.campaigns.orchestrator.campaign.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;

import dev.campaigns.orchestrator.BoundedInputStream;
import dev.campaigns.orchestrator.campaign.Appended;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignIngest;
import dev.campaigns.orchestrator.campaign.IngestLimits;
import dev.campaigns.orchestrator.campaign.IngestResult;
import dev.campaigns.orchestrator.campaign.OnDuplicate;
import dev.campaigns.orchestrator.campaign.RecipientDraft;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Appending recipients to a campaign (API.md): a JSON array or a streamed CSV, with
 * {@code onDuplicate} for rows the campaign holds already and an {@code Idempotency-Key}.
 * Scoped to the caller's tenant.
 */
@RestController
@RequestMapping(path = "/api/v1/campaigns", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Campaigns")
class AppendController {

	private final CampaignIngest ingest;

	private final DraftReader reader;

	private final IngestLimits limits;

	AppendController(CampaignIngest ingest, DraftReader reader, IngestLimits limits) {
		this.ingest = ingest;
		this.reader = reader;
		this.limits = limits;
	}

	@PostMapping(path = "/{id}/recipients", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "appendRecipients", summary = "Append recipients (CSV, streamed, or a JSON array)",
			description = "All or nothing: either every row is taken, or none is and every problem is listed."
					+ " CSV columns: phone_number,country_code,time_zone,external_id,not_before,not_after; any"
					+ " further column becomes a metadata key. CSV rows are staged as they stream in and attached"
					+ " to the campaign once the whole body is read; a JSON body is read and checked before the"
					+ " campaign is touched. A phone number or externalId given twice in one request is refused;"
					+ " one that is already the campaign's is refused, skipped or updates its recipient, as"
					+ " `onDuplicate` says. The same Idempotency-Key with the same request replays the first"
					+ " answer.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
					@Content(mediaType = "text/csv", schema = @Schema(type = "string"),
							examples = @ExampleObject(name = "csv", value = ApiExamples.CSV)),
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							array = @io.swagger.v3.oas.annotations.media.ArraySchema(
									schema = @Schema(implementation = RecipientDraft.class)),
							examples = @ExampleObject(name = "json", value = ApiExamples.RECIPIENTS)) }),
			responses = @ApiResponse(responseCode = "200", description = APPENDED,
					content = @Content(schema = @Schema(implementation = Appended.class))))
	@ProblemResponses(conflict = "The campaign is completed or cancelled: it takes no more recipients",
			unprocessable = "The Idempotency-Key was used before with a different request")
	ResponseEntity<Appended> appendJson(@PathVariable String id, @Parameter(description = ON_DUPLICATE,
			schema = @Schema(type = "string", allowableValues = { "reject", "skip", "update" },
					defaultValue = "reject")) @RequestParam(required = false) @Nullable String onDuplicate,
			@RequestHeader(name = IdempotencyKeyHeader.NAME, required = false) @Nullable String idempotencyKey,
			HttpServletRequest request, Caller caller) throws IOException {
		CampaignId campaign = CampaignController.campaignId(id);
		OnDuplicate choice = onDuplicate(onDuplicate);
		String key = IdempotencyKeyHeader.checked(idempotencyKey);
		byte[] body = CampaignController.body(request, limits);
		MessageDigest digest = IdempotencyKeyHeader.digest("append", campaign.value().toString(), choice.spelling(),
				MediaType.APPLICATION_JSON_VALUE);
		digest.update(body);
		List<RecipientDraft> drafts = reader.recipients(body);
		return appended(ingest.append(campaign, caller.tenant(), drafts.iterator(), limits.maxRecipientsPerRequest(),
				new CampaignIngest.AppendOptions(choice, key, () -> IdempotencyKeyHeader.hex(digest))));
	}

	private static final String APPENDED = "Every row was taken: added, skipped or applied to its recipient";

	private static final String ON_DUPLICATE = "A row whose phoneNumber or externalId is already a recipient of"
			+ " the campaign: `reject` refuses the request; `skip` leaves the row out (counted as `skipped`);"
			+ " `update` applies its notBefore, notAfter, timeZone, countryCode, metadata (and phoneNumber, when"
			+ " matched by externalId) to the recipient and re-plans its next attempt, unless it is done, being"
			+ " dialled or in a call (counted as `notUpdated`). A row is matched by its externalId if it has one,"
			+ " else by its phoneNumber.";

	@PostMapping(path = "/{id}/recipients", consumes = "text/csv")
	@Requires(Role.CAMPAIGNS_WRITE)
	@Operation(operationId = "appendRecipients", responses = @ApiResponse(responseCode = "200",
			description = APPENDED, content = @Content(schema = @Schema(implementation = Appended.class))))
	@ProblemResponses(conflict = "The campaign is completed or cancelled: it takes no more recipients",
			unprocessable = "The Idempotency-Key was used before with a different request")
	ResponseEntity<Appended> appendCsv(@PathVariable String id, @Parameter(description = ON_DUPLICATE,
			schema = @Schema(type = "string", allowableValues = { "reject", "skip", "update" },
					defaultValue = "reject")) @RequestParam(required = false) @Nullable String onDuplicate,
			@RequestHeader(name = IdempotencyKeyHeader.NAME, required = false) @Nullable String idempotencyKey,
			HttpServletRequest request, Caller caller) throws IOException {
		CampaignId campaign = CampaignController.campaignId(id);
		OnDuplicate choice = onDuplicate(onDuplicate);
		String key = IdempotencyKeyHeader.checked(idempotencyKey);
		if (request.getContentLengthLong() > limits.maxCsvBody().toBytes()) {
			throw new PayloadTooLarge(limits.maxCsvBody());
		}
		// hashed as it streams: the request is known only once the last row is read
		MessageDigest digest = IdempotencyKeyHeader.digest("append", campaign.value().toString(), choice.spelling(),
				"text/csv");
		// a decoder that reports malformed input: the default one would store U+FFFD instead
		var in = new BufferedReader(new InputStreamReader(new DigestInputStream(
				new BoundedInputStream(request.getInputStream(), limits.maxCsvBody(),
						() -> new PayloadTooLarge(limits.maxCsvBody())), digest),
				StandardCharsets.UTF_8.newDecoder()), 1 << 16);
		return appended(ingest.append(campaign, caller.tenant(), new CsvRecipients(in, limits.csv()),
				limits.maxCsvRows(), new CampaignIngest.AppendOptions(choice, key,
						() -> IdempotencyKeyHeader.hex(digest))));
	}

	private static OnDuplicate onDuplicate(@Nullable String value) {
		if (value == null) {
			return OnDuplicate.REJECT;
		}
		return OnDuplicate.of(value)
			.orElseThrow(() -> new InvalidParameter("onDuplicate", "must be reject, skip or update"));
	}


	/**
	 * The answer of an append; a replayed one is the JSON stored with its key, written as it is
	 * (typed as {@link Appended}, which it is, so that the API document names one schema).
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private ResponseEntity<Appended> appended(IngestResult result) {
		if (result instanceof IngestResult.Stored stored) {
			return ResponseEntity.ok(Appended.of(stored));
		}
		return (ResponseEntity) CampaignController.replayed(result);
	}

}
