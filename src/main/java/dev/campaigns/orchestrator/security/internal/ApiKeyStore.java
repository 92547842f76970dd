package dev.campaigns.orchestrator.security.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.campaigns.orchestrator.security.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every SQL statement on {@code api_key}. Keys are found by {@code key_hash} (its unique
 * index, {@code api_key_key_hash_key}); the key itself never reaches the database.
 */
@Component
class ApiKeyStore {

	private static final String COLUMNS = "id, name, tenant, roles, key_prefix, created_at, revoked_at, last_used_at,"
			+ " expires_at";

	private final JdbcClient jdbc;

	ApiKeyStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(StoredApiKey key, String keyHash) {
		jdbc.sql("insert into api_key (id, name, tenant, roles, key_prefix, key_hash, created_at, expires_at)"
				+ " values (:id, :name, :tenant, :roles, :prefix, :hash, :createdAt, :expiresAt)")
			.paramSource(parameters(key, keyHash))
			.update();
	}

	/**
	 * Inserts the key unless a key with that hash exists (revoked or not); safe when several
	 * replicas start at once.
	 * @return whether a row was inserted
	 */
	boolean insertUnlessPresent(StoredApiKey key, String keyHash) {
		return jdbc.sql("insert into api_key (id, name, tenant, roles, key_prefix, key_hash, created_at)"
				+ " values (:id, :name, :tenant, :roles, :prefix, :hash, :createdAt)"
				+ " on conflict (key_hash) do nothing")
			.paramSource(parameters(key, keyHash))
			.update() == 1;
	}

	Optional<StoredApiKey> findByHash(String keyHash) {
		return jdbc.sql("select " + COLUMNS + " from api_key where key_hash = ?")
			.param(keyHash)
			.query(ApiKeyStore::row)
			.optional();
	}

	/**
	 * Marks the key revoked; revoking twice keeps the first time.
	 * @param tenant the tenant the key must belong to, or {@code null} for any
	 * @return whether the key exists (in that tenant)
	 */
	boolean revoke(UUID id, @Nullable String tenant, Instant at) {
		int updated = jdbc.sql("update api_key set revoked_at = coalesce(revoked_at, :at) where id = :id"
				+ " and (cast(:tenant as text) is null or tenant = :tenant)")
			.param("at", utc(at))
			.param("id", id)
			.param("tenant", tenant)
			.update();
		return updated == 1;
	}

	/** Newest first, optionally of one tenant. */
	List<StoredApiKey> list(@Nullable String tenant, long offset, int limit) {
		return jdbc.sql("select " + COLUMNS + " from api_key where (cast(:tenant as text) is null or tenant = :tenant)"
				+ " order by created_at desc, id limit :limit offset :offset")
			.param("tenant", tenant)
			.param("limit", limit)
			.param("offset", offset)
			.query(ApiKeyStore::row)
			.list();
	}

	long count(@Nullable String tenant) {
		return jdbc.sql("select count(*) from api_key where (cast(:tenant as text) is null or tenant = :tenant)")
			.param("tenant", tenant)
			.query(Long.class)
			.single();
	}

	/**
	 * Records a use unless one at or after {@code notBefore} is recorded already, so replicas
	 * together write at most about once per interval.
	 */
	void recordUse(UUID id, Instant at, Instant notBefore) {
		jdbc.sql("update api_key set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)")
			.param(utc(at))
			.param(id)
			.param(utc(notBefore))
			.update();
	}

	private static MapSqlParameterSource parameters(StoredApiKey key, String keyHash) {
		return new MapSqlParameterSource().addValue("id", key.id())
			.addValue("name", key.name())
			.addValue("tenant", key.tenant())
			.addValue("roles", key.roles().stream().sorted().map(Role::code).toArray(String[]::new))
			.addValue("prefix", key.prefix())
			.addValue("hash", keyHash)
			.addValue("createdAt", utc(key.createdAt()))
			.addValue("expiresAt", key.expiresAt() == null ? null : utc(key.expiresAt()));
	}

	private static StoredApiKey row(ResultSet rs, int rowNum) throws SQLException {
		return new StoredApiKey(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("tenant"),
				roles(rs.getArray("roles")), rs.getString("key_prefix"),
				rs.getObject("created_at", OffsetDateTime.class).toInstant(), instant(rs, "revoked_at"),
				instant(rs, "last_used_at"), instant(rs, "expires_at"));
	}

	/** Roles this version does not know (written by a newer one) are ignored, never granted. */
	private static Set<Role> roles(Array array) throws SQLException {
		String[] codes = (String[]) array.getArray();
		return Arrays.stream(codes)
			.map(Role::ofCode)
			.flatMap(Optional::stream)
			.collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
