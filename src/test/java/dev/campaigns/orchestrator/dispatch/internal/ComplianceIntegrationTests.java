package dev.campaigns.orchestrator.dispatch.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The do-not-call list and the per-number cap, at ingest and right before every attempt. */
@IntegrationTest
@TestPropertySource(properties = { "orchestrator.dispatch.calls-per-second=1000", "orchestrator.dispatch.burst=200",
		"orchestrator.compliance.max-attempts-per-number=1" })
@org.springframework.context.annotation.Import(DispatcherIntegrationTests.OnMonday.class)
class ComplianceIntegrationTests {

	static final Instant MONDAY = DispatcherIntegrationTests.MONDAY;

	@LocalServerPort
	int port;

	@Autowired
	RoundDispatcher dispatcher;

	@Autowired
	dev.campaigns.testsupport.MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	Api admin;

	@BeforeEach
	void isolate() {
		jdbc.sql("delete from rate_limit").update();
		jdbc.sql("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')").update();
		jdbc.sql("update recipient set state = 'DONE', outcome = 'CANCELLED', lease_owner = null,"
				+ " lease_expires_at = null where state in ('DIALING', 'IN_CALL')").update();
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_calls")).DELETE().build());
		admin = Api.at(port).newTenant("admin");
		clock.set(MONDAY);

	}

	@Test
	void onlyAdminsManageTheListAndNumbersAreNormalised() {
		HttpResponse<String> added = admin.post("/api/v1/suppressions",
				"{\"phoneNumber\":\"020 7946 0555\",\"countryCode\":\"GB\",\"reason\":\"asked\"}");
		assertThat(added.statusCode()).isEqualTo(201);
		assertThat(json(added).get("phoneNumber").asString()).isEqualTo("+442079460555");
		assertThat(json(admin.get("/api/v1/suppressions")).at("/items/0/phoneNumber").asString())
			.isEqualTo("+442079460555");
		assertThat(admin.post("/api/v1/suppressions", "{\"phoneNumber\":\"12\"}").statusCode()).isEqualTo(400);

		Api writer = Api.at(port).newTenant("campaigns:write");
		assertThat(writer.get("/api/v1/suppressions").statusCode()).isEqualTo(403);
		assertThat(admin.delete("/api/v1/suppressions/%2B442079460555").statusCode()).isEqualTo(204);
		assertThat(json(admin.get("/api/v1/suppressions")).get("totalItems").asInt()).isZero();
	}

	@Test
	void aSuppressedNumberIsStoredAsSuppressedAtIngestAndNeverDialled() {
		admin.post("/api/v1/suppressions", "{\"phoneNumber\":\"+442079460601\"}");
		HttpResponse<String> rejected = admin.post("/api/v1/suppressions/import",
				"phone_number,reason\n+442079460602,complaint\nnot-a-number,x\n", "text/csv", null);
		assertThat(rejected.statusCode()).isEqualTo(400);
		assertThat(json(rejected).at("/errors/0/index").asInt()).isEqualTo(1);
		HttpResponse<String> bulk = admin.post("/api/v1/suppressions/import", "phone_number,reason\n+442079460602,complaint\n",
				"text/csv", null);
		assertThat(json(bulk).get("added").asInt()).isEqualTo(1);

		String id = json(admin.post("/api/v1/campaigns", "{\"name\":\"dnc\","
				+ "\"rateLimit\":{\"callsPerMinute\":6000,\"maxConcurrentCalls\":100},\"recipients\":["
				+ "{\"phoneNumber\":\"+442079460601\"},{\"phoneNumber\":\"+442079460603\"}]}")).get("id").asString();
		admin.post("/api/v1/campaigns/" + id + "/recipients", "phone_number\n+442079460602\n", "text/csv", null);

		JsonNode campaign = json(admin.get("/api/v1/campaigns/" + id));
		assertThat(campaign.at("/counts/byOutcome/SUPPRESSED").asInt()).isEqualTo(2);
		round(MONDAY);
		assertThat(Http.get(sandbox() + "/_calls").body()).contains("+442079460603")
			.doesNotContain("+442079460601")
			.doesNotContain("+442079460602");
		JsonNode suppressed = json(admin.get("/api/v1/campaigns/" + id + "/recipients?outcome=SUPPRESSED")).at("/items/0");
		JsonNode trail = trail(id, suppressed.get("id").asLong());
		assertThat(trail).hasSize(1);
		assertThat(trail.at("/0/decision").asString()).isEqualTo("SKIPPED");
		assertThat(trail.at("/0/reason").asString()).isEqualTo("SUPPRESSED");
	}

	@Test
	void aNumberSuppressedMidCampaignIsNotDialledAgain() {
		String id = json(admin.post("/api/v1/campaigns", "{\"name\":\"late dnc\","
				+ "\"rateLimit\":{\"callsPerMinute\":6000,\"maxConcurrentCalls\":100},\"recipients\":["
				+ "{\"phoneNumber\":\"+442079460611\"},{\"phoneNumber\":\"+442079460612\"}]}")).get("id").asString();
		admin.post("/api/v1/suppressions", "{\"phoneNumber\":\"+442079460612\"}");

		round(MONDAY);

		assertThat(Http.get(sandbox() + "/_calls").body()).contains("+442079460611").doesNotContain("+442079460612");
		JsonNode recipients = json(admin.get("/api/v1/campaigns/" + id + "/recipients?outcome=SUPPRESSED"));
		assertThat(recipients.get("totalItems").asInt()).isEqualTo(1);
		assertThat(recipients.at("/items/0/attempts").asInt()).isZero();
		JsonNode trail = trail(id, recipients.at("/items/0/id").asLong());
		assertThat(trail.findValuesAsString("decision")).containsExactly("PLANNED", "SKIPPED");
		assertThat(trail.at("/1/reason").asString()).isEqualTo("SUPPRESSED");
		assertThat(jdbc.sql("select payload ->> 'outcome' from outbox where event_type = 'recipient.completed'"
				+ " and payload ->> 'campaignId' = ?").param(id).query(String.class).list()).containsExactly("SUPPRESSED");
	}

	@Test
	void aNumberAtItsCapAcrossCampaignsWaitsUntilTheWindowFreesIt() {
		String first = json(admin.post("/api/v1/campaigns", "{\"name\":\"cap 1\",\"recipients\":["
				+ "{\"phoneNumber\":\"+442079460621\"}]}")).get("id").asString();
		round(MONDAY);
		String second = json(admin.post("/api/v1/campaigns", "{\"name\":\"cap 2\",\"recipients\":["
				+ "{\"phoneNumber\":\"+442079460621\"}]}")).get("id").asString();

		round(MONDAY.plusSeconds(60));

		assertThat(json(Http.get(sandbox() + "/_calls"))).hasSize(1);
		JsonNode waiting = json(admin.get("/api/v1/campaigns/" + second + "/recipients")).at("/items/0");
		assertThat(waiting.get("state").asString()).isEqualTo("PENDING");
		Instant firstAttempt = jdbc.sql("select a.created_at from call_attempt a where a.campaign_id = ?::uuid")
			.param(first)
			.query((rs, row) -> rs.getTimestamp(1).toInstant())
			.single();
		assertThat(Instant.parse(waiting.get("nextAttemptAt").asString()))
			.isEqualTo(firstAttempt.plus(Duration.ofHours(24)));
		JsonNode trail = trail(second, waiting.get("id").asLong());
		assertThat(trail.at("/1/decision").asString()).isEqualTo("DEFERRED");
		assertThat(trail.at("/1/reason").asString()).isEqualTo("ATTEMPT_CAP");
		assertThat(trail.at("/1/nextAttemptAt").asString()).isEqualTo(waiting.get("nextAttemptAt").asString());
	}

	private JsonNode trail(String campaignId, long recipientId) {
		HttpResponse<String> response = admin.get("/api/v1/campaigns/" + campaignId + "/recipients/" + recipientId);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response).get("history");
	}

	private String sandbox() {
		return "http://localhost:" + port + "/sandbox/polyai";
	}

	/** A round at {@code at}, the clock moved there first. */
	private void round(Instant at) {
		clock.set(at);
		dispatcher.dispatchDue(at);
	}

}
