package dev.campaigns.orchestrator.connection.web;

import java.io.IOException;
import java.net.URI;
import java.util.UUID;

import dev.campaigns.orchestrator.StrictJson;
import dev.campaigns.orchestrator.connection.ConnectionDraft;
import dev.campaigns.orchestrator.connection.ProviderConnections;
import dev.campaigns.orchestrator.connection.web.ConnectionViews.ConnectionRequest;
import dev.campaigns.orchestrator.connection.web.ConnectionViews.ConnectionView;
import dev.campaigns.orchestrator.connection.web.ConnectionViews.Items;
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
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's provider connections, managed by its admins. The credential is write-only: it is
 * encrypted at rest and no answer carries it. The connection of {@code orchestrator.provider.*}
 * is not listed: it is the default, used when no connection is named.
 */
@RestController
@RequestMapping(path = "/api/v1/provider-connections", produces = MediaType.APPLICATION_JSON_VALUE)
@Requires(Role.ADMIN)
@Tag(name = "Provider connections", description = "PolyAI connections stored per tenant; admin role required")
class ConnectionController {

	static final String MERGE_PATCH = "application/merge-patch+json";

	private static final String EXAMPLE = "{\"name\": \"uk-agents\", \"dialect\": \"agents-v1\", \"baseUrl\":"
			+ " \"https://api.uk-1.platform.polyai.app\", \"credential\": \"pk_live_...\", \"agentId\": \"agent-1\","
			+ " \"callsPerSecond\": 5, \"maxConcurrentCalls\": 50}";

	private final ProviderConnections connections;

	private final JsonMapper strict;

	private final DataSize maxBody;

	ConnectionController(ProviderConnections connections, JsonMapper json,
			@Value("${orchestrator.campaign.max-json-body:64MB}") DataSize maxBody) {
		this.connections = connections;
		this.strict = StrictJson.mapper(json);
		this.maxBody = maxBody;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "createProviderConnection",
			summary = "Store a provider connection; its credential is encrypted and never shown again",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = ConnectionRequest.class),
							examples = @ExampleObject(name = "agents", value = EXAMPLE))),
			responses = @ApiResponse(responseCode = "201", description = "Stored, without its credential",
					content = @Content(schema = @Schema(implementation = ConnectionView.class))))
	@ProblemResponses(conflict = "The name is taken, or no encryption key is configured")
	ResponseEntity<ConnectionView> create(HttpServletRequest http, Caller caller) throws IOException {
		ConnectionDraft draft = ConnectionReader.apply(strict, body(http), ConnectionDraft.empty());
		ConnectionView created = ConnectionView.of(connections.create(caller.tenant(), draft));
		return ResponseEntity.created(URI.create("/api/v1/provider-connections/" + created.id())).body(created);
	}

	@GetMapping
	@Operation(operationId = "listProviderConnections",
			summary = "The tenant's stored connections by name, without credentials; at most "
					+ ProviderConnections.LARGEST_LISTING)
	Items list(Caller caller) {
		return Items.of(connections.list(caller.tenant()).stream().map(ConnectionView::of).toList());
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getProviderConnection", summary = "One connection, without its credential")
	ConnectionView get(@PathVariable UUID id, Caller caller) {
		return connections.find(caller.tenant(), id).map(ConnectionView::of)
			.orElseThrow(() -> new ConnectionNotFound(id));
	}

	@PatchMapping(path = "/{id}", consumes = { MERGE_PATCH, MediaType.APPLICATION_JSON_VALUE })
	@Operation(operationId = "updateProviderConnection",
			summary = "Change a connection (JSON merge patch); a credential given replaces the stored one",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
					@Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = ConnectionRequest.class),
							examples = @ExampleObject(name = "rotate",
									value = "{\"credential\": \"pk_live_new\", \"callsPerSecond\": 10}")),
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = ConnectionRequest.class)) }),
			responses = @ApiResponse(responseCode = "200", description = "Changed, without its credential",
					content = @Content(schema = @Schema(implementation = ConnectionView.class))))
	@ProblemResponses(conflict = "The new name is taken, or no encryption key is configured for a new credential")
	ConnectionView update(@PathVariable UUID id, HttpServletRequest http, Caller caller) throws IOException {
		byte[] body = body(http);
		return connections.update(caller.tenant(), id, current -> ConnectionReader.apply(strict, body, current))
			.map(ConnectionView::of)
			.orElseThrow(() -> new ConnectionNotFound(id));
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "deleteProviderConnection", summary = "Delete a connection and its credential",
			description = "The credential is wiped and the name freed; campaigns and calls that used the connection"
					+ " still name it. A connection in use (a campaign on it not finished, or a call on it still"
					+ " followed) cannot be deleted: disable it (PATCH enabled=false) instead.",
			responses = @ApiResponse(responseCode = "204", description = "Deleted"))
	@ProblemResponses(conflict = "The connection is in use: a campaign on it is not finished, or a call on it is"
			+ " still followed")
	ResponseEntity<Void> delete(@PathVariable UUID id, Caller caller) {
		if (!connections.delete(caller.tenant(), id)) {
			throw new ConnectionNotFound(id);
		}
		return ResponseEntity.noContent().build();
	}

	private byte[] body(HttpServletRequest http) throws IOException {
		return StrictJson.body(http.getInputStream(), http.getContentLengthLong(), maxBody);
	}

}
