package dev.campaigns.orchestrator.connection.internal;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.campaigns.orchestrator.connection.ConnectionRef;
import dev.campaigns.orchestrator.connection.ConnectionRefs;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link ConnectionRefs} by primary key of {@code provider_connection}, deleted rows included. */
@Repository
class JdbcConnectionRefs implements ConnectionRefs {

	private final JdbcClient jdbc;

	JdbcConnectionRefs(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Map<UUID, ConnectionRef> find(Collection<@Nullable UUID> ids) {
		String[] named = ids.stream()
			.filter(Objects::nonNull)
			.distinct()
			.map(UUID::toString)
			.toArray(String[]::new);
		if (named.length == 0) {
			return Map.of();
		}
		return jdbc.sql("select id, name, dialect, deleted_at is not null as deleted from provider_connection"
				+ " where id = any(cast(:ids as uuid[]))")
			.param("ids", named)
			.query((rs, row) -> new ConnectionRef(rs.getObject("id", UUID.class), rs.getString("name"),
					rs.getString("dialect"), rs.getBoolean("deleted")))
			.list()
			.stream()
			.collect(Collectors.toMap(ConnectionRef::id, ref -> ref));
	}

}
