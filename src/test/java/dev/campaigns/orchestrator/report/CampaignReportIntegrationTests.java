package dev.campaigns.orchestrator.report;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.orchestrator.report.ReportFixtures.Dashboard;
import dev.campaigns.orchestrator.status.StatusPoller;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The report endpoint (JSON and CSV) and the dashboard's access rules, over real HTTP. */
@IntegrationTest
@Import(ReportFixtures.SimulatedTime.class)
@TestPropertySource(properties = { "orchestrator.dispatch.calls-per-second=1000", "orchestrator.dispatch.burst=1000",
		"orchestrator.status.requests-per-second=1000", "orchestrator.sandbox.seed=11" })
class CampaignReportIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	StatusPoller poller;

	@Autowired
	JdbcClient jdbc;

	@Test
	void reportCountsMatchACampaignDrivenToCompletion() {
		ReportFixtures.quietDatabase(jdbc, port);
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		String recipients = IntStream.range(0, 30)
			.mapToObj(i -> String.format("{\"phoneNumber\":\"+4420%08d\"}", 73100000 + i))
			.collect(Collectors.joining(","));
		String id = json(tenant.post("/api/v1/campaigns", "{\"name\":\"report counts\",\"retry\":{\"maxAttempts\":2,"
				+ "\"backoff\":\"PT1M\"},\"rateLimit\":{\"callsPerMinute\":600,\"maxConcurrentCalls\":100},"
				+ "\"recipients\":[" + recipients + "]}")).get("id").asString();

		JsonNode fresh = json(tenant.get("/api/v1/campaigns/" + id + "/report"));
		assertThat(fresh.at("/counts/pending").asLong()).isEqualTo(30);
		assertThat(fresh.at("/attempts/0").asLong()).isEqualTo(30);
		assertThat(fresh.get("connectRate").isNull()).isTrue();
		assertThat(fresh.get("timeToCompletion").isNull()).isTrue();
		// 30 pending at 600 a minute: 3 seconds from now
		assertThat(Instant.parse(fresh.at("/estimatedFinish/at").asString()))
			.isEqualTo(clock.instant().plusSeconds(3));

		ReportFixtures.runUntil(clock, dispatcher, poller, Duration.ofMinutes(30),
				() -> "COMPLETED".equals(json(tenant.get("/api/v1/campaigns/" + id)).get("status").asString()));

		JsonNode campaign = json(tenant.get("/api/v1/campaigns/" + id));
		HttpResponse<String> response = tenant.get("/api/v1/campaigns/" + id + "/report");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/json"));
		JsonNode report = json(response);
		assertThat(report.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(report.at("/counts/total").asLong()).isEqualTo(30);
		assertThat(report.at("/counts/done").asLong()).isEqualTo(30);
		assertThat(report.at("/counts/byOutcome")).isEqualTo(campaign.at("/counts/byOutcome"));
		assertThat(report.at("/counts/byOutcome/COMPLETED").asLong()).isPositive();

		Map<String, Object> truth = jdbc.sql("""
				select count(*) filter (where attempts > 0) as reached,
				       count(*) filter (where outcome = 'COMPLETED') as connected,
				       count(*) filter (where attempts = 1) as once,
				       count(*) filter (where attempts = 2) as twice,
				       count(*) filter (where outcome = 'TRIGGER_UNKNOWN') as unknown,
				       count(*) filter (where outcome in ('EXPIRED', 'STATUS_EXPIRED')) as expired,
				       (select count(*) from call_attempt where campaign_id = ?::uuid) as calls
				from recipient where campaign_id = ?::uuid""").params(id, id).query().singleRow();
		assertThat(report.at("/attempts/1").asLong(0)).isEqualTo(truth.get("once"));
		assertThat(report.at("/attempts/2").asLong(0)).isEqualTo(truth.get("twice"));
		assertThat(report.at("/attempts/2").asLong(0)).as("failures were retried once").isPositive();
		assertThat(report.get("reached").asLong()).isEqualTo(truth.get("reached"));
		assertThat(report.get("connected").asLong()).isEqualTo(truth.get("connected"));
		assertThat(report.get("connectRate").asDouble())
			.isCloseTo((double) (Long) truth.get("connected") / (Long) truth.get("reached"),
					org.assertj.core.data.Offset.offset(1e-9));
		assertThat(report.get("unknown").asLong()).isEqualTo(truth.get("unknown"));
		assertThat(report.get("expired").asLong()).isEqualTo(truth.get("expired"));
		long perHour = 0;
		for (JsonNode hour : report.get("callsPerHour")) {
			perHour += hour.get("calls").asLong();
		}
		assertThat(perHour).isEqualTo(truth.get("calls"));
		Timestamp completedAt = jdbc.sql("select completed_at from campaign where id = ?::uuid")
			.params(id)
			.query(Timestamp.class)
			.single();
		Timestamp createdAt = jdbc.sql("select created_at from campaign where id = ?::uuid")
			.params(id)
			.query(Timestamp.class)
			.single();
		assertThat(report.at("/timeToCompletion/seconds").asLong())
			.isEqualTo(Duration.between(createdAt.toInstant(), completedAt.toInstant()).toSeconds());
		assertThat(report.get("estimatedFinish").isNull()).isTrue();
	}

	@Test
	void csvHasOneQuotedRowPerRecipientWithMetadataColumnsAndGuardedFormulas() {
		Api tenant = Api.at(port).newTenant("reports:read", "campaigns:write");
		String id = json(tenant.post("/api/v1/campaigns", """
				{"name":"csv","recipients":[
				  {"phoneNumber":"+442071230001","externalId":"a-1",
				   "metadata":{"customer_name":"Smith, \\"Jr\\"","note":"=HYPERLINK(\\"http://x\\")"}},
				  {"phoneNumber":"+442071230002","externalId":"-5","metadata":{"appointment":"2030-01-08"}}]}"""))
			.get("id")
			.asString();

		HttpResponse<String> response = tenant.get("/api/v1/campaigns/" + id + "/report", "text/csv");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("text/csv"));
		assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(
				disposition -> assertThat(disposition).contains("attachment"));
		List<String> lines = List.of(response.body().split("\r\n"));
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).isEqualTo("phone_number,external_id,state,outcome,outcome_reason,detection,"
				+ "disposition,attempts,last_call_sid,next_attempt_at,created_at,updated_at,appointment,customer_name,"
				+ "note");
		assertThat(lines.get(1)).startsWith("+442071230001,a-1,PENDING,,,,,0,,")
			.endsWith(",,\"Smith, \"\"Jr\"\"\",\"'=HYPERLINK(\"\"http://x\"\")\"");
		assertThat(lines.get(2)).startsWith("+442071230002,'-5,PENDING,,,,,0,,").endsWith(",2030-01-08,,");
		String[] cells = lines.get(2).split(",", -1);
		assertThat(cells).hasSize(15);
		assertThat(Instant.parse(cells[10])).isNotNull();
	}

	@Test
	void anotherTenantsCampaignIsNotFoundInJsonAndCsv() {
		Api owner = Api.at(port).newTenant("campaigns:write");
		String id = json(owner.post("/api/v1/campaigns",
				"{\"name\":\"mine\",\"recipients\":[{\"phoneNumber\":\"+442071230101\"}]}")).get("id").asString();
		Api stranger = Api.at(port).newTenant("reports:read");

		for (String accept : List.of("application/json", "text/csv")) {
			HttpResponse<String> response = stranger.get("/api/v1/campaigns/" + id + "/report", accept);
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(json(response).get("type").asString())
				.isEqualTo("https://campaign-orchestrator.dev/problems/campaign-not-found");
		}
		assertThat(stranger.get("/api/v1/campaigns/not-a-uuid/report").statusCode()).isEqualTo(404);
		assertThat(owner.get("/api/v1/campaigns/" + id + "/report").statusCode()).isEqualTo(200);
		assertThat(json(owner.get("/api/v1/campaigns/" + id + "/report", "*/*")).get("campaignId").asString())
			.isEqualTo(id);
	}

	@Test
	void theReportNeedsAKeyWithReportsReadOrCampaignsWrite() {
		Api owner = Api.at(port).newTenant("campaigns:write");
		String id = json(owner.post("/api/v1/campaigns",
				"{\"name\":\"roles\",\"recipients\":[{\"phoneNumber\":\"+442071230201\"}]}")).get("id").asString();
		String tenant = jdbc.sql("select tenant from campaign where id = ?::uuid").params(id).query(String.class).single();

		assertThat(owner.as(null).get("/api/v1/campaigns/" + id + "/report").statusCode()).isEqualTo(401);
		assertThat(owner.as("co_no-such-key").get("/api/v1/campaigns/" + id + "/report", "text/csv").statusCode())
			.isEqualTo(401);
		assertThat(owner.keyFor(tenant, "reports:read").get("/api/v1/campaigns/" + id + "/report").statusCode())
			.isEqualTo(200);
		assertThat(owner.as(keyWithoutRoles(tenant)).get("/api/v1/campaigns/" + id + "/report").statusCode())
			.isEqualTo(403);
	}

	@Test
	void theDashboardSendsStrangersToSignInAndHidesOtherTenantsCampaigns() {
		Api owner = Api.at(port).newTenant("campaigns:write");
		String id = json(owner.post("/api/v1/campaigns",
				"{\"name\":\"dashboard auth\",\"recipients\":[{\"phoneNumber\":\"+442071230301\"}]}")).get("id")
			.asString();
		String tenant = jdbc.sql("select tenant from campaign where id = ?::uuid").params(id).query(String.class).single();

		Dashboard anonymous = new Dashboard(port);
		for (String path : List.of("/admin", "/admin/campaigns/" + id, "/admin/campaigns/" + id + "/live",
				"/admin/campaigns/" + id + "/recipients.csv")) {
			HttpResponse<String> response = anonymous.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(302);
			assertThat(response.headers().firstValue("Location")).as(path).hasValueSatisfying(
					location -> assertThat(location).endsWith("/admin/login"));
		}
		assertThat(anonymous.postForm("/admin/campaigns/" + id + "/pause", "_csrf=x").statusCode()).isEqualTo(302);
		assertThat(anonymous.signIn("co_no-such-key").statusCode()).isEqualTo(401);

		String strangerKey = keyOf(Api.at(port).newTenant("reports:read"));
		Dashboard stranger = new Dashboard(port);
		HttpResponse<String> signedIn = stranger.signIn(strangerKey);
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
			.contains("HttpOnly").contains("SameSite=Lax"));
		assertThat(stranger.get("/admin").body()).doesNotContain("dashboard auth");
		assertThat(stranger.get("/admin/campaigns/" + id).statusCode()).isEqualTo(404);
		assertThat(stranger.get("/admin/campaigns/" + id + "/recipients.csv").statusCode()).isEqualTo(404);
		assertThat(stranger.get("/admin/campaigns/" + id + "/live").statusCode()).isEqualTo(404);
		assertThat(stranger.get("/admin/campaigns/" + UUID.randomUUID()).statusCode()).isEqualTo(404);

		Dashboard reader = new Dashboard(port);
		reader.signIn(keyOf(owner.keyFor(tenant, "reports:read")));
		HttpResponse<String> page = reader.get("/admin/campaigns/" + id);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("dashboard auth").doesNotContain("id=\"pause\"");
		assertThat(reader.get("/admin").body()).contains("dashboard auth");
		assertThat(reader.postForm("/admin/campaigns/" + id + "/pause", "_csrf=x").statusCode()).isEqualTo(403);

		Dashboard writer = new Dashboard(port);
		writer.signIn(keyOf(owner));
		assertThat(writer.get("/admin/campaigns/" + id).body()).contains("id=\"pause\"");
		assertThat(writer.postForm("/admin/campaigns/" + id + "/pause", "_csrf=forged").statusCode()).isEqualTo(403);
		assertThat(json(owner.get("/api/v1/campaigns/" + id)).get("status").asString()).isNotEqualTo("PAUSED");

		Dashboard nobody = new Dashboard(port);
		assertThat(nobody.signIn(keyWithoutRoles(tenant)).statusCode()).isEqualTo(403);
		assertThat(nobody.get("/admin").statusCode()).isEqualTo(403);
	}

	private static String keyOf(Api api) {
		return api.authorization().substring("Bearer ".length());
	}

	/** Keys always get a role through the API; one without any can only be planted. */
	private String keyWithoutRoles(String tenant) {
		String key = "co_no-roles-" + UUID.randomUUID();
		jdbc.sql("insert into api_key (id, name, tenant, roles, key_prefix, key_hash, created_at)"
				+ " values (?, 'no roles', ?, '{}', 'co_no-ro', ?, now())")
			.params(UUID.randomUUID(), tenant, sha256Hex(key))
			.update();
		return key;
	}

	private static String sha256Hex(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
