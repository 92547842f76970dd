package dev.campaigns.orchestrator.status;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's outcome report ({@code POST /api/v1/calls/{callSid}/outcome}, issue #25): only a
 * {@code calls:report} key (or an admin) of the call's tenant may send it; it is idempotent, a
 * higher sequence replaces it, it is taken during the call and after, a number not in service
 * is suppressed, and the call, the recipient, the report and the webhook payload show it. The
 * calls are written as the dispatcher and the poller write them, so no provider is waited for.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class CallOutcomeIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void onlyACallsReportKeyOrAnAdminOfTheCallsTenantMayReportAndTheRoleDoesNothingElse() {
		Tenant tenant = tenant("+442071230501");
		String body = "{\"detection\":\"HUMAN\"}";

		assertThat(Api.at(port).as(null).post(tenant.path(), body).statusCode()).isEqualTo(401);
		assertThat(Api.at(port).as("co_not-a-key").post(tenant.path(), body).statusCode()).isEqualTo(401);
		for (String role : new String[] { "reports:read", "campaigns:write" }) {
			HttpResponse<String> refused = Api.at(port).keyFor(tenant.name, role).post(tenant.path(), body);
			assertThat(refused.statusCode()).as(role).isEqualTo(403);
			assertThat(json(refused).get("detail").asString()).contains("calls:report");
		}
		assertThat(tenant.call().get("outcome").isNull()).as("nothing stored by a refused key").isTrue();

		Api agent = tenant.agent;
		assertThat(agent.get("/api/v1/calls/" + tenant.callSid).statusCode()).as("it cannot read calls").isEqualTo(403);
		assertThat(agent.get("/api/v1/campaigns").statusCode()).isEqualTo(403);
		assertThat(agent.get("/api/v1/campaigns/" + tenant.campaign + "/report").statusCode()).isEqualTo(403);
		assertThat(agent.post("/api/v1/suppressions", "{\"phoneNumber\":\"+442071230599\"}").statusCode())
			.isEqualTo(403);

		HttpResponse<String> taken = agent.post(tenant.path(), body);
		assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
		assertThat(json(taken).get("detection").asString()).isEqualTo("HUMAN");
		assertThat(tenant.admin.post(tenant.path(), "{\"detection\":\"HUMAN\",\"sequence\":1}").statusCode())
			.as("admin implies calls:report").isEqualTo(200);
	}

	@Test
	void anotherTenantsCallAndAnUnknownCallAreNotFound() {
		Tenant tenant = tenant("+442071230502");
		Api otherAgent = Api.at(port).newTenant("calls:report");

		HttpResponse<String> other = otherAgent.post(tenant.path(), "{\"detection\":\"NOT_IN_SERVICE\"}");
		assertThat(other.statusCode()).isEqualTo(404);
		assertThat(json(other).get("type").asString()).endsWith("/call-not-found");
		assertThat(other.body()).doesNotContain(tenant.campaign);
		assertThat(tenant.agent.post("/api/v1/calls/OUT-unknown-" + UUID.randomUUID() + "/outcome",
				"{\"detection\":\"HUMAN\"}").statusCode()).isEqualTo(404);
		assertThat(tenant.call().get("outcome").isNull()).isTrue();
		assertThat(json(tenant.admin.get("/api/v1/suppressions")).get("totalItems").asLong())
			.as("another tenant's report suppresses nothing").isZero();
	}

	@Test
	void eachBadFieldIsRefusedByNameAndNothingIsStored() {
		Tenant tenant = tenant("+442071230503");
		Instant now = Instant.now();
		Map<String, String> bodies = new LinkedHashMap<>();
		bodies.put("{}", "detection");
		bodies.put("{\"detection\":null}", "detection");
		bodies.put("{\"detection\":\"MACHINE\"}", "detection");
		bodies.put("{\"detection\":\"voicemail\"}", "detection");
		bodies.put("{\"detection\":3}", "detection");
		bodies.put("{\"detection\":\"HUMAN\",\"disposition\":\"" + "d".repeat(201) + "\"}", "disposition");
		bodies.put("{\"detection\":\"HUMAN\",\"disposition\":\"a\\nb\"}", "disposition");
		bodies.put("{\"detection\":\"HUMAN\",\"disposition\":\" \"}", "disposition");
		bodies.put("{\"detection\":\"HUMAN\",\"disposition\":7}", "disposition");
		bodies.put("{\"detection\":\"HUMAN\",\"notes\":\"" + "n".repeat(2001) + "\"}", "notes");
		bodies.put("{\"detection\":\"HUMAN\",\"notes\":\"bell\\u0007\"}", "notes");
		bodies.put("{\"detection\":\"HUMAN\",\"retryAt\":\"tomorrow\"}", "retryAt");
		bodies.put("{\"detection\":\"HUMAN\",\"retryAt\":\"2030-01-07T17:00:00\"}", "retryAt");
		bodies.put("{\"detection\":\"HUMAN\",\"retryAt\":\"" + now.plus(Duration.ofDays(400)) + "\"}", "retryAt");
		bodies.put("{\"detection\":\"HUMAN\",\"retryAt\":\"" + now.minus(Duration.ofDays(2)) + "\"}", "retryAt");
		bodies.put("{\"detection\":\"HUMAN\",\"retryAt\":1893456000}", "retryAt");
		bodies.put("{\"detection\":\"HUMAN\",\"sequence\":-1}", "sequence");
		bodies.put("{\"detection\":\"HUMAN\",\"sequence\":1.5}", "sequence");
		bodies.put("{\"detection\":\"HUMAN\",\"sequence\":\"2\"}", "sequence");
		bodies.put("{\"detection\":\"HUMAN\",\"sequence\":99999999999}", "sequence");
		bodies.put("{\"detection\":\"HUMAN\",\"answeredBy\":\"human\"}", "answeredBy");
		bodies.put("{\"detection\":\"HUMAN\",\"detection\":\"IVR\"}", "body");
		bodies.put("[\"HUMAN\"]", "body");
		bodies.put("not json", "body");
		bodies.forEach((body, field) -> {
			HttpResponse<String> refused = tenant.agent.post(tenant.path(), body);
			assertThat(refused.statusCode()).as(body).isEqualTo(400);
			JsonNode problem = json(refused);
			assertThat(problem.get("type").asString()).endsWith("/invalid-request");
			assertThat(problem.get("errors").findValuesAsString("field")).as(body).containsExactly(field);
		});
		HttpResponse<String> several = tenant.agent.post(tenant.path(),
				"{\"detection\":\"ROBOT\",\"notes\":\"\",\"sequence\":-2}");
		assertThat(json(several).get("errors").findValuesAsString("field")).as("every field at fault")
			.containsExactlyInAnyOrder("detection", "notes", "sequence");
		assertThat(tenant.call().get("outcome").isNull()).isTrue();
	}

	@Test
	void theSameReportAgainChangesNothingAnotherIsAConflictAndAHigherSequenceReplacesIt() {
		Tenant tenant = tenant("+442071230504");
		Instant retryAt = Instant.now().plus(Duration.ofHours(4)).truncatedTo(ChronoUnit.SECONDS);
		String report = "{\"detection\":\"VOICEMAIL\",\"disposition\":\"left_message\",\"retryAt\":\"%s\","
				+ "\"notes\":\"greeting named the recipient\"}";

		HttpResponse<String> first = tenant.agent.post(tenant.path(), report.formatted(retryAt));
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		JsonNode stored = json(first);
		assertThat(stored.get("detection").asString()).isEqualTo("VOICEMAIL");
		assertThat(stored.get("disposition").asString()).isEqualTo("left_message");
		assertThat(Instant.parse(stored.get("retryAt").asString())).isEqualTo(retryAt);
		assertThat(stored.get("notes").asString()).isEqualTo("greeting named the recipient");
		assertThat(stored.get("sequence").asInt()).isZero();
		assertThat(stored.get("reportedAt").asString()).isNotBlank();

		HttpResponse<String> again = tenant.agent.post(tenant.path(), report.formatted(retryAt));
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(json(again)).as("the same answer, the first report's time included").isEqualTo(stored);
		String otherOffset = retryAt.atOffset(ZoneOffset.ofHours(-5)).toString();
		assertThat(json(tenant.agent.post(tenant.path(), report.formatted(otherOffset))))
			.as("the same instant written with another offset is the same report").isEqualTo(stored);

		HttpResponse<String> different = tenant.agent.post(tenant.path(), "{\"detection\":\"HUMAN\"}");
		assertThat(different.statusCode()).isEqualTo(409);
		assertThat(json(different).get("type").asString()).endsWith("/call-outcome-conflict");
		assertThat(json(different).get("detail").asString()).contains("sequence 0").contains("higher sequence");
		assertThat(tenant.call().get("outcome")).as("the stored report stays").isEqualTo(stored);

		HttpResponse<String> later = tenant.agent.post(tenant.path(),
				"{\"detection\":\"HUMAN\",\"disposition\":\"call_back_requested\",\"sequence\":2}");
		assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
		JsonNode replaced = json(later);
		assertThat(replaced.get("detection").asString()).isEqualTo("HUMAN");
		assertThat(replaced.get("sequence").asInt()).isEqualTo(2);
		assertThat(replaced.get("retryAt").isNull()).as("a replacement is whole: no field is kept").isTrue();
		assertThat(replaced.get("notes").isNull()).isTrue();
		assertThat(tenant.call().get("outcome")).isEqualTo(replaced);

		assertThat(tenant.agent.post(tenant.path(), "{\"detection\":\"IVR\",\"sequence\":1}").statusCode())
			.as("a lower sequence is a conflict").isEqualTo(409);
		assertThat(tenant.agent.post(tenant.path(), report.formatted(retryAt)).statusCode())
			.as("the first report, sent again after it was replaced, is stale").isEqualTo(409);
		assertThat(tenant.call().get("outcome")).isEqualTo(replaced);
	}

	@Test
	void aReportIsTakenDuringTheCallWithoutTouchingThePollersColumnsAndAfterItsFinalStatus() {
		Tenant tenant = tenant("+442071230505");
		Timestamp lease = Timestamp.from(Instant.now().plus(Duration.ofMinutes(5)));
		jdbc.sql("""
				update call_attempt set phase = 'ACTIVE', status = 'IN_PROGRESS', raw_status = 'in-progress',
				    ended_at = null, lease_owner = 'replica-elsewhere', lease_expires_at = ?, next_poll_at = ?,
				    retention_deadline = ?, poll_count = 3
				where call_sid = ?""")
			.params(lease, lease, lease, tenant.callSid)
			.update();
		Map<String, Object> before = pollerColumns(tenant.callSid);

		HttpResponse<String> during = tenant.agent.post(tenant.path(),
				"{\"detection\":\"HUMAN\",\"disposition\":\"talking\"}");
		assertThat(during.statusCode()).as(during.body()).isEqualTo(200);
		assertThat(pollerColumns(tenant.callSid)).as("status, phase, lease and poll plan untouched").isEqualTo(before);
		assertThat(tenant.call().get("status").asString()).isEqualTo("IN_PROGRESS");

		// the poller sees the final status, as its own update writes it
		jdbc.sql("""
				update call_attempt set phase = 'FINAL', status = 'COMPLETED', raw_status = 'completed', ended_at = now(),
				    poll_count = poll_count + 1, next_poll_at = null, lease_owner = null, lease_expires_at = null
				where call_sid = ? and phase = 'ACTIVE' and lease_owner = 'replica-elsewhere'""")
			.params(tenant.callSid)
			.update();
		JsonNode call = tenant.call();
		assertThat(call.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(call.at("/outcome/disposition").asString()).as("the report outlives the final status")
			.isEqualTo("talking");

		HttpResponse<String> after = tenant.agent.post(tenant.path(),
				"{\"detection\":\"HUMAN\",\"disposition\":\"appointment_confirmed\",\"sequence\":1}");
		assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
		assertThat(tenant.call().at("/outcome/disposition").asString()).isEqualTo("appointment_confirmed");
		assertThat(tenant.call().get("status").asString()).isEqualTo("COMPLETED");
	}

	@Test
	void aNumberNotInServiceIsSuppressedForTheTenantsLaterCampaignsAndNeverLogged(CapturedOutput output) {
		String number = "+442071230506";
		Tenant tenant = tenant(number);

		HttpResponse<String> reported = tenant.agent.post(tenant.path(),
				"{\"detection\":\"NOT_IN_SERVICE\",\"disposition\":\"sit_tone\"}");
		assertThat(reported.statusCode()).as(reported.body()).isEqualTo(200);

		JsonNode suppressions = json(tenant.admin.get("/api/v1/suppressions")).get("items");
		assertThat(suppressions).hasSize(1);
		assertThat(suppressions.get(0).get("phoneNumber").asString()).isEqualTo(number);
		assertThat(suppressions.get(0).get("reason").asString())
			.isEqualTo("NOT_IN_SERVICE: reported by the agent on call " + tenant.callSid);
		assertThat(recipientOfANewCampaign(tenant.admin, number).get("outcome").asString())
			.as("a later campaign's recipient with the number").isEqualTo("SUPPRESSED");
		assertThat(recipientOfANewCampaign(Api.at(port).newTenant("campaigns:write", "reports:read"), number)
			.get("state").asString()).as("another tenant's list is its own").isEqualTo("PENDING");
		assertThat(tenant.agent.post(tenant.path(), "{\"detection\":\"NOT_IN_SERVICE\",\"disposition\":\"sit_tone\"}")
			.statusCode()).isEqualTo(200);
		assertThat(json(tenant.admin.get("/api/v1/suppressions")).get("totalItems").asLong()).isEqualTo(1);

		assertThat(tenant.agent.post(tenant.path(), "{\"detection\":\"HUMAN\",\"sequence\":1}").statusCode())
			.isEqualTo(200);
		assertThat(json(tenant.admin.get("/api/v1/suppressions")).get("totalItems").asLong())
			.as("the agent's correction lifts the entry its report added").isZero();

		tenant.admin.post("/api/v1/suppressions", "{\"phoneNumber\":\"" + number + "\",\"reason\":\"asked\"}");
		assertThat(tenant.agent.post(tenant.path(), "{\"detection\":\"NOT_IN_SERVICE\",\"sequence\":2}").statusCode())
			.isEqualTo(200);
		assertThat(tenant.agent.post(tenant.path(), "{\"detection\":\"HUMAN\",\"sequence\":3}").statusCode())
			.isEqualTo(200);
		assertThat(json(tenant.admin.get("/api/v1/suppressions")).at("/items/0/reason").asString())
			.as("an admin's entry is never lifted by a report").isEqualTo("asked");

		assertThat(output.getAll()).contains("reported not in service").doesNotContain(number)
			.doesNotContain(number.substring(1)).doesNotContain("07123 0506");
	}

	@Test
	void theCallTheRecipientsCallsTheReportAndTheWebhookPayloadShowTheReport() {
		Tenant tenant = tenant("+442071230507", "+442071230508");
		String second = "OUT-" + UUID.randomUUID();
		jdbc.sql("""
				insert into call_attempt (recipient_id, campaign_id, attempt, call_sid, phase, status, raw_status,
				    created_at, triggered_at, ended_at)
				values (?, ?::uuid, 1, ?, 'FINAL', 'NO_ANSWER', 'no-answer', now(), now(), now())""")
			.params(tenant.recipients[1], tenant.campaign, second)
			.update();
		tenant.agent.post(tenant.path(), "{\"detection\":\"VOICEMAIL\",\"disposition\":\"left_message\"}");
		tenant.agent.post("/api/v1/calls/" + second + "/outcome",
				"{\"detection\":\"VOICEMAIL\",\"disposition\":\"left_message\",\"notes\":\"full mailbox\"}");
		Api reader = Api.at(port).keyFor(tenant.name, "reports:read");

		JsonNode outcome = json(reader.get("/api/v1/calls/" + second)).get("outcome");
		assertThat(outcome.get("detection").asString()).isEqualTo("VOICEMAIL");
		assertThat(outcome.get("notes").asString()).isEqualTo("full mailbox");

		JsonNode calls = json(reader.get("/api/v1/campaigns/" + tenant.campaign + "/recipients/" + tenant.recipients[0]))
			.get("calls");
		assertThat(calls).hasSize(1);
		assertThat(calls.get(0).get("detection").asString()).isEqualTo("VOICEMAIL");
		assertThat(calls.get(0).get("disposition").asString()).isEqualTo("left_message");

		JsonNode report = json(reader.get("/api/v1/campaigns/" + tenant.campaign + "/report"));
		assertThat(report.at("/byDetection/VOICEMAIL").asLong()).isEqualTo(2);
		assertThat(report.at("/byDetection/HUMAN").asLong()).as("every detection, 0 where none").isZero();
		assertThat(report.get("byDetection").size()).isEqualTo(6);
		assertThat(report.get("byDisposition")).hasSize(1);
		assertThat(report.at("/byDisposition/0/disposition").asString()).isEqualTo("left_message");
		assertThat(report.at("/byDisposition/0/attempts").asLong()).isEqualTo(2);

		// the recipient completes (here: cancelled) after its call's report: the event names the detection
		assertThat(tenant.admin.delete("/api/v1/campaigns/" + tenant.campaign + "/recipients/" + tenant.recipients[0])
			.statusCode()).isEqualTo(200);
		String payload = jdbc.sql("select payload::text from outbox where tenant = ? and event_type = 'recipient.completed'"
				+ " and (payload ->> 'recipientId')::bigint = ?")
			.params(tenant.name, tenant.recipients[0])
			.query(String.class)
			.single();
		assertThat(payload).contains("\"detection\": \"VOICEMAIL\"");
	}

	private Map<String, Object> pollerColumns(String callSid) {
		return jdbc.sql("select phase, status, raw_status, ended_at, lease_owner, lease_expires_at, next_poll_at,"
				+ " retention_deadline, poll_count from call_attempt where call_sid = ?")
			.param(callSid)
			.query()
			.singleRow();
	}

	private static JsonNode recipientOfANewCampaign(Api api, String number) {
		String id = json(api.post("/api/v1/campaigns", """
				{"name":"later","schedule":{"startAt":"2099-01-01T00:00:00Z"},"recipients":[{"phoneNumber":"%s"}]}"""
			.formatted(number))).get("id").asString();
		return json(api.get("/api/v1/campaigns/" + id + "/recipients")).at("/items/0");
	}

	/** A tenant with a campaign, its recipients, a finished first call of the first, and an agent's key. */
	private Tenant tenant(String... numbers) {
		String name = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		Api admin = Api.at(port).keyFor(name, "admin");
		StringBuilder recipients = new StringBuilder();
		for (String number : numbers) {
			recipients.append(recipients.isEmpty() ? "" : ",").append("{\"phoneNumber\":\"").append(number).append("\"}");
		}
		String campaign = json(admin.post("/api/v1/campaigns", """
				{"name":"reported","schedule":{"startAt":"2099-01-01T00:00:00Z"},"recipients":[%s]}"""
			.formatted(recipients))).get("id").asString();
		long[] ids = json(admin.get("/api/v1/campaigns/" + campaign + "/recipients")).get("items")
			.valueStream()
			.mapToLong(recipient -> recipient.get("id").asLong())
			.sorted()
			.toArray();
		String callSid = "OUT-" + UUID.randomUUID();
		jdbc.sql("""
				insert into call_attempt (recipient_id, campaign_id, attempt, call_sid, phase, status, raw_status,
				    created_at, triggered_at, ended_at)
				values (?, ?::uuid, 1, ?, 'FINAL', 'COMPLETED', 'completed', now(), now(), now())""")
			.params(ids[0], campaign, callSid)
			.update();
		return new Tenant(name, admin, Api.at(port).keyFor(name, "calls:report"), campaign, ids, callSid);
	}

	private record Tenant(String name, Api admin, Api agent, String campaign, long[] recipients, String callSid) {

		String path() {
			return "/api/v1/calls/" + callSid + "/outcome";
		}

		JsonNode call() {
			return json(admin.get("/api/v1/calls/" + callSid));
		}

	}

}
