package dev.campaigns.orchestrator.security.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.security.internal.ApiKeys.IssuedApiKey;
import org.jspecify.annotations.Nullable;

/** The answer to creating a key: the only time {@code key} is ever shown. */
record CreatedApiKey(UUID id, String key, String name, String tenant, List<Role> roles, Instant createdAt,
		@Nullable Instant expiresAt) {

	static CreatedApiKey of(IssuedApiKey issued) {
		return new CreatedApiKey(issued.stored().id(), issued.key(), issued.stored().name(), issued.stored().tenant(),
				issued.stored().roles().stream().sorted().toList(), issued.stored().createdAt(),
				issued.stored().expiresAt());
	}

	@Override
	public String toString() {
		return "CreatedApiKey[id=" + id + ", name=" + name + ", tenant=" + tenant + "]";
	}

}
