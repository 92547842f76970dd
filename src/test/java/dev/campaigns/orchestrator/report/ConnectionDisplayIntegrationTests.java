package dev.campaigns.orchestrator.report;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import dev.campaigns.orchestrator.report.ReportFixtures.Dashboard;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every place that shows a call names the connection it was placed on (issue #24): the call,
 * the recipient's calls, the campaign, the report's breakdown and the dashboard's pages; the
 * default connection as null ("default" on the pages), a deleted one by its name, marked.
 * The calls are written as the dispatcher writes them, so the test does not wait for a provider.
 */
@IntegrationTest
class ConnectionDisplayIntegrationTests {

	static final Instant PLACED = Instant.parse("2030-01-07T09:30:00Z");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void callsRecipientsCampaignsReportsAndPagesNameTheConnectionOfEachCall() {
		String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		Api admin = Api.at(port).keyFor(tenant, "admin");
		Api reader = Api.at(port).keyFor(tenant, "reports:read");
		String uk = connection(admin, "uk agents", "agents-v1");
		String us = connection(admin, "us agents", "outbound-calling-v1");
		String id = json(admin.post("/api/v1/campaigns", """
				{"name":"on uk agents","schedule":{"startAt":"2099-01-01T00:00:00Z"},"call":{"connection":"%s"},
				 "recipients":[{"phoneNumber":"+442071230401"},{"phoneNumber":"+442071230402"}]}""".formatted(uk)))
			.get("id")
			.asString();
		JsonNode recipients = json(reader.get("/api/v1/campaigns/" + id + "/recipients")).get("items");
		long first = recipients.get(0).get("id").asLong();
		long second = recipients.get(1).get("id").asLong();
		String sid = "OUT-" + UUID.randomUUID();
		call(id, first, 1, sid + "-1", uk, "NO_ANSWER");
		call(id, first, 2, sid + "-2", null, "COMPLETED");
		call(id, second, 1, sid + "-3", us, "BUSY");
		assertThat(admin.delete("/api/v1/provider-connections/" + us).statusCode())
			.as("its campaign is not on it and its call is final").isEqualTo(204);

		assertRef(json(reader.get("/api/v1/calls/" + sid + "-1")).get("connection"), uk, "uk agents", "agents-v1",
				false);
		assertThat(json(reader.get("/api/v1/calls/" + sid + "-2")).get("connection").isNull())
			.as("the default connection").isTrue();
		assertRef(json(reader.get("/api/v1/calls/" + sid + "-3")).get("connection"), us, "us agents",
				"outbound-calling-v1", true);

		JsonNode calls = json(reader.get("/api/v1/campaigns/" + id + "/recipients/" + first)).get("calls");
		assertThat(calls).hasSize(2);
		assertThat(calls.get(0).get("attempt").asInt()).isEqualTo(1);
		assertThat(calls.get(0).get("callSid").asString()).isEqualTo(sid + "-1");
		assertThat(calls.get(0).get("status").asString()).isEqualTo("NO_ANSWER");
		assertRef(calls.get(0).get("connection"), uk, "uk agents", "agents-v1", false);
		assertThat(calls.get(1).get("connection").isNull()).isTrue();
		assertRef(json(reader.get("/api/v1/campaigns/" + id + "/recipients/" + second)).at("/calls/0/connection"), us,
				"us agents", "outbound-calling-v1", true);

		assertRef(json(reader.get("/api/v1/campaigns/" + id)).get("connection"), uk, "uk agents", "agents-v1", false);

		JsonNode byConnection = json(reader.get("/api/v1/campaigns/" + id + "/report")).get("byConnection");
		assertThat(byConnection).as("the default first, then by name").hasSize(3);
		assertThat(byConnection.get(0).get("connection").isNull()).isTrue();
		assertThat(byConnection.get(0).get("attempts").asLong()).isEqualTo(1);
		assertThat(byConnection.get(0).at("/byStatus/COMPLETED").asLong()).isEqualTo(1);
		assertRef(byConnection.get(1).get("connection"), uk, "uk agents", "agents-v1", false);
		assertThat(byConnection.get(1).get("attempts").asLong()).isEqualTo(1);
		assertThat(byConnection.get(1).at("/byStatus/NO_ANSWER").asLong()).isEqualTo(1);
		assertThat(byConnection.get(1).get("byStatus").size()).isEqualTo(1);
		assertRef(byConnection.get(2).get("connection"), us, "us agents", "outbound-calling-v1", true);
		assertThat(byConnection.get(2).at("/byStatus/BUSY").asLong()).isEqualTo(1);

		Dashboard dashboard = new Dashboard(port);
		dashboard.signIn(key(reader));
		assertThat(dashboard.get("/admin/campaigns/" + id).body())
			.containsPattern("id=\"connection\">Connection:\\s*<span class=\"connection\"\\s+data-connection-id=\"" + uk
					+ "\">uk agents</span>");
		String firstPage = dashboard.get("/admin/campaigns/" + id + "/recipients/" + first).body();
		assertThat(firstPage).contains("data-connection-id=\"" + uk + "\">uk agents</span>")
			.contains("data-connection-id=\"default\">default</span>");
		assertThat(firstPage.substring(firstPage.indexOf("id=\"trail\""), firstPage.indexOf("id=\"calls\"")))
			.as("the trail names the connection of the calls it names")
			.contains(sid + "-1</td>")
			.contains("data-connection-id=\"" + uk + "\">uk agents</span>")
			.contains("data-connection-id=\"default\">default</span>");
		assertThat(dashboard.get("/admin/campaigns/" + id + "/recipients/" + second).body())
			.contains("data-connection-id=\"" + us + "\">us agents (deleted)</span>");
	}

	@Test
	void aCampaignOnTheDefaultConnectionNamesNone() {
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		String id = json(tenant.post("/api/v1/campaigns", """
				{"name":"on the default","schedule":{"startAt":"2099-01-01T00:00:00Z"},
				 "recipients":[{"phoneNumber":"+442071230403"}]}""")).get("id").asString();
		long recipient = json(tenant.get("/api/v1/campaigns/" + id + "/recipients")).at("/items/0/id").asLong();

		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).get("connection").isNull()).isTrue();
		assertThat(json(tenant.get("/api/v1/campaigns/" + id + "/recipients/" + recipient)).get("calls")).isEmpty();
		assertThat(json(tenant.get("/api/v1/campaigns/" + id + "/report")).get("byConnection")).as("no call ended yet")
			.isEmpty();
		Dashboard dashboard = new Dashboard(port);
		dashboard.signIn(key(tenant));
		assertThat(dashboard.get("/admin/campaigns/" + id).body())
			.containsPattern("id=\"connection\">Connection:\\s*<span class=\"connection\""
					+ "\\s+data-connection-id=\"default\">default</span>");
		assertThat(dashboard.get("/admin/campaigns/" + id + "/recipients/" + recipient).body())
			.contains("No call yet.");
	}

	private static String connection(Api admin, String name, String dialect) {
		HttpResponse<String> created = admin.post("/api/v1/provider-connections", """
				{"name":"%s","dialect":"%s","baseUrl":"https://api.uk-1.platform.polyai.app","credential":"pk_%s",
				 "agentId":"agent-1"}""".formatted(name, dialect, UUID.randomUUID()));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created).get("id").asString();
	}

	/** A finished call as the dispatcher and the poller leave it, with its trail entry. */
	private void call(String campaign, long recipient, int attempt, String callSid, @Nullable String connection,
			String status) {
		Timestamp placed = Timestamp.from(PLACED.plusSeconds(60L * attempt));
		jdbc.sql("""
				insert into call_attempt (recipient_id, campaign_id, attempt, call_sid, phase, status, raw_status,
				    created_at, triggered_at, ended_at, connection_id)
				values (?, ?::uuid, ?, ?, 'FINAL', ?, ?, ?, ?, ?, ?::uuid)""")
			.params(recipient, campaign, attempt, callSid, status, status.toLowerCase(Locale.ROOT), placed, placed,
					Timestamp.from(placed.toInstant().plusSeconds(30)), connection)
			.update();
		jdbc.sql("""
				insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, call_sid)
				values (?, ?, ?, 'PLACED', 'WINDOW_OPEN', ?)""").params(recipient, placed, attempt, callSid).update();
	}

	private static void assertRef(JsonNode ref, String id, String name, String dialect, boolean deleted) {
		assertThat(ref.isObject()).as("a connection, not the default: %s", ref).isTrue();
		assertThat(ref.get("id").asString()).isEqualTo(id);
		assertThat(ref.get("name").asString()).isEqualTo(name);
		assertThat(ref.get("dialect").asString()).isEqualTo(dialect);
		assertThat(ref.get("deleted").asBoolean()).isEqualTo(deleted);
	}

	private static String key(Api api) {
		return api.authorization().substring("Bearer ".length());
	}

}
