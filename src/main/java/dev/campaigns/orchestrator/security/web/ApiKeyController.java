package dev.campaigns.orchestrator.security.web;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Requires;
import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.security.internal.ApiKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** API keys, for admins: create (the key is shown once), list, revoke. */
@RestController
@RequestMapping(path = "/api/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Requires(Role.ADMIN)
@Tag(name = "API keys", description = "Keys for the API, stored as hashes only. An admin manages its own tenant's"
		+ " keys; a platform:admin manages every tenant's")
class ApiKeyController {

	static final int LARGEST_PAGE = 500;

	private final ApiKeys apiKeys;

	private final Clock clock;

	ApiKeyController(ApiKeys apiKeys, Clock clock) {
		this.apiKeys = apiKeys;
		this.clock = clock;
	}

	@PostMapping
	@Operation(operationId = "createApiKey",
			summary = "Create an API key; the answer is the only place the key is ever shown",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/json",
							schema = @Schema(implementation = ApiKeyRequest.class),
							examples = @ExampleObject(name = "reminder-job",
									value = "{\"name\": \"appointment reminders\", \"tenant\": \"dental-group\","
											+ " \"roles\": [\"campaigns:write\"], \"expiresAt\": \"2027-12-31T00:00:00Z\"}"))),
			responses = @ApiResponse(responseCode = "201", description = "Created; the key is shown only here",
					content = @Content(schema = @Schema(implementation = CreatedApiKey.class))))
	ResponseEntity<CreatedApiKey> create(@RequestBody ApiKeyRequest request, Caller caller) {
		List<ApiKeyRequest.FieldViolation> violations = request.violations(clock.instant());
		if (!violations.isEmpty()) {
			throw new InvalidApiKeyRequest(violations);
		}
		String tenant = request.tenant() == null ? caller.tenant() : request.tenant();
		if (!caller.mayActOn(tenant)) {
			throw new NotPermitted("Only a platform:admin creates keys for another tenant.");
		}
		if (request.knownRoles().contains(Role.PLATFORM_ADMIN) && !caller.has(Role.PLATFORM_ADMIN)) {
			throw new NotPermitted("Only a platform:admin grants platform:admin.");
		}
		CreatedApiKey created = CreatedApiKey
			.of(apiKeys.issue(request.name().strip(), tenant, request.knownRoles(), request.expiresAt()));
		return ResponseEntity.created(URI.create("/api/v1/api-keys/" + created.id())).body(created);
	}

	@GetMapping
	@Operation(operationId = "listApiKeys", summary = "List API keys, newest first, without keys or hashes",
			description = "An admin sees its own tenant's keys; a platform:admin every tenant's, or one tenant's"
					+ " with `tenant`.")
	ApiKeyPage list(@RequestParam(required = false) @Nullable String tenant,
			@RequestParam(defaultValue = "0") int page,
			@Parameter(description = "Items per page, at most " + LARGEST_PAGE + " (a larger value is taken as "
					+ LARGEST_PAGE + ")", schema = @Schema(type = "integer", format = "int32", defaultValue = "50",
							minimum = "1", maximum = "" + LARGEST_PAGE)) @RequestParam(defaultValue = "50") int size,
			Caller caller) {
		if (tenant != null && !caller.mayActOn(tenant)) {
			throw new NotPermitted("Only a platform:admin lists another tenant's keys.");
		}
		if (!caller.has(Role.PLATFORM_ADMIN)) {
			tenant = caller.tenant();
		}
		int pageIndex = Math.max(page, 0);
		int pageSize = Math.min(Math.max(size, 1), LARGEST_PAGE);
		List<ApiKeyView> items = apiKeys.list(tenant, pageIndex, pageSize).stream().map(ApiKeyView::of).toList();
		return new ApiKeyPage(items, pageIndex, pageSize, apiKeys.count(tenant));
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "revokeApiKey",
			summary = "Revoke an API key; it stops working at once on this replica, within seconds on others",
			responses = @ApiResponse(responseCode = "204", description = "Revoked"))
	ResponseEntity<Void> revoke(@PathVariable UUID id, Caller caller) {
		// another tenant's key is no key at all for a tenant's admin: 404, as for any other object
		if (!apiKeys.revoke(id, caller.has(Role.PLATFORM_ADMIN) ? null : caller.tenant())) {
			throw new ApiKeyNotFound(id);
		}
		return ResponseEntity.noContent().build();
	}

}
