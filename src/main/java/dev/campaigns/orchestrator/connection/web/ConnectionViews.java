package dev.campaigns.orchestrator.connection.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.campaigns.orchestrator.connection.ProviderConnection;
import dev.campaigns.orchestrator.provider.StatusMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The connection API's bodies; field names are part of the contract. None carries a credential. */
final class ConnectionViews {

	private ConnectionViews() {
	}

	/** A create's body, or a merge patch's (where every field is optional). Documentation only: bodies are read by {@link ConnectionReader}. */
	@Schema(name = "ProviderConnectionRequest", description = "A connection: on create name, dialect, baseUrl and"
			+ " credential are required (agentId for agents-v1; accountId and projectId for platform-v1); a merge"
			+ " patch gives only what changes, null removing an optional value")
	record ConnectionRequest(@Schema(description = "Unique in the tenant, 1 to 100 characters") @Nullable String name,
			@Schema(allowableValues = { "outbound-calling-v1", "agents-v1", "platform-v1" }) @Nullable String dialect,
			@Schema(description = "Absolute https URL, e.g. https://api.uk-1.platform.polyai.app") @Nullable String baseUrl,
			@Schema(description = "The dialect's credential (auth token, API key or connector id); write-only: encrypted"
					+ " at rest and never shown again", accessMode = Schema.AccessMode.WRITE_ONLY) @Nullable String credential,
			@Nullable String agentId, @Nullable String accountId, @Nullable String projectId,
			@Nullable String environment,
			@Schema(description = "Triggers per second through this connection; null: the deployment's setting",
					exclusiveMinimumValue = 0, maximum = "10000") @Nullable Double callsPerSecond,
			@Schema(description = "Triggers that may go at once; 0 or null: automatic", minimum = "0",
					maximum = "100000") @Nullable Integer burst,
			@Schema(minimum = "1", maximum = "100000") @Nullable Integer maxConcurrentCalls,
			@Schema(exclusiveMinimumValue = 0, maximum = "10000") @Nullable Double statusRequestsPerSecond,
			@Schema(description = "False stops the connection from being used (default true)") @Nullable Boolean enabled,
			@Schema(description = "What status strings the dialect does not document mean on this connection, by the"
					+ " string exactly as the provider answers it (case included), at most 100 strings of at most 100"
					+ " characters; a string the dialect documents cannot be mapped. A merge patch changes the strings"
					+ " it names (null removes one) and keeps the others; null removes them all",
					example = "{\"voicemail\": {\"status\": \"NO_ANSWER\"}}")
			@Nullable Map<String, MappedStatusRequest> statusMapping) {
	}

	/** What one status string means, as a request gives it. Documentation only. */
	@Schema(name = "MappedStatusRequest", description = "What one status string means; null in a merge patch removes"
			+ " the string")
	record MappedStatusRequest(
			@Schema(allowableValues = { "QUEUED", "RINGING", "IN_PROGRESS", "COMPLETED", "NO_ANSWER", "BUSY", "FAILED",
					"CANCELLED" }, description = "Required for a new string; a merge patch may change final alone")
			@Nullable String status,
			@Schema(description = "Whether the call ends with it; left out or null: the status's own (NO_ANSWER is"
					+ " final, IN_PROGRESS is not); a different one is refused") @JsonProperty("final")
			@Nullable Boolean isFinal) {
	}

	/** What one status string means. */
	@Schema(name = "MappedStatus")
	record MappedStatus(
			@Schema(allowableValues = { "QUEUED", "RINGING", "IN_PROGRESS", "COMPLETED", "NO_ANSWER", "BUSY", "FAILED",
					"CANCELLED" }) String status,
			@Schema(description = "Whether the call ends with it (NO_ANSWER is final, IN_PROGRESS is not)")
			@JsonProperty("final") boolean isFinal) {

		static Map<String, MappedStatus> of(StatusMapping mapping) {
			Map<String, MappedStatus> shown = new LinkedHashMap<>();
			mapping.targets().forEach((string, target) -> shown.put(string,
					new MappedStatus(target.status().name(), Boolean.TRUE.equals(target.isFinal()))));
			return shown;
		}

	}

	/** A connection as shown: never its credential. */
	@Schema(name = "ProviderConnection")
	record ConnectionView(UUID id, String name, String dialect, String baseUrl, @Nullable String agentId,
			@Nullable String accountId, @Nullable String projectId, @Nullable String environment,
			@Nullable Double callsPerSecond, @Nullable Integer burst, @Nullable Integer maxConcurrentCalls,
			@Nullable Double statusRequestsPerSecond, boolean enabled,
			@Schema(description = "The encryption key the credential is stored under") String credentialKeyId,
			@Schema(description = "False when that key is no longer configured: the credential cannot be used"
					+ " until it is replaced") boolean credentialReadable,
			Instant createdAt, Instant updatedAt,
			@Schema(description = "What status strings the dialect does not document mean on this connection")
			Map<String, MappedStatus> statusMapping) {

		static ConnectionView of(ProviderConnection c) {
			return new ConnectionView(c.id(), c.name(), c.dialect(), c.baseUrl(), c.agentId(), c.accountId(),
					c.projectId(), c.environment(), c.callsPerSecond(), c.burst(), c.maxConcurrentCalls(),
					c.statusRequestsPerSecond(), c.enabled(), c.credentialKeyId(), c.credentialReadable(),
					c.createdAt(), c.updatedAt(), MappedStatus.of(c.statusMapping()));
		}

	}

	/** A listing (API.md "a page of anything"); this listing is a single page. */
	@Schema(name = "ProviderConnectionPage")
	record Items(List<ConnectionView> items, int page, int size, long totalItems) {

		static Items of(List<ConnectionView> items) {
			return new Items(items, 0, items.size(), items.size());
		}

	}

}
