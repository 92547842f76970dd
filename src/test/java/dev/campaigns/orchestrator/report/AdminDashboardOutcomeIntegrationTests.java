package dev.campaigns.orchestrator.report;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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
 * The dashboard shows what the agents reported on calls (issue #25): a recipient's calls with
 * their detection and disposition, the campaign's calls by detection on its page and in what
 * its script refreshes. Pages as served, read over plain HTTP with the session cookie, so no
 * browser is needed; the calls are written as the dispatcher, the poller and an agent's report
 * leave them, so no provider is waited for.
 */
@IntegrationTest
class AdminDashboardOutcomeIntegrationTests {

	static final Instant PLACED = Instant.parse("2030-01-07T09:30:00Z");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aRecipientsCallsShowTheDetectionAndDispositionReportedOnEachAsText() {
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		String id = campaign(tenant);
		long recipient = recipients(tenant, id).get("+442071230601");
		String sid = "OUT-" + UUID.randomUUID();
		call(id, recipient, 1, sid + "-1", "VOICEMAIL", "left_message");
		call(id, recipient, 2, sid + "-2", "HUMAN", "<b>booked</b>");
		call(id, recipient, 3, sid + "-3", null, null);
		Dashboard dashboard = new Dashboard(port);
		dashboard.signIn(key(tenant));

		String page = dashboard.get("/admin/campaigns/" + id + "/recipients/" + recipient).body();

		String calls = page.substring(page.indexOf("id=\"calls\""));
		assertThat(calls).contains("<th>Detection</th><th>Disposition</th>");
		assertThat(row(calls, 1)).contains("<td class=\"detection\">VOICEMAIL</td>")
			.contains("<td class=\"disposition\">left_message</td>");
		assertThat(row(calls, 2)).as("the agent's text escaped")
			.contains("<td class=\"detection\">HUMAN</td>")
			.contains("<td class=\"disposition\">&lt;b&gt;booked&lt;/b&gt;</td>");
		assertThat(row(calls, 3)).as("a call the agent did not report on")
			.contains("<td class=\"detection\">–</td>")
			.contains("<td class=\"disposition\">–</td>");
		assertThat(page).doesNotContain("<b>booked</b>");
	}

	@Test
	void aCampaignsPageCountsItsCallsByTheDetectionReportedAndItsRefreshCarriesTheCounts() {
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		String id = campaign(tenant);
		Map<String, Long> recipients = recipients(tenant, id);
		String sid = "OUT-" + UUID.randomUUID();
		call(id, recipients.get("+442071230601"), 1, sid + "-1", "VOICEMAIL", "left_message");
		call(id, recipients.get("+442071230601"), 2, sid + "-2", "HUMAN", "booked");
		call(id, recipients.get("+442071230602"), 1, sid + "-3", "HUMAN", null);
		call(id, recipients.get("+442071230602"), 2, sid + "-4", null, null);
		Dashboard dashboard = new Dashboard(port);
		dashboard.signIn(key(tenant));

		String page = dashboard.get("/admin/campaigns/" + id).body();

		assertThat(page).contains("<h2>Who answered</h2>").contains("id=\"detections\"");
		String detections = page.substring(page.indexOf("id=\"detections\""));
		detections = detections.substring(0, detections.indexOf("</table>"));
		assertThat(detections).contains("data-detection=\"HUMAN\">2</td>")
			.contains("data-detection=\"VOICEMAIL\">1</td>")
			.as("every detection, 0 where none was reported")
			.contains("data-detection=\"IVR\">0</td>")
			.contains("data-detection=\"NOT_IN_SERVICE\">0</td>")
			.contains("data-detection=\"OPERATOR\">0</td>")
			.contains("data-detection=\"UNKNOWN\">0</td>");
		JsonNode live = json(dashboard.get("/admin/campaigns/" + id + "/live")).get("byDetection");
		assertThat(live.get("HUMAN").asLong()).isEqualTo(2);
		assertThat(live.get("VOICEMAIL").asLong()).isEqualTo(1);
		assertThat(live.get("IVR").asLong()).isZero();
	}

	/** Scheduled far ahead, so nothing is dialled while the test looks. */
	private static String campaign(Api tenant) {
		return json(tenant.post("/api/v1/campaigns", """
				{"name":"reported calls","schedule":{"startAt":"2099-01-01T00:00:00Z"},
				 "recipients":[{"phoneNumber":"+442071230601"},{"phoneNumber":"+442071230602"}]}""")).get("id")
			.asString();
	}

	private static Map<String, Long> recipients(Api tenant, String campaign) {
		Map<String, Long> ids = new HashMap<>();
		json(tenant.get("/api/v1/campaigns/" + campaign + "/recipients")).get("items")
			.forEach(recipient -> ids.put(recipient.get("phoneNumber").asString(), recipient.get("id").asLong()));
		return ids;
	}

	/** A finished call as the dispatcher and the poller leave it, with the agent's report when one is given. */
	private void call(String campaign, long recipient, int attempt, String callSid, @Nullable String detection,
			@Nullable String disposition) {
		Timestamp placed = Timestamp.from(PLACED.plusSeconds(60L * attempt));
		jdbc.sql("""
				insert into call_attempt (recipient_id, campaign_id, attempt, call_sid, phase, status, raw_status,
				    created_at, triggered_at, ended_at, detection, disposition, outcome_reported_at)
				values (?, ?::uuid, ?, ?, 'FINAL', 'COMPLETED', 'completed', ?, ?, ?, ?, ?, ?)""")
			.params(recipient, campaign, attempt, callSid, placed, placed,
					Timestamp.from(placed.toInstant().plusSeconds(30)), detection, disposition,
					detection == null ? null : placed)
			.update();
	}

	/** The calls table's row of that attempt. */
	private static String row(String calls, int attempt) {
		String row = calls.substring(calls.indexOf("data-attempt=\"" + attempt + "\""));
		return row.substring(0, row.indexOf("</tr>"));
	}

	private static String key(Api api) {
		return api.authorization().substring("Bearer ".length());
	}

}
