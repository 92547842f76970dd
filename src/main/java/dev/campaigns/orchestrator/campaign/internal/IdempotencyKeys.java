package dev.campaigns.orchestrator.campaign.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.campaigns.orchestrator.campaign.internal.CampaignStore.timestamp;

/**
 * {@code Idempotency-Key}s of campaign creation and of appends, each in a {@link Scope} of its
 * own, so that a key used for one never answers the other. Claiming a key inserts its row in the
 * creating transaction; a concurrent duplicate blocks on the primary key until that
 * transaction ends, then finds the stored answer, so exactly one campaign is created.
 */
@Repository
class IdempotencyKeys {

	/** Expired keys one purge statement deletes at most. */
	static final int PURGE_BATCH = 10_000;

	/** A batch of expired keys ({@code idempotency_key_expiry}), deleted by their row addresses. */
	static final String FORGET_EXPIRED = """
			delete from idempotency_key
			where ctid = any(array(select ctid from idempotency_key where expires_at <= :now limit :batch))""";

	private final JdbcClient jdbc;

	IdempotencyKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** What a key was given for; the keys of one scope never meet another's. */
	enum Scope {

		CREATE, APPEND;

		String column() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** What was found for a key that someone else holds. */
	sealed interface Held {

		record SameRequest(int status, String body) implements Held {
		}

		record OtherRequest() implements Held {
		}

	}

	/**
	 * Claims the key for this request (taking over an expired one), or says who holds it.
	 *
	 * @return null when this request now holds the key
	 */
	@Nullable Held claim(String tenant, Scope scope, String key, String requestHash, Instant now,
			Duration retention) {
		int claimed = jdbc.sql("""
				insert into idempotency_key (tenant, scope, key, request_hash, created_at, expires_at)
				values (:tenant, :scope, :key, :hash, :now, :expires)
				on conflict (tenant, scope, key) do update
				    set request_hash = excluded.request_hash, created_at = excluded.created_at,
				        expires_at = excluded.expires_at, response_status = null, response_body = null,
				        resource_id = null
				    where idempotency_key.expires_at <= :now
				""")
			.param("tenant", tenant)
			.param("scope", scope.column())
			.param("key", key)
			.param("hash", requestHash)
			.param("now", timestamp(now))
			.param("expires", timestamp(now.plus(retention)))
			.update();
		if (claimed == 1) {
			return null;
		}
		return jdbc.sql("select request_hash, response_status, response_body::text as body from idempotency_key"
				+ " where tenant = :tenant and scope = :scope and key = :key")
			.param("tenant", tenant)
			.param("scope", scope.column())
			.param("key", key)
			.query((rs, row) -> requestHash.equals(rs.getString("request_hash"))
					? (Held) new Held.SameRequest(rs.getInt("response_status"), rs.getString("body"))
					: new Held.OtherRequest())
			.single();
	}

	void answer(String tenant, Scope scope, String key, int status, String body, UUID resourceId) {
		jdbc.sql("update idempotency_key set response_status = :status, response_body = :body::jsonb,"
				+ " resource_id = :resource where tenant = :tenant and scope = :scope and key = :key")
			.param("status", status)
			.param("body", body)
			.param("resource", resourceId)
			.param("tenant", tenant)
			.param("scope", scope.column())
			.param("key", key)
			.update();
	}

	/**
	 * Forgets the keys past their retention, {@link #PURGE_BATCH} a statement (short
	 * transactions, however many expired) until none is left; answers how many.
	 */
	int forgetExpired(Instant now) {
		return forgetExpired(now, PURGE_BATCH);
	}

	int forgetExpired(Instant now, int batch) {
		int forgotten = 0;
		int last;
		do {
			last = jdbc.sql(FORGET_EXPIRED).param("now", timestamp(now)).param("batch", batch).update();
			forgotten += last;
		}
		while (last > 0);
		return forgotten;
	}

}
