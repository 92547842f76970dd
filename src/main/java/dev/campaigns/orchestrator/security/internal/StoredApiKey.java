package dev.campaigns.orchestrator.security.internal;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Role;
import org.jspecify.annotations.Nullable;

/** A row of {@code api_key} without its hash. */
public record StoredApiKey(UUID id, String name, String tenant, Set<Role> roles, String prefix, Instant createdAt,
		@Nullable Instant revokedAt, @Nullable Instant lastUsedAt, @Nullable Instant expiresAt) {

	public StoredApiKey {
		roles = Set.copyOf(roles);
	}

	public boolean isRevoked() {
		return revokedAt != null;
	}

	/** Whether the key has expired by {@code now}; a key without an expiry never does. */
	public boolean isExpired(Instant now) {
		return expiresAt != null && !now.isBefore(expiresAt);
	}

	/** Who calls when this key is presented. */
	public Caller caller() {
		return new Caller(id, name, tenant, roles);
	}

}
