package dev.campaigns.orchestrator.notify.web;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.campaigns.orchestrator.StrictJson;
import dev.campaigns.orchestrator.notify.internal.Webhooks;
import dev.campaigns.orchestrator.notify.web.WebhookViews.CreatedWebhook;
import dev.campaigns.orchestrator.notify.web.WebhookViews.DeliveryView;
import dev.campaigns.orchestrator.notify.web.WebhookViews.Items;
import dev.campaigns.orchestrator.notify.web.WebhookViews.RotatedSecret;
import dev.campaigns.orchestrator.notify.web.WebhookViews.WebhookView;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's webhook subscriptions. They belong to a tenant's integration, like the
 * campaigns whose events they carry, so {@code campaigns:write} (or admin) manages them;
 * everything is scoped by the caller's tenant, and another tenant's ids answer 404.
 */
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
@Requires(Role.CAMPAIGNS_WRITE)
@Tag(name = "Webhooks", description = "Signed event deliveries to your endpoints; campaigns:write role required")
class WebhookController {

	static final int LARGEST_LISTING = 500;

	private final Webhooks webhooks;

	private final JsonMapper strict;

	private final DataSize maxBody;

	WebhookController(Webhooks webhooks, JsonMapper json,
			@Value("${orchestrator.campaign.max-json-body:64MB}") DataSize maxBody) {
		this.webhooks = webhooks;
		this.strict = StrictJson.mapper(json);
		this.maxBody = maxBody;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "createWebhook",
			summary = "Subscribe a URL to events; the answer is the only place the secret is shown",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = WebhookRequest.class),
							examples = @ExampleObject(name = "completions",
									value = "{\"url\": \"https://crm.example.com/hooks/calls\", \"events\":"
											+ " [\"recipient.completed\", \"campaign.completed\"]}"))),
			responses = @ApiResponse(responseCode = "201", description = "Subscribed; the secret is shown only here",
					content = @Content(schema = @Schema(implementation = CreatedWebhook.class))))
	ResponseEntity<CreatedWebhook> create(HttpServletRequest http, Caller caller) throws IOException {
		WebhookRequest request = read(StrictJson.body(http.getInputStream(), http.getContentLengthLong(), maxBody));
		List<WebhookRequest.FieldViolation> violations = new ArrayList<>(request.violations());
		String refusal = request.url() == null ? null : webhooks.targetRefusal(request.url().strip());
		if (refusal != null) {
			// a spelling URI reads no host from (http://0x7f.1/) gets the reason that matters
			violations.removeIf(violation -> violation.field().equals("url"));
			violations.add(0, new WebhookRequest.FieldViolation("url", refusal));
		}
		if (!violations.isEmpty()) {
			throw new InvalidWebhookRequest(violations);
		}
		CreatedWebhook created = CreatedWebhook
			.of(webhooks.subscribe(caller.tenant(), request.url().strip(), request.distinctEvents()));
		return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.id())).body(created);
	}

	@GetMapping
	@Operation(operationId = "listWebhooks",
			summary = "List the tenant's subscriptions, newest first, without secrets; at most " + LARGEST_LISTING)
	Items<WebhookView> list(Caller caller) {
		return Items.of(webhooks.list(caller.tenant(), LARGEST_LISTING).stream().map(WebhookView::of).toList());
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getWebhook", summary = "One subscription, without secrets")
	WebhookView get(@PathVariable UUID id, Caller caller) {
		return webhooks.find(caller.tenant(), id).map(WebhookView::of).orElseThrow(() -> notFound(id));
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "deleteWebhook", summary = "Unsubscribe; pending deliveries are dropped",
			responses = @ApiResponse(responseCode = "204", description = "Unsubscribed"))
	ResponseEntity<Void> delete(@PathVariable UUID id, Caller caller) {
		if (!webhooks.unsubscribe(caller.tenant(), id)) {
			throw notFound(id);
		}
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/rotate-secret")
	@Operation(operationId = "rotateWebhookSecret",
			summary = "A new secret, shown once; the previous one also signs until retired or 24 hours pass")
	RotatedSecret rotateSecret(@PathVariable UUID id, Caller caller) {
		return webhooks.rotateSecret(caller.tenant(), id).map(RotatedSecret::of).orElseThrow(() -> notFound(id));
	}

	@PostMapping("/{id}/retire-previous-secret")
	@Operation(operationId = "retirePreviousWebhookSecret", summary = "Stop signing with the previous secret",
			responses = @ApiResponse(responseCode = "204", description = "Retired"))
	ResponseEntity<Void> retirePreviousSecret(@PathVariable UUID id, Caller caller) {
		if (!webhooks.retirePreviousSecret(caller.tenant(), id)) {
			throw notFound(id);
		}
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/deliveries")
	@Operation(operationId = "listWebhookDeliveries",
			summary = "The subscription's newest deliveries with state, tries and last error")
	Items<DeliveryView> deliveries(@PathVariable UUID id, @Parameter(description = "Deliveries to list, newest first, at most " + LARGEST_LISTING + " (a larger value is taken as " + LARGEST_LISTING + ")", schema = @Schema(type = "integer", format = "int32", defaultValue = "50", minimum = "1", maximum = "" + LARGEST_LISTING)) @RequestParam(defaultValue = "50") int limit,
			Caller caller) {
		int size = Math.min(Math.max(limit, 1), LARGEST_LISTING);
		return webhooks.deliveries(caller.tenant(), id, size)
			.map(list -> Items.of(list.stream().map(DeliveryView::of).toList()))
			.orElseThrow(() -> notFound(id));
	}

	@PostMapping("/deliveries/{deliveryId}/redeliver")
	@Operation(operationId = "redeliverWebhookDelivery",
			summary = "Send a delivered or dead delivery again, now, with a fresh budget of tries",
			responses = @ApiResponse(responseCode = "202", description = "Queued for delivery now",
					content = @Content(schema = @Schema(implementation = DeliveryView.class))))
	@ProblemResponses(conflict = "The delivery is still pending: it will be tried anyway")
	ResponseEntity<DeliveryView> redeliver(@PathVariable long deliveryId, Caller caller) {
		Webhooks.Redelivery result = webhooks.redeliver(caller.tenant(), deliveryId);
		if (result == Webhooks.Redelivery.NOT_FOUND) {
			throw new WebhookNotFound("webhook delivery " + deliveryId);
		}
		if (result == Webhooks.Redelivery.STILL_PENDING) {
			throw new DeliveryStillPending(deliveryId);
		}
		DeliveryView view = webhooks.delivery(caller.tenant(), deliveryId)
			.map(DeliveryView::of)
			.orElseThrow(() -> new WebhookNotFound("webhook delivery " + deliveryId));
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(view);
	}

	private WebhookRequest read(byte[] body) {
		if (!StrictJson.isUtf8(body)) {
			throw new InvalidWebhookRequest(List.of(new WebhookRequest.FieldViolation("body", "is not valid UTF-8")));
		}
		try {
			WebhookRequest request = strict.readValue(body, WebhookRequest.class);
			if (request == null) {
				throw new InvalidWebhookRequest(List.of(new WebhookRequest.FieldViolation("body", "must be a JSON object")));
			}
			return request;
		}
		catch (JacksonException ex) {
			String reason = ex instanceof UnrecognizedPropertyException ? "is not a field of this API"
					: "cannot be read: it must be JSON like {\"url\":\"https://...\",\"events\":[\"recipient.completed\"]}";
			throw new InvalidWebhookRequest(List.of(new WebhookRequest.FieldViolation(StrictJson.field(ex), reason)));
		}
	}

	private static WebhookNotFound notFound(UUID id) {
		return new WebhookNotFound("webhook " + id);
	}

}
