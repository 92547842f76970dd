package dev.campaigns.orchestrator.connection.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.campaigns.orchestrator.connection.ConnectionDraft;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.StatusMapping;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The provider connection SQL, every query scoped by tenant. */
@Repository
class ConnectionStore {

	private static final String COLUMNS = "id, name, dialect, base_url, credential_ciphertext, credential_key_id,"
			+ " agent_id, account_id, project_id, environment, calls_per_second, burst, max_concurrent_calls,"
			+ " status_requests_per_second, enabled, created_at, updated_at, status_mapping::text";

	/** A stored row: its fields, and its credential as sealed. */
	record Row(UUID id, ConnectionDraft fields, CredentialCipher.Sealed credential, Instant createdAt,
			Instant updatedAt) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ConnectionStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	List<Row> list(String tenant, int limit) {
		return jdbc.sql("select " + COLUMNS + " from provider_connection where tenant = :tenant"
				+ " and deleted_at is null order by name, id limit :limit")
			.param("tenant", tenant)
			.param("limit", limit)
			.query((rs, n) -> row(rs))
			.list();
	}

	Optional<Row> find(String tenant, UUID id, boolean lock) {
		return jdbc.sql("select " + COLUMNS + " from provider_connection where id = :id and tenant = :tenant"
				+ " and deleted_at is null" + (lock ? " for update" : ""))
			.param("id", id)
			.param("tenant", tenant)
			.query((rs, n) -> row(rs))
			.optional();
	}

	boolean nameTaken(String tenant, String name, @Nullable UUID except) {
		return jdbc.sql("select exists (select 1 from provider_connection where tenant = :tenant and name = :name"
				+ " and id <> :except and deleted_at is null)")
			.param("tenant", tenant)
			.param("name", name)
			.param("except", except == null ? new UUID(0, 0) : except)
			.query(Boolean.class)
			.single();
	}

	void insert(String tenant, Row row) {
		bind(jdbc.sql("""
				insert into provider_connection (id, tenant, name, dialect, base_url, credential_ciphertext,
				    credential_key_id, agent_id, account_id, project_id, environment, calls_per_second, burst,
				    max_concurrent_calls, status_requests_per_second, enabled, created_at, updated_at, status_mapping)
				values (:id, :tenant, :name, :dialect, :baseUrl, :ciphertext, :keyId, :agentId, :accountId,
				    :projectId, :environment, :callsPerSecond, :burst, :maxConcurrentCalls, :statusRequestsPerSecond,
				    :enabled, :createdAt, :updatedAt, cast(:statusMapping as jsonb))
				"""), tenant, row).update();
	}

	void update(String tenant, Row row) {
		bind(jdbc.sql("""
				update provider_connection set name = :name, dialect = :dialect, base_url = :baseUrl,
				    credential_ciphertext = :ciphertext, credential_key_id = :keyId, agent_id = :agentId,
				    account_id = :accountId, project_id = :projectId, environment = :environment,
				    calls_per_second = :callsPerSecond, burst = :burst, max_concurrent_calls = :maxConcurrentCalls,
				    status_requests_per_second = :statusRequestsPerSecond, enabled = :enabled,
				    status_mapping = cast(:statusMapping as jsonb), updated_at = :updatedAt, version = version + 1
				where id = :id and tenant = :tenant
				"""), tenant, row).update();
	}

	/**
	 * Whether a connection is in use: a campaign on it is not finished, or a call placed on it is
	 * still followed (its status not final yet).
	 */
	boolean inUse(UUID id) {
		return jdbc.sql("""
				select exists (select 1 from campaign where connection_id = :id
				                and status in ('SCHEDULED', 'RUNNING', 'PAUSED'))
				    or exists (select 1 from call_attempt where connection_id = :id and phase <> 'FINAL')
				""")
			.param("id", id)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Deletes a connection softly: it is no longer found, its name is free, its credential is
	 * wiped; campaigns and calls that used it still name it.
	 */
	boolean delete(String tenant, UUID id, Instant now) {
		return jdbc.sql("""
				update provider_connection set deleted_at = :now, enabled = false, credential_ciphertext = ''::bytea,
				    version = version + 1, updated_at = :now
				where id = :id and tenant = :tenant and deleted_at is null
				""")
			.param("id", id)
			.param("tenant", tenant)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/** A connection as the lines use it, whoever's it is; deleted ones too (their calls are still read). */
	Optional<Stored> stored(UUID id) {
		return jdbc.sql("select " + COLUMNS + ", version, deleted_at is not null as deleted from provider_connection"
				+ " where id = :id")
			.param("id", id)
			.query((rs, n) -> new Stored(row(rs), rs.getLong("version"), rs.getBoolean("deleted")))
			.optional();
	}

	/** A stored row with its version (one more at each change) and whether it was deleted. */
	record Stored(Row row, long version, boolean deleted) {
	}

	private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, String tenant, Row row) {
		ConnectionDraft fields = row.fields();
		return statement.param("id", row.id())
			.param("tenant", tenant)
			.param("name", fields.name())
			.param("dialect", fields.dialect())
			.param("baseUrl", fields.baseUrl())
			.param("ciphertext", row.credential().ciphertext())
			.param("keyId", row.credential().keyId())
			.param("agentId", fields.agentId())
			.param("accountId", fields.accountId())
			.param("projectId", fields.projectId())
			.param("environment", fields.environment())
			.param("callsPerSecond", fields.callsPerSecond())
			.param("burst", fields.burst())
			.param("maxConcurrentCalls", fields.maxConcurrentCalls())
			.param("statusRequestsPerSecond", fields.statusRequestsPerSecond())
			.param("enabled", fields.enabled())
			.param("statusMapping", mappingJson(fields.statusMapping()))
			.param("createdAt", Timestamp.from(row.createdAt()))
			.param("updatedAt", Timestamp.from(row.updatedAt()));
	}

	/** A mapping as stored: {@code {"voicemail": {"status": "NO_ANSWER", "final": true}}}. */
	private String mappingJson(StatusMapping mapping) {
		ObjectNode stored = json.createObjectNode();
		mapping.targets().forEach((string, target) -> stored.putObject(string)
			.put("status", target.status().name())
			.put("final", target.isFinal()));
		return json.writeValueAsString(stored);
	}

	private StatusMapping mapping(@Nullable String stored) {
		if (stored == null) {
			return StatusMapping.NONE;
		}
		Map<String, StatusMapping.Target> targets = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : json.readTree(stored).properties()) {
			JsonNode isFinal = entry.getValue().get("final");
			CallStatus status = CallStatus.valueOf(entry.getValue().get("status").asString());
			targets.put(entry.getKey(),
					new StatusMapping.Target(status, isFinal == null || isFinal.isNull() ? null : isFinal.booleanValue()));
		}
		return StatusMapping.of(targets);
	}

	private Row row(ResultSet rs) throws SQLException {
		ConnectionDraft fields = new ConnectionDraft(rs.getString("name"), rs.getString("dialect"),
				rs.getString("base_url"), null, rs.getString("agent_id"), rs.getString("account_id"),
				rs.getString("project_id"), rs.getString("environment"), rs.getObject("calls_per_second", Double.class),
				rs.getObject("burst", Integer.class), rs.getObject("max_concurrent_calls", Integer.class),
				rs.getObject("status_requests_per_second", Double.class), rs.getBoolean("enabled"),
				mapping(rs.getString("status_mapping")));
		return new Row(rs.getObject("id", UUID.class), fields,
				new CredentialCipher.Sealed(rs.getString("credential_key_id"), rs.getBytes("credential_ciphertext")),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}

}
