package dev.campaigns.orchestrator.campaign;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PATCH /api/v1/campaigns/{id} against PostgreSQL, on a clock fixed on a Monday morning in
 * London (UTC in January): settings read back, recipients re-planned or expired, the audit.
 */
@IntegrationTest
@Import(CampaignEditIntegrationTests.OnMonday.class)
class CampaignEditIntegrationTests {

	static final Instant MONDAY = Instant.parse("2030-01-07T10:00:00Z");

	static final String MERGE_PATCH = "application/merge-patch+json";

	@TestConfiguration(proxyBeanMethods = false)
	static class OnMonday {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock(MONDAY);
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	Api tenant;

	@BeforeEach
	void newTenant() {
		clock.set(MONDAY);
		tenant = Api.at(port).newTenant("campaigns:write");
	}

	@Test
	void editsNameWindowEndAndRateAndReadsThemBack() {
		String id = campaign();

		HttpResponse<String> edited = tenant.patch("/api/v1/campaigns/" + id, """
				{"name":"Renamed","schedule":{"callingWindow":{"start":"14:00","end":"16:00"},
				 "endAt":"2030-01-20T00:00:00Z","blackoutDates":["2030-01-09"]},
				 "rateLimit":{"callsPerMinute":120}}""", MERGE_PATCH);

		assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
		JsonNode campaign = json(tenant.get("/api/v1/campaigns/" + id));
		assertThat(campaign.get("name").asString()).isEqualTo("Renamed");
		assertThat(campaign.at("/schedule/callingWindow/start").asString()).isEqualTo("14:00");
		assertThat(campaign.at("/schedule/callingWindow/end").asString()).isEqualTo("16:00");
		assertThat(campaign.at("/schedule/callingWindow/days").toString())
			.as("a field left out of the window keeps its value")
			.isEqualTo("[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\"]");
		assertThat(campaign.at("/schedule/endAt").asString()).isEqualTo("2030-01-20T00:00:00Z");
		assertThat(campaign.at("/schedule/blackoutDates/0").asString()).isEqualTo("2030-01-09");
		assertThat(campaign.at("/rateLimit/callsPerMinute").asInt()).isEqualTo(120);
		assertThat(campaign.at("/rateLimit/maxConcurrentCalls").asInt()).isEqualTo(20);
		assertThat(campaign.at("/schedule/defaultTimeZone").asString()).isEqualTo("Europe/London");
		assertThat(jdbc.sql("select calls_per_minute from campaign where id = ?").param(UUID.fromString(id))
			.query(Integer.class).single()).as("the dispatcher reads the pace from the row each round").isEqualTo(120);
		assertThat(jdbc.sql("select version from campaign where id = ?").param(UUID.fromString(id))
			.query(Long.class).single()).isEqualTo(1L);
	}

	@Test
	void pendingRecipientsMoveIntoTheNewWindowNotBeforeTheirNotBefore() {
		String id = campaign();
		assertThat(nextAttempt(id, "plain")).isEqualTo(MONDAY);

		HttpResponse<String> edited = tenant.patch("/api/v1/campaigns/" + id,
				"{\"schedule\":{\"callingWindow\":{\"start\":\"14:00\",\"end\":\"16:00\"}}}", "application/json");

		assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
		assertThat(nextAttempt(id, "plain")).isEqualTo(Instant.parse("2030-01-07T14:00:00Z"));
		assertThat(nextAttempt(id, "tomorrow")).as("its notBefore, inside the new window")
			.isEqualTo(Instant.parse("2030-01-08T15:00:00Z"));

		tenant.patch("/api/v1/campaigns/" + id, "{\"schedule\":{\"callingWindow\":{\"days\":[\"WED\"]}}}", MERGE_PATCH);

		assertThat(nextAttempt(id, "plain")).isEqualTo(Instant.parse("2030-01-09T14:00:00Z"));
		assertThat(nextAttempt(id, "tomorrow")).isEqualTo(Instant.parse("2030-01-09T14:00:00Z"));
	}

	@Test
	void recipientsWithoutAnOpeningBeforeTheNewEndExpireAndDoneOnesAreUntouched() {
		String id = campaign();
		jdbc.sql("update recipient set state = 'DONE', outcome = 'COMPLETED', next_attempt_at = null"
				+ " where campaign_id = ? and external_id = 'done'").param(UUID.fromString(id)).update();

		HttpResponse<String> edited = tenant.patch("/api/v1/campaigns/" + id, """
				{"schedule":{"endAt":"2030-01-07T15:00:00Z","callingWindow":{"start":"14:00"}}}""", MERGE_PATCH);

		assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
		assertThat(json(edited).at("/counts/pending").asInt()).isEqualTo(1);
		assertThat(field(id, "plain", "state")).isEqualTo("PENDING");
		assertThat(instant(id, "plain", "deadline")).isEqualTo(Instant.parse("2030-01-07T15:00:00Z"));
		assertThat(field(id, "tomorrow", "outcome")).isEqualTo("EXPIRED");
		assertThat(field(id, "done", "outcome")).isEqualTo("COMPLETED");
		JsonNode expired = json(tenant.get("/api/v1/campaigns/" + id + "/recipients?externalId=tomorrow"))
			.get("items").get(0);
		JsonNode trail = json(tenant.get("/api/v1/campaigns/" + id + "/recipients/" + expired.get("id").asLong()))
			.get("history");
		assertThat(trail.toString()).contains("\"decision\":\"SKIPPED\"", "DEADLINE_PASSED", "CAMPAIGN_EDITED");
		assertThat(jdbc.sql("select count(*) from outbox where event_type = 'recipient.completed'"
				+ " and payload ->> 'campaignId' = ? and payload ->> 'outcome' = 'EXPIRED'").param(id)
			.query(Long.class).single()).isEqualTo(1L);
	}

	@Test
	void aBadValueIsA400NamingTheFieldAndChangesNothing() {
		String id = campaign();

		assertThat(errorField(tenant.patch("/api/v1/campaigns/" + id,
				"{\"schedule\":{\"callingWindow\":{\"start\":\"25:00\"}},\"name\":\"x\"}", MERGE_PATCH)))
			.isEqualTo("schedule.callingWindow.start");
		assertThat(errorField(tenant.patch("/api/v1/campaigns/" + id, "{\"rateLimit\":{\"callsPerMinute\":0}}",
				MERGE_PATCH))).isEqualTo("rateLimit.callsPerMinute");
		assertThat(errorField(tenant.patch("/api/v1/campaigns/" + id,
				"{\"schedule\":{\"startAt\":\"2030-02-01T00:00:00Z\"}}", MERGE_PATCH))).isEqualTo("schedule.startAt");
		assertThat(errorField(tenant.patch("/api/v1/campaigns/" + id, "{\"name\":null}", MERGE_PATCH)))
			.as("a removed name is no name").isEqualTo("name");
		assertThat(errorField(tenant.patch("/api/v1/campaigns/" + id, "{\"rateLimit\":{\"callsPerMinute\":\"9\"}}",
				MERGE_PATCH))).isEqualTo("rateLimit.callsPerMinute");

		JsonNode campaign = json(tenant.get("/api/v1/campaigns/" + id));
		assertThat(campaign.get("name").asString()).isEqualTo("Reminders");
		assertThat(campaign.at("/schedule/callingWindow/start").asString()).isEqualTo("09:00");
		assertThat(jdbc.sql("select count(*) from campaign_event where campaign_id = ?").param(UUID.fromString(id))
			.query(Long.class).single()).isZero();
		assertThat(nextAttempt(id, "plain")).isEqualTo(MONDAY);
	}

	@Test
	void aCompletedCampaignIsNotEdited() {
		String id = campaign();
		assertThat(tenant.postEmpty("/api/v1/campaigns/" + id + "/complete").statusCode()).isEqualTo(200);

		HttpResponse<String> edited = tenant.patch("/api/v1/campaigns/" + id, "{\"name\":\"Late\"}", MERGE_PATCH);

		assertThat(edited.statusCode()).as(edited.body()).isEqualTo(409);
		assertThat(json(edited).get("type").asString()).endsWith("/campaign-not-editable");
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).get("name").asString()).isEqualTo("Reminders");
	}

	@Test
	void theAuditListsEachChangedFieldWithItsOldAndNewValue() {
		String id = campaign();

		tenant.patch("/api/v1/campaigns/" + id,
				"{\"rateLimit\":{\"callsPerMinute\":120},\"schedule\":{\"endAt\":\"2030-02-01T00:00:00Z\"}}", MERGE_PATCH);
		tenant.patch("/api/v1/campaigns/" + id, "{\"schedule\":{\"endAt\":null},\"name\":\"Reminders\"}", MERGE_PATCH);

		assertThat(jdbc.sql("select status || ': ' || reason from campaign_event where campaign_id = ? order by id")
			.param(UUID.fromString(id)).query(String.class).list()).containsExactly(
					"EDITED: schedule.endAt: none → 2030-02-01T00:00:00Z; rateLimit.callsPerMinute: 60 → 120",
					"EDITED: schedule.endAt: 2030-02-01T00:00:00Z → none");
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).at("/schedule/endAt").isNull())
			.as("null removes the end").isTrue();
		JsonNode events = json(tenant.get("/api/v1/campaigns/" + id + "/events"));
		assertThat(events.findValuesAsString("status")).containsExactly("EDITED", "EDITED");
		assertThat(events.findValues("actor").stream().map(actor -> actor.get("keyId").asString()))
			.as("who edited").containsExactly(tenant.keyId(), tenant.keyId());
	}

	@Test
	void priorityIsEditedAuditedAndNullGivesTheDefaultBack() {
		String id = campaign();

		HttpResponse<String> urgent = tenant.patch("/api/v1/campaigns/" + id, "{\"priority\":5}", MERGE_PATCH);
		HttpResponse<String> tooHigh = tenant.patch("/api/v1/campaigns/" + id, "{\"priority\":6}", MERGE_PATCH);
		int stored = jdbc.sql("select priority from campaign where id = ?").param(UUID.fromString(id))
			.query(Integer.class).single();
		HttpResponse<String> back = tenant.patch("/api/v1/campaigns/" + id, "{\"priority\":null}", MERGE_PATCH);

		assertThat(urgent.statusCode()).as(urgent.body()).isEqualTo(200);
		assertThat(json(urgent).get("priority").asInt()).isEqualTo(5);
		assertThat(stored).as("the dispatcher reads the priority from the row each round").isEqualTo(5);
		assertThat(tooHigh.statusCode()).isEqualTo(400);
		assertThat(json(tooHigh).get("errors").findValuesAsString("field")).containsExactly("priority");
		assertThat(json(back).get("priority").asInt()).isEqualTo(3);
		assertThat(jdbc.sql("select reason from campaign_event where campaign_id = ? order by id")
			.param(UUID.fromString(id)).query(String.class).list())
			.containsExactly("priority: 3 → 5", "priority: 5 → 3");
	}

	@Test
	void aRetryWaitsForItsBackoffFromTheLastCallsEnd() {
		String id = campaign();
		long recipient = jdbc.sql("update recipient set attempts = 1 where campaign_id = ? and external_id = 'plain'"
				+ " returning id").param(UUID.fromString(id)).query(Long.class).single();
		jdbc.sql("insert into call_attempt (recipient_id, campaign_id, attempt, phase, status, created_at, ended_at)"
				+ " values (?, ?, 1, 'FINAL', 'NO_ANSWER', ?, ?)")
			.params(recipient, UUID.fromString(id), Timestamp.from(MONDAY.minusSeconds(600)),
					Timestamp.from(MONDAY.minusSeconds(300)))
			.update();

		tenant.patch("/api/v1/campaigns/" + id, "{\"retry\":{\"backoff\":\"PT2H\"}}", MERGE_PATCH);

		assertThat(nextAttempt(id, "plain")).isEqualTo(MONDAY.minusSeconds(300).plusSeconds(7200));
		assertThat(nextAttempt(id, "done")).isEqualTo(MONDAY);
	}

	@Test
	void anotherTenantsCampaignIsNotFound() {
		String id = campaign();

		HttpResponse<String> edited = Api.at(port).newTenant("campaigns:write")
			.patch("/api/v1/campaigns/" + id, "{\"name\":\"Mine\"}", MERGE_PATCH);

		assertThat(edited.statusCode()).isEqualTo(404);
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).get("name").asString()).isEqualTo("Reminders");
	}

	/** Three London recipients: {@code plain}, {@code tomorrow} (notBefore Tuesday 15:00), {@code done}. */
	private String campaign() {
		HttpResponse<String> created = tenant.post("/api/v1/campaigns", """
				{"name":"Reminders","schedule":{"defaultTimeZone":"Europe/London",
				 "callingWindow":{"start":"09:00","end":"20:00","days":["MON","TUE","WED","THU","FRI"]}},
				 "recipients":[{"phoneNumber":"+442079460101","externalId":"plain"},
				   {"phoneNumber":"+442079460102","externalId":"tomorrow","notBefore":"2030-01-08T15:00:00Z"},
				   {"phoneNumber":"+442079460103","externalId":"done"}]}""");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created).get("id").asString();
	}

	private Instant nextAttempt(String id, String externalId) {
		return instant(id, externalId, "next_attempt_at");
	}

	private Instant instant(String id, String externalId, String column) {
		return jdbc.sql("select " + column + " from recipient where campaign_id = ? and external_id = ?")
			.params(UUID.fromString(id), externalId)
			.query(Timestamp.class)
			.single()
			.toInstant();
	}

	private String field(String id, String externalId, String column) {
		return jdbc.sql("select " + column + "::text from recipient where campaign_id = ? and external_id = ?")
			.params(UUID.fromString(id), externalId)
			.query(String.class)
			.single();
	}

	private static String errorField(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
		return json(answer).at("/errors/0/field").asString();
	}

}
