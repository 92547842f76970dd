package dev.campaigns.orchestrator.status.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
 * Issue #26: the agent's reports move a live call's next status read ({@link ReportedPolls}),
 * so a reported call is read about once, just after it ends. The calls are written as the
 * dispatcher writes them, on a paused campaign, so neither the dispatcher nor the poller of
 * this context touches them; the test reads them itself through {@link StatusStore}.
 */
@IntegrationTest
class ReportedPollsIntegrationTests {

	/** The defaults: orchestrator.status.after-report and awaiting-report. */
	static final Duration AFTER_REPORT = Duration.ofSeconds(2);

	static final Duration AWAITING_REPORT = Duration.ofMinutes(5);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StatusStore store;

	String campaign;

	Api agent;

	@BeforeEach
	void aPausedCampaignAndItsAgent() {
		String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		Api writer = Api.at(port).keyFor(tenant, "campaigns:write");
		var created = writer.post("/api/v1/campaigns", """
				{"name": "reported polls", "recipients": [{"phoneNumber": "+442079460501"},
				 {"phoneNumber": "+442079460502"}, {"phoneNumber": "+442079460503"}]}""");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		campaign = json(created).get("id").asString();
		jdbc.sql("update campaign set status = 'PAUSED' where id = cast(? as uuid)").param(campaign).update();
		agent = Api.at(port).keyFor(tenant, "calls:report");
	}

	@AfterEach
	void finishIt() {
		jdbc.sql("update call_attempt set phase = 'FINAL', next_poll_at = null where campaign_id = cast(? as uuid)")
			.param(campaign)
			.update();
		jdbc.sql("update campaign set status = 'CANCELLED' where id = cast(? as uuid)").param(campaign).update();
	}

	@Test
	void aDetectionAloneLeavesTheCallUnreadAndTheLastWordHasItReadJustAfter() {
		Instant triggered = Instant.now().truncatedTo(ChronoUnit.MICROS);
		String sid = call("+442079460501", triggered, null);
		assertThat(nextPoll(sid)).isEqualTo(triggered);

		report(sid, "{\"detection\": \"HUMAN\"}");
		assertThat(nextPoll(sid)).as("a person answered: the call goes on, its last word awaited")
			.isEqualTo(reportedAt(sid).plus(AWAITING_REPORT));
		assertThat(duePolls(triggered.plus(Duration.ofMinutes(4)))).doesNotContain(sid);

		report(sid, "{\"detection\": \"HUMAN\", \"disposition\": \"booked\", \"sequence\": 1}");
		Instant hangUp = reportedAt(sid);
		assertThat(nextPoll(sid)).isEqualTo(hangUp.plus(AFTER_REPORT));
		// never polled and triggered just now, yet due: the agent has hung up, no need to wait for the first poll
		assertThat(duePolls(hangUp.plus(AFTER_REPORT))).contains(sid);
	}

	@Test
	void aLastWordWhileTheCallIsBeingReadMovesTheReadThatFollows() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Instant leaseEnd = now.plus(Duration.ofMinutes(1));
		String sid = call("+442079460502", now.minusSeconds(40), "test-poller");
		jdbc.sql("update call_attempt set next_poll_at = ?, last_polled_at = ? where call_sid = ?")
			.params(Timestamp.from(leaseEnd), Timestamp.from(now.minusSeconds(10)), sid)
			.update();

		report(sid, "{\"detection\": \"HUMAN\", \"disposition\": \"booked\"}");
		assertThat(nextPoll(sid)).as("the read in flight decides").isEqualTo(leaseEnd);

		Instant reportedAt = reportedAt(sid);
		Instant readAt = reportedAt.plusMillis(500);
		Instant planned = readAt.plus(Duration.ofSeconds(45));
		store.observed(due(sid, now.minusSeconds(40)), "IN_PROGRESS", "in-progress", readAt, readAt, planned,
				readAt.plus(Duration.ofHours(2)), new StatusResult.Observed(CallStatus.IN_PROGRESS, "in-progress"));
		assertThat(nextPoll(sid)).as("the provider has not seen the end yet: read again soon, not in 45 s")
			.isEqualTo(reportedAt.plus(AFTER_REPORT));

		// still live long after the last word: the pauses grow with the time since it (growth 1.5: half of it)
		lease(sid, "test-poller");
		Instant later = reportedAt.plus(Duration.ofSeconds(20));
		store.observed(due(sid, now.minusSeconds(40)), "IN_PROGRESS", "in-progress", later, later,
				later.plus(Duration.ofSeconds(45)), later.plus(Duration.ofHours(2)),
				new StatusResult.Observed(CallStatus.IN_PROGRESS, "in-progress"));
		assertThat(nextPoll(sid)).isEqualTo(later.plus(Duration.ofSeconds(10)));
	}

	@Test
	void withoutAReportOrOnceTheAwaitedWordIsOverdueThePlanDecides() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		String plain = call("+442079460503", now.minusSeconds(40), "test-poller");
		Instant planned = now.plus(Duration.ofSeconds(45));
		store.observed(due(plain, now.minusSeconds(40)), "IN_PROGRESS", "in-progress", now, now, planned,
				now.plus(Duration.ofHours(2)), new StatusResult.Observed(CallStatus.IN_PROGRESS, "in-progress"));
		assertThat(nextPoll(plain)).isEqualTo(planned);

		String awaited = call("+442079460501", now.minusSeconds(400), null);
		report(awaited, "{\"detection\": \"HUMAN\"}");
		Instant told = reportedAt(awaited);
		lease(awaited, "test-poller");
		Instant early = told.plusSeconds(30);
		store.observed(due(awaited, now.minusSeconds(400)), "IN_PROGRESS", "in-progress", early, early,
				early.plusSeconds(45), early.plus(Duration.ofHours(2)),
				new StatusResult.Observed(CallStatus.IN_PROGRESS, "in-progress"));
		assertThat(nextPoll(awaited)).as("read early (a lease expired): the last word is still awaited")
			.isEqualTo(told.plus(AWAITING_REPORT));

		lease(awaited, "test-poller");
		Instant overdue = told.plus(AWAITING_REPORT).plusSeconds(1);
		store.observed(due(awaited, now.minusSeconds(400)), "IN_PROGRESS", "in-progress", overdue, overdue,
				overdue.plusSeconds(45), overdue.plus(Duration.ofHours(2)),
				new StatusResult.Observed(CallStatus.IN_PROGRESS, "in-progress"));
		assertThat(nextPoll(awaited)).as("no last word in time: the plan again").isEqualTo(overdue.plusSeconds(45));
	}

	/** The recipient's call, in progress since {@code triggered}, leased to {@code owner} if any. */
	private String call(String phone, Instant triggered, String owner) {
		String sid = "OUT-reported-" + UUID.randomUUID();
		long recipient = jdbc.sql("""
				update recipient set state = 'IN_CALL', attempts = attempts + 1
				where campaign_id = cast(? as uuid) and phone_number = ? returning id""")
			.params(campaign, phone)
			.query(Long.class)
			.single();
		jdbc.sql("""
				insert into call_attempt (recipient_id, campaign_id, attempt, call_sid, phase, status, raw_status,
				                          created_at, triggered_at, next_poll_at, retention_deadline, lease_owner)
				select id, campaign_id, attempts, ?, 'ACTIVE', 'IN_PROGRESS', 'in-progress', ?, ?, ?, ?, ?
				from recipient where id = ?
				""")
			.params(sid, Timestamp.from(triggered), Timestamp.from(triggered), Timestamp.from(triggered),
					Timestamp.from(triggered.plus(Duration.ofHours(2))), owner, recipient)
			.update();
		return sid;
	}

	private void lease(String sid, String owner) {
		jdbc.sql("update call_attempt set lease_owner = ? where call_sid = ?").params(owner, sid).update();
	}

	private StatusStore.Due due(String sid, Instant triggered) {
		long id = jdbc.sql("select id from call_attempt where call_sid = ?").param(sid).query(Long.class).single();
		return new StatusStore.Due(id, sid, "IN_PROGRESS", "in-progress", triggered, triggered,
				triggered.plus(Duration.ofHours(2)), 1, triggered, "test-poller", null, 0, null);
	}

	private void report(String sid, String body) {
		var taken = agent.post("/api/v1/calls/" + sid + "/outcome", body);
		assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
	}

	private Instant nextPoll(String sid) {
		return jdbc.sql("select next_poll_at from call_attempt where call_sid = ?")
			.param(sid)
			.query(Timestamp.class)
			.single()
			.toInstant();
	}

	private Instant reportedAt(String sid) {
		return jdbc.sql("select outcome_reported_at from call_attempt where call_sid = ?")
			.param(sid)
			.query(Timestamp.class)
			.single()
			.toInstant();
	}

	/** The calls of this campaign a poller would claim at {@code now}, the first poll due 30 s after a trigger. */
	private List<String> duePolls(Instant now) {
		return jdbc.sql("select call_sid from call_attempt where campaign_id = cast(:campaign as uuid) and "
				+ StatusStore.DUE)
			.param("campaign", campaign)
			.param("now", Timestamp.from(now))
			.param("firstDue", Timestamp.from(now.minusSeconds(30)))
			.query(String.class)
			.list();
	}

}
