package dev.campaigns.orchestrator.campaign;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
 * PATCH of one recipient through the API against PostgreSQL: validated as ingest, planned
 * again at once, recorded in its trail with the API key, refused whole, and only for a
 * recipient still pending of the caller's tenant. The clock stands on a Monday, 10:00 in London.
 */
@IntegrationTest
@Import(RecipientUpdateIntegrationTests.OnMonday.class)
class RecipientUpdateIntegrationTests {

	static final Instant MONDAY = Instant.parse("2030-01-07T10:00:00Z");

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
	void isolate() {
		clock.set(MONDAY);
		tenant = Api.at(port).newTenant("admin");
	}

	@Test
	void aLaterNotBeforeMovesTheNextAttemptAndIsAuditedWithTheApiKey() {
		String id = campaign("appt-1");
		long recipient = recipientId(id, "appt-1");
		assertThat(Instant.parse(json(tenant.get(recipients(id) + "/" + recipient)).get("nextAttemptAt").asString()))
			.isEqualTo(MONDAY);

		HttpResponse<String> updated = tenant.patch(recipients(id) + "/" + recipient,
				"{\"notBefore\":\"2030-01-08T11:00:00Z\"}");

		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		JsonNode body = json(updated);
		assertThat(Instant.parse(body.get("nextAttemptAt").asString())).isEqualTo("2030-01-08T11:00:00Z");
		assertThat(Instant.parse(body.get("notBefore").asString())).isEqualTo("2030-01-08T11:00:00Z");
		JsonNode audit = lastDecision(body, "UPDATED");
		assertThat(audit.get("reason").asString()).isEqualTo("UPDATED_BY_API");
		assertThat(audit.get("detail").asString()).contains("notBefore none → 2030-01-08T11:00:00Z")
			.contains("API key \"test key\"");
		assertThat(Instant.parse(audit.get("nextAttemptAt").asString())).isEqualTo("2030-01-08T11:00:00Z");
		assertThat(audit.at("/actor/keyId").asString()).isEqualTo(tenant.keyId());
		assertThat(audit.at("/actor/name").asString()).isEqualTo("test key");
		assertThat(jdbc.sql("select count(*) from recipient_event where recipient_id = ? and decision = 'UPDATED'"
				+ " and actor_key_id = cast(? as uuid) and actor_name = 'test key'")
			.params(recipient, tenant.keyId()).query(Long.class).single()).isEqualTo(1L);
		assertThat(jdbc.sql("select deadline is null from recipient where id = ?").param(recipient)
			.query(Boolean.class).single()).isTrue();
	}

	@Test
	void aNewTimeZoneIsPlannedIntoThatZonesWindow() {
		String id = campaign("appt-1");

		HttpResponse<String> updated = tenant.patch(recipients(id) + "/by-external-id/appt-1",
				"{\"timeZone\":\"America/New_York\"}", "application/json");

		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		JsonNode body = json(updated);
		assertThat(body.get("timeZones").toString()).isEqualTo("[\"America/New_York\"]");
		// 05:00 in New York on Monday: its window opens at 09:00 there
		assertThat(Instant.parse(body.get("nextAttemptAt").asString())).isEqualTo("2030-01-07T14:00:00Z");
		assertThat(lastDecision(body, "UPDATED").get("detail").asString())
			.contains("timeZone Europe/London → America/New_York");

		HttpResponse<String> back = tenant.patch(recipients(id) + "/by-external-id/appt-1", "{\"timeZone\":null}");
		assertThat(json(back).get("timeZones").toString()).as("the zones of the number").isEqualTo("[\"Europe/London\"]");
		assertThat(Instant.parse(json(back).get("nextAttemptAt").asString())).isEqualTo(MONDAY);
	}

	@Test
	void invalidValuesAreEachNamedWithoutAnIndexAndNothingChanges() {
		String id = campaign("appt-1");
		long recipient = recipientId(id, "appt-1");
		String before = tenant.get(recipients(id) + "/" + recipient).body();

		HttpResponse<String> invalid = tenant.patch(recipients(id) + "/" + recipient,
				"{\"timeZone\":\"Mars/Olympus\",\"notBefore\":\"2030-01-09T10:00:00Z\",\"notAfter\":\"2030-01-08T10:00:00Z\","
						+ "\"metadata\":{\"bad key\":\"x\",\"n\":1}}");
		HttpResponse<String> unknown = tenant.patch(recipients(id) + "/" + recipient,
				"{\"externalId\":\"appt-2\",\"notBefore\":3}");
		HttpResponse<String> notJson = tenant.patch(recipients(id) + "/" + recipient, "{\"notBefore\":");
		HttpResponse<String> badNumber = tenant.patch(recipients(id) + "/" + recipient, "{\"phoneNumber\":\"12\"}");

		assertThat(errors(invalid)).containsExactlyInAnyOrder("timeZone: must be an IANA time zone such as Europe/London",
				"notAfter: must be after notBefore",
				"metadata.bad key: key must be 1-64 header-safe characters (letters, digits and !#$%&'*+.^_`|~-)",
				"metadata.n: value must be a string");
		assertThat(json(invalid).get("errors").findValues("index")).allMatch(JsonNode::isNull);
		assertThat(errors(unknown)).containsExactlyInAnyOrder("externalId: is not a field of this API",
				"notBefore: has the wrong type: expected a string");
		assertThat(errors(notJson)).singleElement().asString().startsWith("body: is not valid JSON");
		assertThat(errors(badNumber)).containsExactly(
				"phoneNumber: must be in E.164 format (+ and country code), or come with a countryCode");
		assertThat(tenant.get(recipients(id) + "/" + recipient).body()).isEqualTo(before);
	}

	@Test
	void aNewNumberIsCheckedAgainstTheCampaignAndTheDoNotCallListAndMaskedInTheTrail() {
		String id = campaign("appt-1", "appt-2");
		long recipient = recipientId(id, "appt-1");
		assertThat(tenant.post("/api/v1/suppressions", "{\"phoneNumber\":\"" + number(7) + "\"}").statusCode())
			.isEqualTo(201);

		HttpResponse<String> taken = tenant.patch(recipients(id) + "/" + recipient,
				"{\"phoneNumber\":\"" + number(1) + "\"}");
		HttpResponse<String> suppressed = tenant.patch(recipients(id) + "/" + recipient,
				"{\"phoneNumber\":\"" + number(7) + "\"}");
		HttpResponse<String> national = tenant.patch(recipients(id) + "/" + recipient,
				"{\"phoneNumber\":\"020 7946 9005\",\"countryCode\":\"GB\"}");

		assertThat(errors(taken)).containsExactly("phoneNumber: is already a recipient of this campaign");
		assertThat(errors(suppressed)).containsExactly(
				"phoneNumber: is on the tenant's do-not-call list: it would never be dialled");
		assertThat(national.statusCode()).as(national.body()).isEqualTo(200);
		assertThat(json(national).get("phoneNumber").asString()).isEqualTo(number(5));
		String detail = lastDecision(json(national), "UPDATED").get("detail").asString();
		assertThat(detail).contains("phoneNumber +44*******000 → +44*******005").doesNotContain(number(0))
			.doesNotContain(number(5));
		assertThat(tenant.get(recipients(id) + "?phoneNumber=%2B442079469005").body()).contains("appt-1");
	}

	@Test
	void metadataMergesKeyByKeyByExternalId() {
		String id = json(tenant.post("/api/v1/campaigns", "{\"name\":\"reminders\",\"recipients\":[{\"phoneNumber\":\""
				+ number(0) + "\",\"externalId\":\"appt-1\",\"metadata\":{\"name\":\"Ann\",\"slot\":\"10:30\"}}]}"))
			.get("id").asString();

		HttpResponse<String> updated = tenant.patch(recipients(id) + "/by-external-id/appt-1",
				"{\"metadata\":{\"slot\":\"16:30\",\"name\":null,\"room\":\"4\"}}");

		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		JsonNode metadata = json(updated).get("metadata");
		assertThat(metadata.propertyNames()).containsExactlyInAnyOrder("slot", "room");
		assertThat(metadata.get("slot").asString()).isEqualTo("16:30");
		assertThat(metadata.get("room").asString()).isEqualTo("4");
		assertThat(lastDecision(json(updated), "UPDATED").get("detail").asString())
			.contains("metadata added [room], changed [slot], removed [name]").doesNotContain("16:30");
		HttpResponse<String> cleared = tenant.patch(recipients(id) + "/by-external-id/appt-1", "{\"metadata\":null}");
		assertThat(json(cleared).get("metadata").isEmpty()).isTrue();
		HttpResponse<String> nothing = tenant.patch(recipients(id) + "/by-external-id/appt-1", "{\"metadata\":{}}");
		assertThat(json(nothing).get("history").findValuesAsString("decision").stream()
			.filter("UPDATED"::equals)).as("a patch that changes nothing records nothing").hasSize(2);
	}

	@Test
	void aRecipientWithNoOpeningLeftIsDoneAsExpiredWithItsEvent() {
		String id = campaign("appt-1");

		HttpResponse<String> updated = tenant.patch(recipients(id) + "/by-external-id/appt-1",
				"{\"timeZone\":\"America/New_York\",\"notAfter\":\"2030-01-07T12:00:00Z\"}");

		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		JsonNode body = json(updated);
		assertThat(body.get("state").asString()).isEqualTo("DONE");
		assertThat(body.get("outcome").asString()).isEqualTo("EXPIRED");
		assertThat(body.get("history").findValuesAsString("decision")).containsSubsequence("UPDATED", "SKIPPED");
		assertThat(lastDecision(body, "SKIPPED").get("reason").asString()).isEqualTo("EXPIRED");
		assertThat(jdbc.sql("select count(*) from outbox where event_type = 'recipient.completed'"
				+ " and payload ->> 'externalId' = 'appt-1' and payload ->> 'campaignId' = ?").param(id)
			.query(Long.class).single()).isEqualTo(1L);
	}

	@Test
	void aRecipientWaitingForARetryIsPlannedNoEarlierThanItsRetry() {
		String id = campaign("appt-1");
		long recipient = recipientId(id, "appt-1");
		Instant retry = MONDAY.plusSeconds(2 * 3600);
		jdbc.sql("update recipient set attempts = 1, next_attempt_at = ? where id = ?")
			.params(Timestamp.from(retry), recipient).update();

		HttpResponse<String> earlier = tenant.patch(recipients(id) + "/" + recipient,
				"{\"notBefore\":\"2030-01-07T10:30:00Z\"}");
		HttpResponse<String> later = tenant.patch(recipients(id) + "/" + recipient,
				"{\"notBefore\":\"2030-01-07T15:00:00Z\"}");

		assertThat(Instant.parse(json(earlier).get("nextAttemptAt").asString())).isEqualTo(retry);
		assertThat(Instant.parse(json(later).get("nextAttemptAt").asString())).isEqualTo("2030-01-07T15:00:00Z");
		assertThat(json(later).get("attempts").asInt()).isEqualTo(1);
	}

	@Test
	void onlyAPendingRecipientOfTheTenantChanges() {
		String id = campaign("appt-1", "appt-2", "appt-3");
		long done = recipientId(id, "appt-1");
		long dialling = recipientId(id, "appt-2");
		jdbc.sql("update recipient set state = 'DONE', outcome = 'COMPLETED' where id = ?").param(done).update();
		jdbc.sql("update recipient set state = 'DIALING' where id = ?").param(dialling).update();
		Api other = Api.at(port).newTenant("campaigns:write");
		String patch = "{\"notBefore\":\"2030-01-08T11:00:00Z\"}";

		assertThat(problem(tenant.patch(recipients(id) + "/" + done, patch), 409))
			.endsWith("/recipient-action-not-allowed");
		assertThat(problem(tenant.patch(recipients(id) + "/by-external-id/appt-2", patch), 409))
			.endsWith("/recipient-action-not-allowed");
		assertThat(problem(tenant.patch(recipients(id) + "/by-external-id/nobody", patch), 404))
			.endsWith("/recipient-not-found");
		assertThat(problem(tenant.patch(recipients(id) + "/999999999", patch), 404)).endsWith("/recipient-not-found");
		long pending = json(tenant.get(recipients(id) + "?externalId=appt-3")).at("/items/0/id").asLong();
		assertThat(other.patch(recipients(id) + "/" + pending, patch).statusCode()).isEqualTo(404);
		assertThat(other.patch(recipients(id) + "/by-external-id/appt-1", patch).statusCode()).isEqualTo(404);
		assertThat(jdbc.sql("select count(*) from recipient_event e join recipient r on r.id = e.recipient_id"
				+ " where r.campaign_id = cast(? as uuid) and e.decision = 'UPDATED'").param(id).query(Long.class)
			.single()).isZero();
	}

	private static JsonNode lastDecision(JsonNode recipient, String decision) {
		JsonNode found = null;
		for (JsonNode entry : recipient.get("history")) {
			if (entry.get("decision").asString().equals(decision)) {
				found = entry;
			}
		}
		assertThat(found).as("a %s decision in %s", decision, recipient).isNotNull();
		return found;
	}

	/** A campaign of London numbers (the window holds on Monday 10:00 UTC), one per external id. */
	private String campaign(String... externalIds) {
		List<String> recipients = new ArrayList<>();
		for (int i = 0; i < externalIds.length; i++) {
			recipients.add("{\"phoneNumber\":\"" + number(i) + "\",\"externalId\":\"" + externalIds[i] + "\"}");
		}
		HttpResponse<String> created = tenant.post("/api/v1/campaigns",
				"{\"name\":\"reminders\",\"recipients\":[" + String.join(",", recipients) + "]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created).get("id").asString();
	}

	private long recipientId(String campaign, String externalId) {
		return json(tenant.get(recipients(campaign) + "/by-external-id/" + externalId)).get("id").asLong();
	}

	private static String number(int i) {
		return String.format("+44207946%04d", 9000 + i);
	}

	private static String recipients(String campaign) {
		return "/api/v1/campaigns/" + campaign + "/recipients";
	}

	private static List<String> errors(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		List<String> errors = new ArrayList<>();
		json(response).get("errors").forEach(e -> errors.add(e.get("field").asString() + ": " + e.get("reason").asString()));
		return errors;
	}

	private static String problem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return json(response).get("type").asString();
	}

}
