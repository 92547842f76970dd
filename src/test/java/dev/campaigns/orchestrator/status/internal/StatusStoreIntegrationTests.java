package dev.campaigns.orchestrator.status.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.StatusResult;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a poll found is written only while the attempt is still leased to the poller that
 * claimed it. The attempt is due in the year 2000, so no other test's claim comes near it.
 */
@IntegrationTest
class StatusStoreIntegrationTests {

	static final Instant NOW = Instant.parse("2000-01-01T00:01:00Z");

	static final Instant LEASE_END = NOW.plus(Duration.ofMinutes(1));

	@LocalServerPort
	int port;

	@Autowired
	StatusStore store;

	@Autowired
	JdbcClient jdbc;

	String campaign;

	Api tenant;

	long recipient;

	long attempt;

	@BeforeEach
	void anActiveCallDueAPoll() {
		tenant = Api.at(port).newTenant("campaigns:write");
		campaign = json(tenant.post("/api/v1/campaigns", "{\"name\":\"leases\",\"recipients\":["
				+ "{\"phoneNumber\":\"+442079460131\"}]}")).get("id").asString();
		jdbc.sql("update campaign set status = 'CANCELLED' where id = cast(? as uuid)").param(campaign).update();
		recipient = jdbc.sql("update recipient set state = 'IN_CALL' where campaign_id = cast(? as uuid)"
				+ " returning id").param(campaign).query(Long.class).single();
		Timestamp triggered = Timestamp.from(NOW.minus(Duration.ofMinutes(1)));
		attempt = jdbc.sql("""
				insert into call_attempt (recipient_id, campaign_id, attempt, call_sid, phase, status, raw_status,
				                          created_at, triggered_at, next_poll_at, retention_deadline)
				values (?, cast(? as uuid), 1, ?, 'ACTIVE', 'RINGING', 'calling', ?, ?, ?, ?)
				returning id
				""")
			.params(recipient, campaign, "OUT-lease-" + UUID.randomUUID(), triggered, triggered, triggered,
					Timestamp.from(NOW.plus(Duration.ofHours(2))))
			.query(Long.class)
			.single();
	}

	@AfterEach
	void endIt() {
		jdbc.sql("update call_attempt set phase = 'FINAL', next_poll_at = null where campaign_id = cast(? as uuid)")
			.param(campaign)
			.update();
		jdbc.sql("update recipient set state = 'DONE', outcome = 'CANCELLED' where campaign_id = cast(? as uuid)")
			.param(campaign)
			.update();
	}

	@Test
	void aCallInProgressWhenItsRecipientIsCancelledEndsWithItsOwnOutcomeAndIsNotRetried() {
		var cancelled = tenant.delete("/api/v1/campaigns/" + campaign + "/recipients/" + recipient);

		store.recipientAgain(recipient, "IN_CALL", "NO_ANSWER", "the call ended NO_ANSWER", NOW.plus(Duration.ofHours(1)),
				null, NOW);

		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
		assertThat(json(cancelled).get("state").asString()).isEqualTo("IN_CALL");
		Map<String, Object> after = jdbc.sql("select state, outcome, next_attempt_at from recipient where id = ?")
			.param(recipient).query().singleRow();
		assertThat(after).containsEntry("state", "DONE").containsEntry("outcome", "NO_ANSWER");
		assertThat(after.get("next_attempt_at")).isNull();
		assertThat(jdbc.sql("select decision from recipient_event where recipient_id = ? order by id").param(recipient)
			.query(String.class).list()).containsExactly("CANCELLED", "FINISHED");
		assertThat(jdbc.sql("select count(*) from outbox where event_type = 'recipient.completed'"
				+ " and (payload ->> 'recipientId')::bigint = ?").param(recipient).query(Long.class).single())
			.isEqualTo(1L);
	}

	@Test
	void aCallEndingWithoutSuccessIsRetriedWhenItsRecipientWasNotCancelled() {
		store.recipientAgain(recipient, "IN_CALL", "NO_ANSWER", "the call ended NO_ANSWER", NOW.plus(Duration.ofHours(1)),
				null, NOW);

		assertThat(jdbc.sql("select state from recipient where id = ?").param(recipient).query(String.class).single())
			.isEqualTo("PENDING");
		assertThat(jdbc.sql("select decision from recipient_event where recipient_id = ?").param(recipient)
			.query(String.class).list()).containsExactly("RETRY_PLANNED");
	}

	@Test
	void aPollsWritesLeaveAnAttemptAnotherPollerTookOverAlone() {
		StatusStore.Due due = claimed();
		jdbc.sql("update call_attempt set lease_owner = 'poller-b' where id = ?").param(attempt).update();
		Map<String, Object> before = row();

		store.observed(due, "IN_PROGRESS", "in-progress", NOW, NOW, NOW.plusSeconds(50), NOW.plus(Duration.ofHours(2)),
				new StatusResult.Observed(CallStatus.IN_PROGRESS, "in-progress", "{}", null, null));
		store.pollAgain(due, NOW, NOW.plusSeconds(5), "HTTP 503: down");
		StatusStore.Finished finished = store.finish(due, "COMPLETED", "success", null, NOW,
				new StatusResult.Observed(CallStatus.COMPLETED, "success", "{}", 42, NOW));

		assertThat(finished).isNull();
		assertThat(row()).isEqualTo(before).containsEntry("lease_owner", "poller-b").containsEntry("phase", "ACTIVE");
		assertThat(events()).isEmpty();
	}

	@Test
	void aPollsWritesApplyWhileItsLeaseHolds() {
		StatusStore.Due due = claimed();

		store.pollAgain(due, NOW, NOW.plusSeconds(5), "HTTP 503: down");

		assertThat(row()).containsEntry("poll_count", 1)
			.containsEntry("error", "HTTP 503: down")
			.containsEntry("lease_owner", null)
			.containsEntry("next_poll_at", Timestamp.from(NOW.plusSeconds(5)));
	}

	@Test
	void anExpiredLeaseNobodyTookOverIsStillThePollersToWrite() {
		StatusStore.Due due = claimed();

		StatusStore.Finished finished = store.finish(due, "STATUS_EXPIRED", null, "HTTP 410: gone",
				LEASE_END.plusSeconds(1), null);

		assertThat(finished).isNotNull();
		assertThat(row()).containsEntry("phase", "FINAL")
			.containsEntry("status", "STATUS_EXPIRED")
			.containsEntry("raw_status", "calling")
			.containsEntry("error", "HTTP 410: gone");
		assertThat(events()).containsExactly("STATUS_EXPIRED");
	}

	@Test
	void eachAnswerIsKeptAndTheCallEndsAtTheFirstPollThatSawItsFinalStatus() {
		StatusStore.Due due = claimed();
		store.observed(due, "IN_PROGRESS", "in-progress", NOW, NOW, NOW, NOW.plus(Duration.ofHours(2)),
				new StatusResult.Observed(CallStatus.IN_PROGRESS, "in-progress", "{\"status\":\"in-progress\"}",
						null, null));
		assertThat(answer()).containsEntry("raw_answer", "{\"status\":\"in-progress\"}")
			.containsEntry("provider_duration_seconds", null);
		Instant providerEnd = NOW.minusSeconds(3);

		StatusStore.Due again = claimed();
		Instant seen = NOW.plusSeconds(1);
		String body = "{\"status\":\"completed\",\"duration\":42}";
		assertThat(store.finish(again, "COMPLETED", "completed", null, seen,
				new StatusResult.Observed(CallStatus.COMPLETED, "completed", body, 42, providerEnd))).isNotNull();
		// a late answer to the same claim, or another poller's, ends nothing again
		assertThat(store.finish(again, "COMPLETED", "completed", null, seen.plusSeconds(30),
				new StatusResult.Observed(CallStatus.COMPLETED, "completed", "{}", 43, NOW))).isNull();

		assertThat(answer()).containsEntry("raw_answer", body)
			.containsEntry("provider_duration_seconds", 42)
			.containsEntry("provider_ended_at", Timestamp.from(providerEnd))
			.containsEntry("ended_at", Timestamp.from(seen));
	}

	@Test
	void anEndWithoutAnAnswerKeepsTheLastAnswerSeen() {
		StatusStore.Due due = claimed();
		store.observed(due, "IN_PROGRESS", "in-progress", NOW, NOW, NOW, NOW.plus(Duration.ofHours(2)),
				new StatusResult.Observed(CallStatus.IN_PROGRESS, "in-progress", "{\"duration\":7}", 7, null));

		store.finish(claimed(), "STATUS_EXPIRED", null, "HTTP 404", NOW.plusSeconds(1), null);

		assertThat(answer()).containsEntry("raw_answer", "{\"duration\":7}")
			.containsEntry("provider_duration_seconds", 7)
			.containsEntry("ended_at", Timestamp.from(NOW.plusSeconds(1)));
	}

	@Test
	void eachConnectionsShareIsClaimedWithTheConnectionsVersionNow() {
		UUID connection = UUID.randomUUID();
		jdbc.sql("""
				insert into provider_connection (id, tenant, name, dialect, base_url, credential_ciphertext,
				                                 credential_key_id, created_at, updated_at, version)
				values (?, 'store-tests', ?, 'outbound-calling-v1', 'https://api.example.com', '\\x00', 'test-2026',
				        now(), now(), 3)
				""").params(connection, "store-" + connection).update();
		Timestamp triggered = Timestamp.from(NOW.minus(Duration.ofMinutes(1)));
		long other = jdbc.sql("""
				insert into call_attempt (recipient_id, campaign_id, attempt, call_sid, phase, created_at, triggered_at,
				                          next_poll_at, retention_deadline, connection_id)
				values (?, cast(? as uuid), 2, ?, 'ACTIVE', ?, ?, ?, ?, ?)
				returning id
				""")
			.params(recipient, campaign, "OUT-lease-" + UUID.randomUUID(), triggered, triggered, triggered,
					Timestamp.from(NOW.plus(Duration.ofHours(1))), connection)
			.query(Long.class)
			.single();

		assertThat(store.pending(NOW, NOW)).contains(new StatusStore.Pending(null, 0, 1),
				new StatusStore.Pending(connection, 3, 1));
		List<StatusStore.Due> onIt = store.claim(List.of(new StatusStore.Share(connection, 5)), "poller-a", NOW,
				LEASE_END, NOW);

		assertThat(onIt).singleElement().satisfies(call -> {
			assertThat(call.attemptId()).isEqualTo(other);
			assertThat(call.connection()).isEqualTo(connection);
			assertThat(call.connectionVersion()).isEqualTo(3);
		});
		assertThat(row()).containsEntry("lease_owner", null);
		assertThat(claimed().connection()).isNull();
	}

	private StatusStore.Due claimed() {
		List<StatusStore.Due> due = store.claim(List.of(new StatusStore.Share(null, 1)), "poller-a", NOW, LEASE_END,
				NOW);
		assertThat(due).singleElement().satisfies(call -> {
			assertThat(call.attemptId()).isEqualTo(attempt);
			assertThat(call.leaseOwner()).isEqualTo("poller-a");
		});
		return due.get(0);
	}

	private Map<String, Object> row() {
		return jdbc.sql("select phase, status, raw_status, error, poll_count, next_poll_at, last_polled_at,"
				+ " retention_deadline, lease_owner, lease_expires_at from call_attempt where id = ?")
			.param(attempt)
			.query()
			.singleRow();
	}

	private Map<String, Object> answer() {
		return jdbc.sql("select raw_answer, provider_duration_seconds, provider_ended_at, ended_at from call_attempt"
				+ " where id = ?")
			.param(attempt)
			.query()
			.singleRow();
	}

	private List<String> events() {
		return jdbc.sql("select status from call_status_event where call_attempt_id = ? order by id")
			.param(attempt)
			.query(String.class)
			.list();
	}

}
