package dev.campaigns.orchestrator.report.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.SQLException;
import java.util.EnumSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.campaigns.orchestrator.security.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Verifies an API key pasted into the dashboard's sign-in form by reading {@code api_key}
 * (its SHA-256 hex is the {@code key_hash} the security module stores, a unique index).
 * Read-only: the security module keeps {@code last_used_at} for API requests; the security
 * module has no public way to verify a raw key yet, so this reads the table itself.
 */
@Component
public class AdminKeys {

	/** As the security module's bearer filter: longer tokens are refused unread. */
	static final int LONGEST_ACCEPTED = 256;

	private final JdbcClient jdbc;

	private final Clock clock;

	AdminKeys(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public record SignedInKey(UUID id, String name, String tenant, Set<Role> roles) {
	}

	/** The active key with this secret, or empty for an unknown, revoked, expired or implausible one. */
	public Optional<SignedInKey> verify(String key) {
		String token = key.trim();
		if (token.isEmpty() || token.length() > LONGEST_ACCEPTED) {
			return Optional.empty();
		}
		return jdbc.sql("select id, name, tenant, roles from api_key where key_hash = ? and revoked_at is null"
				+ " and (expires_at is null or expires_at > ?)")
			.params(sha256Hex(token), OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
			.query((rs, i) -> new SignedInKey(rs.getObject("id", UUID.class), rs.getString("name"),
					rs.getString("tenant"), roles(rs.getArray("roles"))))
			.optional();
	}

	/** Whether the key is still there, not revoked and not expired (checked on every dashboard request). */
	public boolean isActive(UUID id) {
		return jdbc.sql("select count(*) from api_key where id = ? and revoked_at is null"
				+ " and (expires_at is null or expires_at > ?)")
			.params(id, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
			.query(Long.class)
			.single() > 0;
	}

	private static Set<Role> roles(Array array) throws SQLException {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (Object code : (Object[]) array.getArray()) {
			Role.ofCode(String.valueOf(code)).ifPresent(roles::add);
		}
		return roles;
	}

	static String sha256Hex(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
