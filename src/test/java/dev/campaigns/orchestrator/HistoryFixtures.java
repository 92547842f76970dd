package dev.campaigns.orchestrator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A tenant with a long history, generated with {@code generate_series} (about 300k rows in
 * each big table): a campaign watched on the dashboard with 100k finished calls over the last
 * three days (paused, so no other test's dispatch round touches it), 20 campaigns finished
 * 120 days ago (10k recipients and calls each; one not erased yet, the others erased), 10,000
 * older erased campaigns, 300k webhook events over 100 days with a delivery each, and 300k
 * idempotency keys (12.5k of them expired).
 */
final class HistoryFixtures {

	static final int WATCHED_CALLS = 100_000;

	static final int FINISHED_CAMPAIGNS = 20;

	static final int PER_FINISHED_CAMPAIGN = 10_000;

	static final int ERASED_HISTORY = 10_000;

	static final int EVENTS = 300_000;

	static final int IDEMPOTENCY_KEYS = 300_000;

	static final List<String> TABLES = List.of("campaign", "recipient", "call_attempt", "recipient_event", "outbox",
			"webhook_delivery", "idempotency_key");

	final String tenant = "history-" + UUID.randomUUID().toString().substring(0, 8);

	final UUID watched = UUID.randomUUID();

	final UUID due = UUID.randomUUID();

	private final List<UUID> finished = new ArrayList<>();

	void load(Connection connection) throws SQLException {
		try (Statement sql = connection.createStatement()) {
			sql.execute("set synchronous_commit = off");
		}
		campaigns(connection);
		recipients(connection, watched, WATCHED_CALLS, "now() - n * interval '2.592 seconds'", false);
		for (UUID campaign : finished) {
			recipients(connection, campaign, PER_FINISHED_CAMPAIGN, "now() - interval '120 days' + n * interval '1 second'",
					!campaign.equals(due));
		}
		update(connection, """
				insert into call_attempt (recipient_id, campaign_id, attempt, call_sid, phase, status, raw_status,
				    created_at, triggered_at, ended_at, status_since)
				select r.id, r.campaign_id, 1, 'CA-' || r.id, 'FINAL', (array['COMPLETED', 'NO_ANSWER', 'BUSY'])[1 + r.id % 3],
				       'completed', r.created_at, r.created_at, r.created_at + interval '90 seconds', r.created_at
				from recipient r join campaign c on c.id = r.campaign_id where c.tenant = ?""", tenant);
		update(connection, """
				insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail, call_sid)
				select r.id, r.updated_at, 1, 'FINISHED', 'COMPLETED', 'The call ended (provider: completed).', 'CA-' || r.id
				from recipient r join campaign c on c.id = r.campaign_id where c.tenant = ?""", tenant);
		events(connection);
		update(connection, """
				insert into idempotency_key (tenant, key, request_hash, response_status, created_at, expires_at)
				select ?, 'key-' || n, md5(n::text), 201, now() - interval '25 hours' + n * interval '0.288 seconds',
				       now() - interval '1 hour' + n * interval '0.288 seconds'
				from generate_series(1, ?) n""", tenant, IDEMPOTENCY_KEYS);
		vacuumAnalyze(connection);
	}

	/**
	 * Deletes the tenant's history (cascading to recipients, calls, trails and deliveries) and
	 * analyses the tables again, so the test classes after this one plan with true statistics.
	 */
	void forget(Connection connection) throws SQLException {
		update(connection, "delete from webhook_subscription where tenant = ?", tenant);
		update(connection, "delete from outbox where tenant = ?", tenant);
		update(connection, "delete from idempotency_key where tenant = ?", tenant);
		update(connection, "delete from campaign where tenant = ?", tenant);
		vacuumAnalyze(connection);
	}

	private static void vacuumAnalyze(Connection connection) throws SQLException {
		try (Statement sql = connection.createStatement()) {
			for (String table : TABLES) {
				sql.execute("vacuum analyze " + table);
			}
		}
	}

	private void campaigns(Connection connection) throws SQLException {
		campaign(connection, watched, "PAUSED", "null", "null");
		finished.add(due);
		campaign(connection, due, "COMPLETED", "now() - interval '119 days'", "null");
		for (int i = 1; i < FINISHED_CAMPAIGNS; i++) {
			UUID id = UUID.randomUUID();
			finished.add(id);
			campaign(connection, id, "COMPLETED", "now() - interval '119 days'", "now() - interval '29 days'");
		}
		update(connection, """
				insert into campaign (id, tenant, name, status, calling_window, retry_policy, calls_per_minute,
				    max_concurrent_calls, call_options, created_at, updated_at, completed_at, personal_data_erased_at)
				select gen_random_uuid(), ?, 'erased ' || n, 'COMPLETED', '{}', '{}', 60, 10, '{}',
				       now() - interval '500 days' + n * interval '30 minutes',
				       now() - interval '500 days' + n * interval '30 minutes',
				       now() - interval '500 days' + n * interval '30 minutes' + interval '1 day',
				       now() - interval '410 days' + n * interval '30 minutes'
				from generate_series(1, ?) n""", tenant, ERASED_HISTORY);
	}

	private void campaign(Connection connection, UUID id, String status, String completedAt, String erasedAt)
			throws SQLException {
		update(connection, """
				insert into campaign (id, tenant, name, status, calling_window, retry_policy, calls_per_minute,
				    max_concurrent_calls, call_options, created_at, updated_at, completed_at, personal_data_erased_at)
				values (?, ?, 'history', ?, '{}', '{}', 600, 100, '{}', now() - interval '120 days', now(), %s, %s)"""
			.formatted(completedAt, erasedAt), id, tenant, status);
	}

	private static void recipients(Connection connection, UUID campaign, int count, String createdAt, boolean erased)
			throws SQLException {
		String number = erased ? "'anonymised-' || n" : "'+1' || (2000000000 + n)";
		String metadata = erased ? "'{}'" : "jsonb_build_object('customer_name', 'Customer ' || n)";
		update(connection, """
				insert into recipient (campaign_id, phone_number, time_zones, external_id, metadata, state, outcome,
				    attempts, created_at, updated_at)
				select ?, %s, '{America/New_York}', %s, %s, 'DONE', 'COMPLETED', 1, %s, %s + interval '2 minutes'
				from generate_series(1, ?) n""".formatted(number, erased ? "null" : "'ext-' || n", metadata, createdAt,
				createdAt), campaign, count);
	}

	private void events(Connection connection) throws SQLException {
		UUID subscription = UUID.randomUUID();
		update(connection, """
				insert into webhook_subscription (id, tenant, url, event_types, secret, created_at)
				values (?, ?, 'https://example.invalid/hook', '{campaign.completed}', 'secret', now())""",
				subscription, tenant);
		update(connection, """
				insert into outbox (tenant, event_type, payload, created_at, routed_at)
				select ?, 'recipient.finished', jsonb_build_object('externalId', 'ext-' || n),
				       now() - n * interval '28.8 seconds', now() - n * interval '28.8 seconds'
				from generate_series(1, ?) n""", tenant, EVENTS);
		update(connection, """
				insert into webhook_delivery (subscription_id, outbox_id, state, attempts, delivered_at, created_at)
				select ?, id, 'DELIVERED', 1, created_at, created_at from outbox where tenant = ?""", subscription,
				tenant);
	}

	private static void update(Connection connection, String sql, Object... params) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				statement.setObject(i + 1, params[i]);
			}
			statement.executeUpdate();
		}
	}

}
