package dev.campaigns.sandbox;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.campaigns.testsupport.SandboxServer.credentialFingerprint;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox with several credentials at once ({@code orchestrator.sandbox.connections}),
 * over real HTTP: each credential is served on its own entry's agent or project, and
 * {@code _calls} tells which dialect, path and credential every call came with.
 */
class SandboxConnectionsIntegrationTests {

	private static final String V1_TOKEN = "v1-token";

	private static final String KEY_A = "agents-key-a";

	private static final String KEY_B = "agents-key-b";

	private static final String CONNECTOR_1 = "connector-proj-1";

	private static final String CONNECTOR_2 = "connector-proj-2";

	private static final String V1_BODY = "{\"to_number\":\"+14155552671\"}";

	private static final String AGENTS_BODY = "{\"toNumber\":\"+442071234567\",\"environment\":\"live\"}";

	private static final String PLATFORM_BODY = "{\"to_number\":\"+442071234568\"}";

	private static final JsonMapper json = JsonMapper.builder().build();

	/** A trigger the sandbox serves: its dialect, path, header and credential, and where its answer names the call. */
	private record Trigger(String dialect, String path, String header, String credential, String body,
			String sidField, String statusPath) {

		static Trigger v1(String credential) {
			return new Trigger("outbound-calling-v1", "/v1/outbound-calling", "X-PolyAi-Auth-Token", credential,
					V1_BODY, "call_sid", "/v1/outbound-calling/%s/status");
		}

		static Trigger agents(String agentId, String credential) {
			String path = "/v1/agents/" + agentId + "/telephony/outbound-calls";
			return new Trigger("agents-v1", path, "X-API-KEY", credential, AGENTS_BODY, "callSid", path + "/%s");
		}

		static Trigger platform(String accountId, String projectId, String credential) {
			String project = "/api/v1/" + accountId + "/" + projectId;
			return new Trigger("platform-v1", project + "/outbound-call/trigger", "X-CONNECTOR-ID", credential,
					PLATFORM_BODY, "call_sid", project + "/outbound-call/status/%s");
		}

	}

	/** A request the sandbox refuses, and how. */
	private record Refusal(String name, HttpRequest.Builder request, int status, String error, String messagePart) {
	}

	private static SandboxServer sandbox;

	@BeforeAll
	static void startSandbox() {
		sandbox = SandboxServer.start("orchestrator.sandbox.connections[0].credential=" + V1_TOKEN,
				"orchestrator.sandbox.connections[1].credential=" + KEY_A,
				"orchestrator.sandbox.connections[1].agent-id=agent-a",
				"orchestrator.sandbox.connections[2].credential=" + KEY_B,
				"orchestrator.sandbox.connections[2].agent-id=agent-b",
				"orchestrator.sandbox.connections[3].credential=" + CONNECTOR_1,
				"orchestrator.sandbox.connections[3].account-id=acc-1",
				"orchestrator.sandbox.connections[3].project-id=proj-1",
				"orchestrator.sandbox.connections[4].credential=" + CONNECTOR_2,
				"orchestrator.sandbox.connections[4].account-id=acc-1",
				"orchestrator.sandbox.connections[4].project-id=proj-2");
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.close();
	}

	@BeforeEach
	void forgetEarlierTests() {
		sandbox.forgetCalls();
		sandbox.clearFaults();
	}

	@Test
	void everyConnectionIsServedAtTheSameTimeAndCallsTellWhichDialectPathAndCredentialEachCameWith()
			throws Exception {
		List<Trigger> triggers = List.of(Trigger.v1(V1_TOKEN), Trigger.agents("agent-a", KEY_A),
				Trigger.agents("agent-b", KEY_B), Trigger.platform("acc-1", "proj-1", CONNECTOR_1),
				Trigger.platform("acc-1", "proj-2", CONNECTOR_2));
		int rounds = 10;

		Map<String, Trigger> placed = new HashMap<>();
		ExecutorService senders = Executors.newFixedThreadPool(triggers.size() * 2);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			List<Trigger> sent = new ArrayList<>();
			for (int round = 0; round < rounds; round++) {
				for (Trigger trigger : triggers) {
					sent.add(trigger);
					answers.add(senders.submit(() -> {
						start.await();
						return send(post(trigger.path(), trigger.header(), trigger.credential(), trigger.body()));
					}));
				}
			}
			start.countDown();
			for (int i = 0; i < answers.size(); i++) {
				Trigger trigger = sent.get(i);
				HttpResponse<String> answer = answers.get(i).get();
				assertThat(answer.statusCode()).as(trigger.path() + ": " + answer.body()).isEqualTo(200);
				placed.put(json(answer).get(trigger.sidField()).stringValue(), trigger);
			}
		}
		finally {
			senders.shutdownNow();
		}

		assertThat(placed).hasSize(triggers.size() * rounds);
		List<JsonNode> calls = sandbox.calls();
		assertThat(calls).hasSize(placed.size());
		for (JsonNode call : calls) {
			Trigger trigger = placed.get(call.get("callSid").stringValue());
			assertThat(trigger).as(call.toString()).isNotNull();
			assertThat(call.get("dialect").stringValue()).as(trigger.path()).isEqualTo(trigger.dialect());
			assertThat(call.get("path").stringValue()).isEqualTo(trigger.path());
			assertThat(call.get("credential").stringValue()).as(trigger.path())
				.isEqualTo(credentialFingerprint(trigger.credential()))
				.hasSize(12)
				.doesNotContain(trigger.credential());
		}
		// each call's status is found with the credential and under the path that placed it
		placed.forEach((callSid, trigger) -> assertThat(
				send(get(trigger.statusPath().formatted(callSid), trigger.header(), trigger.credential())).statusCode())
			.as(trigger.path())
			.isEqualTo(200));
	}

	@Test
	void aKnownCredentialOnAnotherEntrysAgentOrProjectFindsNoConnectorAndAnUnknownOneIsUnauthorized() {
		Trigger v1 = Trigger.v1("not-a-credential");
		List<Refusal> refusals = List.of(
				refusal("key A on agent B", Trigger.agents("agent-b", KEY_A), 404, "no_connector", "agent-b"),
				refusal("key B on agent A", Trigger.agents("agent-a", KEY_B), 404, "no_connector", "agent-a"),
				refusal("key A on an agent no entry has", Trigger.agents("agent-z", KEY_A), 404, "no_connector",
						"agent-z"),
				refusal("connector 1 on project 2", Trigger.platform("acc-1", "proj-2", CONNECTOR_1), 404,
						"no_connector", "proj-2"),
				refusal("connector 2 on project 1", Trigger.platform("acc-1", "proj-1", CONNECTOR_2), 404,
						"no_connector", "proj-1"),
				refusal("connector 1 in another account", Trigger.platform("acc-2", "proj-1", CONNECTOR_1), 404,
						"no_connector", "acc-2"),
				new Refusal("key B reading a status on agent A",
						get("/v1/agents/agent-a/telephony/outbound-calls/OUT-x", "X-API-KEY", KEY_B), 404,
						"no_connector", "agent-a"),
				refusal("unknown credential, v1", v1, 401, "unauthorized", "X-PolyAi-Auth-Token"),
				refusal("unknown credential, agents", Trigger.agents("agent-a", "not-a-key"), 401, "unauthorized",
						"X-API-KEY"),
				refusal("unknown credential on an agent no entry has", Trigger.agents("agent-z", "not-a-key"), 401,
						"unauthorized", "X-API-KEY"),
				refusal("unknown credential, platform", Trigger.platform("acc-1", "proj-1", "not-a-connector"), 401,
						"unauthorized", "X-CONNECTOR-ID"),
				refusal("a credential that only starts like one", Trigger.agents("agent-a", KEY_A + "x"), 401,
						"unauthorized", "X-API-KEY"),
				refusal("a blank credential", Trigger.agents("agent-a", " "), 401, "unauthorized", "missing"),
				new Refusal("unknown credential reading a status",
						get("/v1/outbound-calling/OUT-x/status", "X-PolyAi-Auth-Token", "not-a-credential"), 401,
						"unauthorized", "X-PolyAi-Auth-Token"));

		for (Refusal refusal : refusals) {
			HttpResponse<String> refused = send(refusal.request());

			assertThat(refused.statusCode()).as(refusal.name() + ": " + refused.body()).isEqualTo(refusal.status());
			assertThat(json(refused).get("error").stringValue()).as(refusal.name()).isEqualTo(refusal.error());
			assertThat(json(refused).get("message").stringValue()).as(refusal.name())
				.contains(refusal.messagePart());
		}
		assertThat(sandbox.calls()).isEmpty();
	}

	@Test
	void anEntryWithoutPinsServesAnyAgentAndProject() {
		List<Trigger> triggers = List.of(Trigger.agents("agent-z", V1_TOKEN),
				Trigger.platform("acc-9", "proj-9", V1_TOKEN), Trigger.v1(KEY_A));

		for (Trigger trigger : triggers) {
			HttpResponse<String> answer = send(post(trigger.path(), trigger.header(), trigger.credential(),
					trigger.body()));

			assertThat(answer.statusCode()).as(trigger.path() + ": " + answer.body()).isEqualTo(200);
		}
		assertThat(sandbox.calls()).extracting(call -> call.get("credential").stringValue())
			.containsExactly(credentialFingerprint(V1_TOKEN), credentialFingerprint(V1_TOKEN),
					credentialFingerprint(KEY_A));
	}

	private static Refusal refusal(String name, Trigger trigger, int status, String error, String messagePart) {
		return new Refusal(name, post(trigger.path(), trigger.header(), trigger.credential(), trigger.body()), status,
				error, messagePart);
	}

	private static HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(sandbox.url() + path)).timeout(Duration.ofSeconds(10));
	}

	private static HttpRequest.Builder post(String path, String header, String credential, String body) {
		return request(path).header(header, credential)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private static HttpRequest.Builder get(String path, String header, String credential) {
		return request(path).header(header, credential).GET();
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		return Http.send(request.build());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

}
