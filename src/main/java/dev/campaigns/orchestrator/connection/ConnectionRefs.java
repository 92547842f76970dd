package dev.campaigns.orchestrator.connection;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Names the connections that campaigns and calls were placed on, deleted ones included. Not
 * scoped by tenant: callers pass ids read from the tenant's own campaigns and calls, whose
 * connection is always the tenant's.
 */
public interface ConnectionRefs {

	/** The refs of those of {@code ids} that name a connection; null ids are skipped. */
	Map<UUID, ConnectionRef> find(Collection<@Nullable UUID> ids);

	/** The ref of {@code id}; null for the default connection (a null id) or an unknown one. */
	default @Nullable ConnectionRef find(@Nullable UUID id) {
		return id == null ? null : find(java.util.Collections.singleton(id)).get(id);
	}

}
