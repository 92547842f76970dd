package dev.campaigns.orchestrator.connection;

import java.time.Instant;
import java.util.UUID;

import dev.campaigns.orchestrator.provider.StatusMapping;
import org.jspecify.annotations.Nullable;

/**
 * A stored provider connection as it may be shown: everything but the credential. A null limit
 * means the deployment's setting applies.
 *
 * @param dialect the dialect's id, e.g. {@code outbound-calling-v1}
 * @param credentialKeyId the encryption key the credential is stored under
 * @param credentialReadable whether that key is configured, so the credential can be used
 * @param statusMapping what status strings the dialect does not document mean on this connection
 */
public record ProviderConnection(UUID id, String name, String dialect, String baseUrl, @Nullable String agentId,
		@Nullable String accountId, @Nullable String projectId, @Nullable String environment,
		@Nullable Double callsPerSecond, @Nullable Integer burst, @Nullable Integer maxConcurrentCalls,
		@Nullable Double statusRequestsPerSecond, boolean enabled, String credentialKeyId,
		boolean credentialReadable, Instant createdAt, Instant updatedAt, StatusMapping statusMapping) {
}
