package dev.campaigns.orchestrator.status.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.status.RetryDecisions;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #25: calls end as the poller ends them, with what the agent reported stored on the
 * attempt beforehand (or after), and their recipients are retried by the campaign's rules. The
 * calls are in 2035, on a paused campaign, so neither the dispatcher nor the poller touches them.
 */
@IntegrationTest
class RetryRulesIntegrationTests {

	/** A Monday, 10:00 in London (GMT): the window is 09:00 to 17:00 on weekdays. */
	static final Instant MONDAY_10 = Instant.parse("2035-01-08T10:00:00Z");

	static final String RULES = """
			{"maxAttempts": 4, "rules": [
			  {"on": "NO_ANSWER", "backoff": ["PT30M", "PT2H"]},
			  {"on": "VOICEMAIL", "backoff": ["PT4H"], "maxAttempts": 2},
			  {"on": "NOT_IN_SERVICE", "retry": false}]}""";

	@LocalServerPort
	int port;

	@Autowired
	StatusStore store;

	@Autowired
	MeterRegistry meters;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	RetryDecisions retryDecisions;

	@Autowired
	NextSteps nextSteps;

	@Autowired
	JdbcClient jdbc;

	EndingCalls endings;

	String campaign;

	Api tenant;

	@BeforeEach
	void aPausedCampaignWithRetryRules() {
		endings = new EndingCalls(store, nextSteps, meters, transactions);
		tenant = Api.at(port).newTenant("campaigns:write");
		var created = tenant.post("/api/v1/campaigns", """
				{"name": "retry rules", "schedule": {"callingWindow": {"start": "09:00", "end": "17:00",
				  "days": ["MON", "TUE", "WED", "THU", "FRI"]}, "defaultTimeZone": "Europe/London"},
				 "retry": %s,
				 "recipients": [{"phoneNumber": "+442079460301"}, {"phoneNumber": "+442079460302"},
				  {"phoneNumber": "+442079460303"}, {"phoneNumber": "+442079460304"}, {"phoneNumber": "+442079460305"},
				  {"phoneNumber": "+442079460306"}]}""".formatted(RULES));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		campaign = json(created).get("id").asString();
		assertThat(json(created).get("retry").get("rules").get(1).toString())
			.isEqualTo("{\"on\":\"VOICEMAIL\",\"backoff\":[\"PT4H\"],\"maxAttempts\":2,\"retry\":true}");
		jdbc.sql("update campaign set status = 'PAUSED' where id = cast(? as uuid)").param(campaign).update();
	}

	@AfterEach
	void finishIt() {
		jdbc.sql("update call_attempt set phase = 'FINAL', next_poll_at = null where campaign_id = cast(? as uuid)")
			.param(campaign)
			.update();
		jdbc.sql("update recipient set state = 'DONE', outcome = 'CANCELLED' where campaign_id = cast(? as uuid)"
				+ " and state <> 'DONE'").param(campaign).update();
		jdbc.sql("update campaign set status = 'CANCELLED' where id = cast(? as uuid)").param(campaign).update();
	}

	@Test
	void noAnswerTwiceIsRetriedAfterEachAttemptsOwnBackoff() {
		long first = call("+442079460301", null, null);
		end(first, CallStatus.NO_ANSWER, MONDAY_10);
		assertThat(recipient("+442079460301")).containsEntry("state", "PENDING")
			.containsEntry("next_attempt_at", Timestamp.from(MONDAY_10.plus(Duration.ofMinutes(30))));

		Instant secondEnd = MONDAY_10.plus(Duration.ofMinutes(31));
		long second = call("+442079460301", null, null);
		end(second, CallStatus.NO_ANSWER, secondEnd);

		assertThat(recipient("+442079460301")).containsEntry("state", "PENDING")
			.containsEntry("attempts", 2)
			.containsEntry("next_attempt_at", Timestamp.from(secondEnd.plus(Duration.ofHours(2))))
			.containsEntry("retry_after", Timestamp.from(secondEnd.plus(Duration.ofHours(2))));
		assertThat(trail("+442079460301")).containsExactly(
				"RETRY_PLANNED NO_ANSWER: the call ended NO_ANSWER; the NO_ANSWER rule plans another attempt after"
						+ " PT30M, at the next lawful opening",
				"RETRY_PLANNED NO_ANSWER: the call ended NO_ANSWER; the NO_ANSWER rule plans another attempt after"
						+ " PT2H, at the next lawful opening");
	}

	@Test
	void aVoicemailTheProviderCountsAsAnsweredIsRetriedByItsRuleUpToItsOwnMaxAttempts() {
		long first = call("+442079460302", "VOICEMAIL", null);
		end(first, CallStatus.COMPLETED, MONDAY_10);
		assertThat(recipient("+442079460302")).containsEntry("state", "PENDING")
			.containsEntry("next_attempt_at", Timestamp.from(MONDAY_10.plus(Duration.ofHours(4))));

		long second = call("+442079460302", "VOICEMAIL", null);
		end(second, CallStatus.COMPLETED, MONDAY_10.plus(Duration.ofHours(5)));

		// the policy allows 4 calls, the voicemail rule 2: not a delivered reminder either
		assertThat(recipient("+442079460302")).containsEntry("state", "DONE")
			.containsEntry("outcome", "NO_ANSWER")
			.containsEntry("outcome_reason", "the agent detected VOICEMAIL")
			.containsEntry("next_attempt_at", null);
		assertThat(trail("+442079460302")).first().asString()
			.isEqualTo("RETRY_PLANNED NO_ANSWER: the call ended COMPLETED, the agent detected VOICEMAIL; the VOICEMAIL"
					+ " rule plans another attempt after PT4H, at the next lawful opening");
	}

	@Test
	void aNumberNotInServiceIsNeverRetriedWhateverTheStatusOrTheAgentsTime() {
		long call = call("+442079460303", "NOT_IN_SERVICE", MONDAY_10.plus(Duration.ofHours(1)));
		end(call, CallStatus.NO_ANSWER, MONDAY_10);

		assertThat(recipient("+442079460303")).containsEntry("state", "DONE")
			.containsEntry("outcome", "INVALID")
			.containsEntry("outcome_reason", "the agent found the number not in service: never called again")
			.containsEntry("next_attempt_at", null);
	}

	@Test
	void theAgentsRetryAtIsUsedExactlyInsideTheWindowAndMovedToTheNextOpeningOutsideIt() {
		Instant inside = MONDAY_10.plus(Duration.ofMinutes(317));
		long lawful = call("+442079460304", null, inside);
		end(lawful, CallStatus.NO_ANSWER, MONDAY_10);
		long outside = call("+442079460305", "VOICEMAIL", Instant.parse("2035-01-08T19:00:00Z"));
		end(outside, CallStatus.COMPLETED, MONDAY_10);

		assertThat(recipient("+442079460304")).containsEntry("next_attempt_at", Timestamp.from(inside))
			.containsEntry("retry_after", Timestamp.from(inside));
		assertThat(recipient("+442079460305"))
			.containsEntry("next_attempt_at", Timestamp.from(Instant.parse("2035-01-09T09:00:00Z")));
		assertThat(trail("+442079460305")).singleElement().asString().endsWith(
				"; another attempt at the next lawful opening after the agent's retryAt 2035-01-08T19:00:00Z");
	}

	@Test
	void aReportStoredAfterTheCallEndedReDecidesTheRetryStillPlanned() {
		long call = call("+442079460306", null, null);
		assertThat(retryDecisions.reconsider(call)).isEqualTo(RetryDecisions.Reconsidered.NOT_ENDED);
		end(call, CallStatus.COMPLETED, MONDAY_10);
		assertThat(recipient("+442079460306")).containsEntry("state", "DONE");
		assertThat(retryDecisions.reconsider(call)).as("a recipient done is not reopened")
			.isEqualTo(RetryDecisions.Reconsidered.UNCHANGED);

		jdbc.sql("update recipient set state = 'PENDING', outcome = null, outcome_reason = null,"
				+ " next_attempt_at = ? where id = (select recipient_id from call_attempt where id = ?)")
			.params(Timestamp.from(MONDAY_10.plus(Duration.ofMinutes(30))), call)
			.update();
		jdbc.sql("update call_attempt set detection = 'VOICEMAIL' where id = ?").param(call).update();
		assertThat(retryDecisions.reconsider(call)).isEqualTo(RetryDecisions.Reconsidered.REPLANNED);
		assertThat(recipient("+442079460306")).containsEntry("state", "PENDING")
			.containsEntry("next_attempt_at", Timestamp.from(MONDAY_10.plus(Duration.ofHours(4))));
		assertThat(retryDecisions.reconsider(call)).as("the same report again").isEqualTo(
				RetryDecisions.Reconsidered.UNCHANGED);

		jdbc.sql("update call_attempt set detection = 'NOT_IN_SERVICE' where id = ?").param(call).update();
		assertThat(retryDecisions.reconsider(call)).isEqualTo(RetryDecisions.Reconsidered.FINISHED);
		assertThat(recipient("+442079460306")).containsEntry("state", "DONE").containsEntry("outcome", "INVALID");
		assertThat(trail("+442079460306")).last().asString()
			.startsWith("FINISHED INVALID: the agent found the number not in service");
	}

	@Test
	void anEditsReplanKeepsTheTimeARulePlannedInsteadOfTheCampaignsBackoff() {
		long call = call("+442079460301", "VOICEMAIL", null);
		end(call, CallStatus.COMPLETED, MONDAY_10);
		long other = call("+442079460302", null, null);
		end(other, CallStatus.BUSY, MONDAY_10);

		var edited = tenant.patch("/api/v1/campaigns/" + campaign,
				"{\"schedule\": {\"callingWindow\": {\"end\": \"18:00\"}}, \"retry\": {\"backoff\": \"PT45M\"}}");

		assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
		assertThat(recipient("+442079460301")).containsEntry("state", "PENDING")
			.containsEntry("next_attempt_at", Timestamp.from(MONDAY_10.plus(Duration.ofHours(4))));
		assertThat(recipient("+442079460302")).containsEntry("state", "PENDING")
			.containsEntry("next_attempt_at", Timestamp.from(MONDAY_10.plus(Duration.ofMinutes(45))));
	}

	/**
	 * The recipient's next call, in progress and leased to this test, with what the agent
	 * reported so far.
	 */
	private long call(String phone, @Nullable String detection, @Nullable Instant retryAt) {
		long recipient = jdbc.sql("""
				update recipient set state = 'IN_CALL', attempts = attempts + 1
				where campaign_id = cast(? as uuid) and phone_number = ? returning id""")
			.params(campaign, phone)
			.query(Long.class)
			.single();
		Timestamp triggered = Timestamp.from(MONDAY_10.minus(Duration.ofMinutes(2)));
		return jdbc.sql("""
				insert into call_attempt (recipient_id, campaign_id, attempt, call_sid, phase, status, raw_status,
				                          created_at, triggered_at, next_poll_at, retention_deadline, lease_owner,
				                          detection, agent_retry_at)
				select id, campaign_id, attempts, ?, 'ACTIVE', 'IN_PROGRESS', 'in-progress', ?, ?, ?, ?, 'retry-tests',
				       ?, ?
				from recipient where id = ?
				returning id
				""")
			.params("OUT-retry-" + UUID.randomUUID(), triggered, triggered, Timestamp.from(MONDAY_10.plus(Duration.ofDays(1))),
					Timestamp.from(MONDAY_10.plus(Duration.ofHours(2))), detection,
					retryAt == null ? null : Timestamp.from(retryAt), recipient)
			.query(Long.class)
			.single();
	}

	private void end(long attempt, CallStatus status, Instant at) {
		String sid = jdbc.sql("select call_sid from call_attempt where id = ?").param(attempt).query(String.class).single();
		StatusStore.Due due = new StatusStore.Due(attempt, sid, "IN_PROGRESS", "in-progress", null,
				MONDAY_10.minus(Duration.ofMinutes(2)), MONDAY_10.plus(Duration.ofHours(2)), 0, null, "retry-tests", null,
				0, null);
		assertThat(endings.end(due, status, status.name().toLowerCase(), null, null, at)).hasToString(campaign);
	}

	private Map<String, Object> recipient(String phone) {
		return jdbc.sql("""
				select state, attempts, outcome, outcome_reason, next_attempt_at, retry_after from recipient
				where campaign_id = cast(? as uuid) and phone_number = ?""")
			.params(campaign, phone)
			.query()
			.singleRow();
	}

	private List<String> trail(String phone) {
		return jdbc.sql("""
				select e.decision || ' ' || e.reason || ': ' || e.detail from recipient_event e
				join recipient r on r.id = e.recipient_id
				where r.campaign_id = cast(? as uuid) and r.phone_number = ? and e.decision in ('RETRY_PLANNED', 'FINISHED')
				order by e.id""")
			.params(campaign, phone)
			.query(String.class)
			.list();
	}

}
