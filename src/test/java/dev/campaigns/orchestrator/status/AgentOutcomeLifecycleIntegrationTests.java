package dev.campaigns.orchestrator.status;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #25's whole loop, on simulated time: the sandbox's agent meets a person, a voicemail
 * and a dead number, and reports each to the outcome endpoint with a {@code calls:report} key
 * as a PolyAI agent's tool would; the provider ends all three calls {@code completed}. The
 * voicemail recipient is called again per its rule and no more; the dead number never again,
 * by any campaign of the tenant.
 */
@IntegrationTest
@Import(SimulatedTime.Config.class)
// as CallLifecycleIntegrationTests, so both share one application context
@TestPropertySource(properties = { "orchestrator.dispatch.calls-per-second=1000", "orchestrator.dispatch.burst=1000",
		"orchestrator.status.requests-per-second=1000", "orchestrator.sandbox.seed=7" })
class AgentOutcomeLifecycleIntegrationTests {

	static final String PERSON = "+442079460411";

	static final String VOICEMAIL = "+442079460412";

	static final String DEAD_NUMBER = "+442079460413";

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

	Api tenant;

	@BeforeEach
	void anAgentReportingForTheTenant() {
		// simulated time restarts in every context: buckets refreshed in another test's future would starve this one
		jdbc.sql("delete from rate_limit").update();
		jdbc.sql("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')").update();
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_calls")).DELETE().build());
		String name = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		tenant = Api.at(port).keyFor(name, "campaigns:write", "reports:read");
		String agentKey = Api.at(port).keyFor(name, "calls:report").authorization().substring("Bearer ".length());
		assertThat(put("/_agent", "{\"reportUrl\": \"http://localhost:" + port
				+ "/api/v1/calls/{callSid}/outcome\", \"apiKey\": \"" + agentKey + "\"}").statusCode()).isEqualTo(200);
		Map.of(PERSON, "HUMAN", VOICEMAIL, "VOICEMAIL", DEAD_NUMBER, "NOT_IN_SERVICE")
			.forEach((number, detection) -> assertThat(
					put("/_detections/" + number, "{\"detection\": \"" + detection + "\"}").statusCode())
				.isEqualTo(200));
	}

	@AfterEach
	void theAgentReportsNoMore() {
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_agent")).DELETE().build());
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_detections")).DELETE().build());
	}

	@Test
	void voicemailIsRetriedPerItsRuleAndADeadNumberIsNeverCalledAgain() {
		String first = campaign("agent outcomes", PERSON, VOICEMAIL, DEAD_NUMBER);

		runUntilCompleted(first);

		Map<String, JsonNode> recipients = recipients(first);
		assertThat(recipients.get(PERSON).get("outcome").asString()).isEqualTo("COMPLETED");
		assertThat(recipients.get(PERSON).get("attempts").asInt()).isEqualTo(1);
		// answered by the provider both times, yet not a delivered reminder: the voicemail rule's two calls, then done
		assertThat(recipients.get(VOICEMAIL).get("attempts").asInt()).isEqualTo(2);
		assertThat(recipients.get(VOICEMAIL).get("outcome").asString()).isEqualTo("NO_ANSWER");
		assertThat(recipients.get(DEAD_NUMBER).get("attempts").asInt()).isEqualTo(1);
		assertThat(recipients.get(DEAD_NUMBER).get("outcome").asString()).isNotEqualTo("COMPLETED");

		Map<String, List<JsonNode>> placed = sandboxCalls();
		assertThat(placed.get(VOICEMAIL)).hasSize(2);
		assertThat(placed.get(DEAD_NUMBER)).hasSize(1);
		assertThat(placed.values().stream().flatMap(List::stream)).allSatisfy(call -> {
			assertThat(call.get("status").asString()).isEqualTo("success");
			assertThat(call.at("/agentReport/httpStatus").asInt()).as(call.toString()).isEqualTo(200);
		});
		// issue #26: the agent's last word has each call read once, just after it ends (after-report: 2 s)
		List<Map<String, Object>> attempts = jdbc.sql("""
				select a.poll_count, extract(epoch from a.ended_at - a.outcome_reported_at) as after_report
				from call_attempt a where a.campaign_id = cast(? as uuid)""")
			.param(first)
			.query()
			.listOfRows();
		assertThat(attempts).hasSize(4).allSatisfy(attempt -> {
			assertThat(attempt.get("poll_count")).as(attempt.toString()).isEqualTo(1);
			assertThat(((Number) attempt.get("after_report")).doubleValue()).isBetween(2.0, 4.0);
		});
		// what the agent said is on each attempt, and the voicemail's retry names its rule
		JsonNode voicemail = recipients.get(VOICEMAIL);
		List<String> trail = json(tenant.get("/api/v1/campaigns/" + first + "/recipients/" + voicemail.get("id").asLong()))
			.get("history")
			.findValuesAsString("detail");
		assertThat(trail).anySatisfy(reason -> assertThat(reason).contains("the VOICEMAIL rule plans another attempt"));
		JsonNode report = json(tenant.get("/api/v1/campaigns/" + first + "/report"));
		assertThat(report.toString()).contains("VOICEMAIL", "NOT_IN_SERVICE", "voicemail_reached");

		// the tenant's next campaign never calls the dead number: the agent's report put it on the do-not-call list
		String second = campaign("next week", DEAD_NUMBER, PERSON);
		runUntilCompleted(second);

		assertThat(recipients(second).get(DEAD_NUMBER).get("outcome").asString()).isEqualTo("SUPPRESSED");
		assertThat(sandboxCalls().get(DEAD_NUMBER)).hasSize(1);
		assertThat(sandboxCalls().get(PERSON)).hasSize(2);
	}

	private String campaign(String name, String... numbers) {
		String recipients = List.of(numbers)
			.stream()
			.map(number -> "{\"phoneNumber\": \"" + number + "\"}")
			.collect(Collectors.joining(","));
		HttpResponse<String> created = tenant.post("/api/v1/campaigns", """
				{"name": "%s", "retry": {"maxAttempts": 4, "rules": [
				   {"on": "NO_ANSWER", "backoff": ["PT5M"]},
				   {"on": "VOICEMAIL", "backoff": ["PT10M"], "maxAttempts": 2},
				   {"on": "NOT_IN_SERVICE", "retry": false}]},
				 "recipients": [%s]}""".formatted(name, recipients));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created).get("id").asString();
	}

	private void runUntilCompleted(String campaign) {
		SimulatedTime.run(clock, dispatcher, poller, Duration.ofSeconds(2), Duration.ofHours(2), now -> false,
				SimulatedTime.agentCaughtUp(sandbox(), Duration.ofSeconds(10)),
				() -> "COMPLETED".equals(json(tenant.get("/api/v1/campaigns/" + campaign)).get("status").asString()));
		assertThat(json(tenant.get("/api/v1/campaigns/" + campaign)).get("status").asString()).isEqualTo("COMPLETED");
	}

	private Map<String, JsonNode> recipients(String campaign) {
		JsonNode page = json(tenant.get("/api/v1/campaigns/" + campaign + "/recipients?size=100"));
		Map<String, JsonNode> byNumber = new java.util.HashMap<>();
		page.get("items").forEach(recipient -> byNumber.put(recipient.get("phoneNumber").asString(), recipient));
		return byNumber;
	}

	private Map<String, List<JsonNode>> sandboxCalls() {
		Map<String, List<JsonNode>> byNumber = new java.util.HashMap<>();
		json(Http.get(sandbox() + "/_calls"))
			.forEach(call -> byNumber.computeIfAbsent(call.get("dialledNumber").asString(), number -> new java.util.ArrayList<>())
				.add(call));
		return byNumber;
	}

	private HttpResponse<String> put(String path, String body) {
		return Http.send(HttpRequest.newBuilder(URI.create(sandbox() + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private String sandbox() {
		return "http://localhost:" + port + "/sandbox/polyai";
	}

}
