package dev.campaigns.orchestrator.security.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.security.internal.StoredApiKey;
import org.jspecify.annotations.Nullable;

/** An API key in a listing: never the key, never its hash. */
record ApiKeyView(UUID id, String name, String tenant, List<Role> roles, String prefix, Instant createdAt,
		@Nullable Instant revokedAt, @Nullable Instant lastUsedAt, @Nullable Instant expiresAt) {

	static ApiKeyView of(StoredApiKey key) {
		return new ApiKeyView(key.id(), key.name(), key.tenant(), key.roles().stream().sorted().toList(),
				key.prefix(), key.createdAt(), key.revokedAt(), key.lastUsedAt(), key.expiresAt());
	}

}
