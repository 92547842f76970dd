package dev.campaigns.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.MutableClock;
import dev.campaigns.testsupport.SandboxServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.campaigns.sandbox.SandboxFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sandbox as its own process, over real HTTP: every dialect's trigger and status,
 * credentials, validation, retention, {@code _calls} and every fault kind. Every call is
 * answered and talks exactly 45 s, so timelines are exact; the clock only moves when a test
 * moves it.
 */
class SandboxApiIntegrationTests {

	private static final String TOKEN = "sandbox-secret";

	private static final String V1_TRIGGER = "/v1/outbound-calling";

	private static final String AGENTS_TRIGGER = "/v1/agents/agent-1/telephony/outbound-calls";

	private static final String PLATFORM_TRIGGER = "/api/v1/acc-1/proj-1/outbound-call/trigger";

	private static final String V1_BODY = "{\"to_number\":\"+14155552671\",\"metadata\":{\"customer\":\"Paul\"}}";

	private static final String AGENTS_BODY = "{\"toNumber\":\"+442071234567\",\"environment\":\"live\"}";

	private static final String PLATFORM_BODY = "{\"to_number\":\"020 7123 4567\",\"country_code\":\"GB\","
			+ "\"encryption\":\"UDP/RTP\"}";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final MutableClock clock = new MutableClock(START);

	private static ConfigurableApplicationContext sandbox;

	private static String base;

	@BeforeAll
	static void startSandbox() {
		// as arguments, which outrank the profile's fixed port
		sandbox = new SpringApplicationBuilder(SandboxServerApplication.class).profiles("sandbox-server")
			.initializers(context -> context.getBeanFactory().registerSingleton("clock", clock))
			.run("--server.port=0", "--orchestrator.sandbox.auth-token=" + TOKEN,
					"--orchestrator.sandbox.agent-id=agent-1", "--orchestrator.sandbox.account-id=acc-1",
					"--orchestrator.sandbox.project-id=proj-1", "--orchestrator.sandbox.outcomes.answered=1",
					"--orchestrator.sandbox.talk-time-jitter=0");
		base = "http://localhost:" + ((WebServerApplicationContext) sandbox).getWebServer().getPort()
				+ "/sandbox/polyai";
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.close();
	}

	@BeforeEach
	void forgetEarlierTests() {
		assertThat(send(request("/_calls").DELETE()).statusCode()).isEqualTo(204);
		assertThat(send(request("/_faults").DELETE()).statusCode()).isEqualTo(204);
	}

	@Test
	void outboundCallingV1PlaysACallFromQueuedToSuccess() {
		HttpResponse<String> trigger = triggerV1();

		assertThat(trigger.statusCode()).isEqualTo(200);
		JsonNode body = json(trigger);
		assertThat(body.propertyNames()).containsExactly("call_sid");
		String callSid = body.get("call_sid").stringValue();
		assertThat(callSid).matches("OUT-[0-9a-f-]{36}");
		String status = V1_TRIGGER + "/" + callSid + "/status";
		assertThat(statusesOver(status, "X-PolyAi-Auth-Token", "call_sid", callSid)).containsExactly("queued",
				"queued", "calling", "calling", "calling", "success");
	}

	@Test
	void aPathNoDialectHasIsNotFoundAndAnotherMethodOnADialectsPathIsNotAllowedBothInTheSandboxsErrorBody() {
		HttpResponse<String> unknown = send(post("/v1/outbound-calling/extra", "X-PolyAi-Auth-Token", TOKEN, V1_BODY));
		HttpResponse<String> wrongMethod = send(get(V1_TRIGGER, "X-PolyAi-Auth-Token"));
		HttpResponse<String> statusPosted = send(post(V1_TRIGGER + "/OUT-1/status", "X-PolyAi-Auth-Token", TOKEN, "{}"));

		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(json(unknown).get("error").stringValue()).isEqualTo("not_found");
		assertThat(json(unknown).get("message").stringValue()).contains("/sandbox/polyai/v1/outbound-calling/extra");
		assertThat(wrongMethod.statusCode()).isEqualTo(405);
		assertThat(json(wrongMethod).get("error").stringValue()).isEqualTo("method_not_allowed");
		assertThat(statusPosted.statusCode()).isEqualTo(405);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
			.startsWith("application/json"));
		// the control endpoints beside them are still Spring MVC's
		assertThat(send(request("/_calls").GET()).statusCode()).isEqualTo(200);
	}

	@Test
	void agentsV1PlaysACallFromQueuedToCompleted() {
		HttpResponse<String> trigger = send(post(AGENTS_TRIGGER, "X-API-KEY", TOKEN, AGENTS_BODY));

		assertThat(trigger.statusCode()).isEqualTo(200);
		JsonNode body = json(trigger);
		assertThat(body.get("status").stringValue()).isEqualTo("QUEUED");
		String callSid = body.get("callSid").stringValue();
		assertThat(callSid).startsWith("OUT-");
		String status = AGENTS_TRIGGER + "/" + callSid;
		assertThat(statusesOver(status, "X-API-KEY", "callSid", callSid)).containsExactly("QUEUED", "QUEUED",
				"RINGING", "RINGING", "IN_PROGRESS", "COMPLETED");
	}

	@Test
	void platformV1PlaysACallFromCreatedToCompleted() {
		HttpResponse<String> trigger = send(post(PLATFORM_TRIGGER, "X-CONNECTOR-ID", TOKEN, PLATFORM_BODY));

		assertThat(trigger.statusCode()).isEqualTo(200);
		JsonNode body = json(trigger);
		assertThat(body.get("status").stringValue()).isEqualTo("CREATED");
		String callSid = body.get("call_sid").stringValue();
		String status = "/api/v1/acc-1/proj-1/outbound-call/status/" + callSid;
		assertThat(statusesOver(status, "X-CONNECTOR-ID", "call_sid", callSid)).containsExactly("CREATED", "queued",
				"ringing", "ringing", "in-progress", "completed");
	}

	@Test
	void aCallIsOnlyKnownToTheDialectThatPlacedIt() {
		String v1Call = callSidOf(triggerV1(), "call_sid");

		assertThat(send(get(V1_TRIGGER + "/" + v1Call + "/status", "X-PolyAi-Auth-Token")).statusCode())
			.isEqualTo(200);
		assertThat(send(get(AGENTS_TRIGGER + "/" + v1Call, "X-API-KEY")).statusCode()).isEqualTo(404);
		HttpResponse<String> platform = send(
				get("/api/v1/acc-1/proj-1/outbound-call/status/" + v1Call, "X-CONNECTOR-ID"));
		assertThat(platform.statusCode()).isEqualTo(404);
		assertThat(json(platform).get("error").stringValue()).isEqualTo("not_found");
		HttpResponse<String> unknown = send(get(V1_TRIGGER + "/OUT-nobody/status", "X-PolyAi-Auth-Token"));
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(json(unknown).get("message").stringValue()).contains("OUT-nobody");
	}

	@Test
	void statusIsGoneAfterTheRetentionWindowButTheCallIsStillListed() {
		String callSid = callSidOf(triggerV1(), "call_sid");
		String status = V1_TRIGGER + "/" + callSid + "/status";
		// queued 1 s + ringing 8 s + talking 45 s, then kept for 2 h
		clock.advance(Duration.ofSeconds(54).plus(Duration.ofHours(2)));

		assertThat(send(get(status, "X-PolyAi-Auth-Token")).statusCode()).isEqualTo(200);
		clock.advance(Duration.ofMillis(1));
		assertThat(send(get(status, "X-PolyAi-Auth-Token")).statusCode()).isEqualTo(404);
		JsonNode listed = json(send(request("/_calls").GET())).get(0);
		assertThat(listed.get("callSid").stringValue()).isEqualTo(callSid);
		assertThat(listed.get("status").stringValue()).isEqualTo("success");
		assertThat(Duration.between(Instant.parse(listed.get("receivedAt").stringValue()),
				Instant.parse(listed.get("endedAt").stringValue())))
			.isEqualTo(Duration.ofSeconds(54));
	}

	@Test
	void everyDialectRefusesAMissingBlankOrWrongCredential() {
		List<String[]> triggers = List.of(new String[] { V1_TRIGGER, "X-PolyAi-Auth-Token", V1_BODY },
				new String[] { AGENTS_TRIGGER, "X-API-KEY", AGENTS_BODY },
				new String[] { PLATFORM_TRIGGER, "X-CONNECTOR-ID", PLATFORM_BODY });

		for (String[] trigger : triggers) {
			HttpResponse<String> missing = send(request(trigger[0]).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(trigger[2])));
			HttpResponse<String> blank = send(post(trigger[0], trigger[1], " ", trigger[2]));
			HttpResponse<String> wrong = send(post(trigger[0], trigger[1], "not-the-token", trigger[2]));
			HttpResponse<String> otherDialectsHeader = send(post(trigger[0],
					trigger[1].equals("X-API-KEY") ? "X-CONNECTOR-ID" : "X-API-KEY", TOKEN, trigger[2]));

			assertThat(List.of(missing, blank, wrong, otherDialectsHeader)).as(trigger[0])
				.extracting(HttpResponse::statusCode)
				.containsOnly(401);
			assertThat(json(missing).get("error").stringValue()).isEqualTo("unauthorized");
			assertThat(json(missing).get("message").stringValue()).contains(trigger[1]);
		}
		assertThat(send(request(V1_TRIGGER + "/OUT-x/status").GET()).statusCode()).isEqualTo(401);
		assertThat(calls()).isEmpty();
	}

	@Test
	void pathsNamingAnotherAgentOrProjectFindNoConnector() {
		HttpResponse<String> otherAgent = send(
				post("/v1/agents/agent-2/telephony/outbound-calls", "X-API-KEY", TOKEN, AGENTS_BODY));
		HttpResponse<String> otherProject = send(
				post("/api/v1/acc-1/proj-2/outbound-call/trigger", "X-CONNECTOR-ID", TOKEN, PLATFORM_BODY));
		HttpResponse<String> otherAccountStatus = send(
				get("/api/v1/acc-2/proj-1/outbound-call/status/OUT-x", "X-CONNECTOR-ID"));

		assertThat(otherAgent.statusCode()).isEqualTo(404);
		assertThat(json(otherAgent).get("error").stringValue()).isEqualTo("no_connector");
		assertThat(json(otherAgent).get("message").stringValue()).contains("agent-2");
		assertThat(otherProject.statusCode()).isEqualTo(404);
		assertThat(otherAccountStatus.statusCode()).isEqualTo(404);
		assertThat(calls()).isEmpty();
	}

	@Test
	void invalidTriggersAreRefusedWithAReasonNamingTheField() {
		assertRefused(post(V1_TRIGGER, "X-PolyAi-Auth-Token", TOKEN, "{\"to_number\":\"4155552671\"}"),
				"invalid_phone_number", "to_number");
		assertRefused(post(V1_TRIGGER, "X-PolyAi-Auth-Token", TOKEN,
				"{\"to_number\":\"+14155552671\",\"metadata\":{\"attempt\":2}}"), "invalid_metadata", "attempt");
		assertRefused(post(V1_TRIGGER, "X-PolyAi-Auth-Token", TOKEN,
				"{\"to_number\":\"+14155552671\",\"encryption\":\"tls_srtp\"}"), "invalid_encryption", "encryption");
		assertRefused(post(PLATFORM_TRIGGER, "X-CONNECTOR-ID", TOKEN, "to_number=+14155552671"), "invalid_json",
				"JSON");
		assertRefused(post(PLATFORM_TRIGGER, "X-CONNECTOR-ID", TOKEN,
				"{\"to_number\":\"0207\",\"country_code\":\"GB\"}"), "invalid_phone_number", "to_number");
		assertRefused(post(AGENTS_TRIGGER, "X-API-KEY", TOKEN, "{\"toNumber\":\"+442071234567\"}"), "missing_field",
				"environment");
		assertRefused(post(AGENTS_TRIGGER, "X-API-KEY", TOKEN,
				"{\"toNumber\":\"+442071234567\",\"environment\":\"live\",\"encryption\":\"TLS/SRTP\"}"),
				"invalid_encryption", "encryption");
		assertRefused(post(AGENTS_TRIGGER, "X-API-KEY", TOKEN,
				"{\"toNumber\":\"+442071234567\",\"environment\":\"live\",\"metadata\":{\"k\":\""
						+ "x".repeat(20_000) + "\"}}"),
				"metadata_too_large", "metadata");
		assertThat(calls()).isEmpty();
	}

	@Test
	void callsListsEveryAcceptedTriggerInArrivalOrderUntilForgotten() {
		String first = callSidOf(triggerV1(), "call_sid");
		String second = callSidOf(send(post(AGENTS_TRIGGER, "X-API-KEY", TOKEN, AGENTS_BODY)), "callSid");
		clock.advance(Duration.ofSeconds(2));
		String third = callSidOf(send(post(PLATFORM_TRIGGER, "X-CONNECTOR-ID", TOKEN, PLATFORM_BODY)), "call_sid");

		JsonNode calls = calls();
		assertThat(calls).extracting(call -> call.get("callSid").stringValue()).containsExactly(first, second, third);
		assertThat(calls).extracting(call -> call.get("dialect").stringValue()).containsExactly("outbound-calling-v1",
				"agents-v1", "platform-v1");
		assertThat(calls).extracting(call -> call.get("status").stringValue()).containsExactly("calling", "RINGING",
				"CREATED");
		assertThat(calls).extracting(call -> call.get("path").stringValue()).containsExactly(V1_TRIGGER,
				AGENTS_TRIGGER, PLATFORM_TRIGGER);
		assertThat(calls).extracting(call -> call.get("credential").stringValue())
			.containsOnly(SandboxServer.credentialFingerprint(TOKEN));
		JsonNode v1 = calls.get(0);
		assertThat(v1.get("toNumber").stringValue()).isEqualTo("+14155552671");
		assertThat(v1.get("countryCode").isNull()).isTrue();
		assertThat(v1.get("metadata").get("customer").stringValue()).isEqualTo("Paul");
		assertThat(v1.get("endedAt").isNull()).isTrue();
		assertThat(v1.get("receivedAt").stringValue()).isEqualTo(clock.instant().minusSeconds(2).toString());
		JsonNode platform = calls.get(2);
		assertThat(platform.get("toNumber").stringValue()).isEqualTo("020 7123 4567");
		assertThat(platform.get("countryCode").stringValue()).isEqualTo("GB");
		assertThat(platform.get("dialledNumber").stringValue()).isEqualTo("+442071234567");

		assertThat(send(request("/_calls").DELETE()).statusCode()).isEqualTo(204);
		assertThat(calls()).isEmpty();
		assertThat(send(get(V1_TRIGGER + "/" + first + "/status", "X-PolyAi-Auth-Token")).statusCode())
			.isEqualTo(404);
	}

	@Test
	void anHttp500FaultFailsTheTriggerWithoutPlacingACall() {
		addFault("{\"kind\":\"HTTP_500\",\"count\":1}");

		HttpResponse<String> failed = triggerV1();

		assertThat(failed.statusCode()).isEqualTo(500);
		assertThat(json(failed).get("error").stringValue()).isEqualTo("internal_error");
		assertThat(calls()).isEmpty();
		assertThat(triggerV1().statusCode()).isEqualTo(200);
		assertThat(calls()).hasSize(1);
	}

	@Test
	void anHttp502FaultFailsTheTriggerWithoutPlacingACall() {
		addFault("{\"kind\":\"HTTP_502\",\"count\":1}");

		HttpResponse<String> failed = send(post(AGENTS_TRIGGER, "X-API-KEY", TOKEN, AGENTS_BODY));

		assertThat(failed.statusCode()).isEqualTo(502);
		assertThat(json(failed).get("error").stringValue()).isEqualTo("bad_gateway");
		assertThat(calls()).isEmpty();
	}

	@Test
	void anHttp429FaultSaysWhenToRetry() {
		addFault("{\"kind\":\"HTTP_429\",\"count\":1,\"retryAfterSeconds\":2}");
		addFault("{\"kind\":\"HTTP_429\",\"count\":1}");

		HttpResponse<String> withRetryAfter = send(post(PLATFORM_TRIGGER, "X-CONNECTOR-ID", TOKEN, PLATFORM_BODY));
		HttpResponse<String> withoutRetryAfter = send(post(PLATFORM_TRIGGER, "X-CONNECTOR-ID", TOKEN, PLATFORM_BODY));

		assertThat(withRetryAfter.statusCode()).isEqualTo(429);
		assertThat(withRetryAfter.headers().firstValue("Retry-After")).contains("2");
		assertThat(withoutRetryAfter.statusCode()).isEqualTo(429);
		assertThat(withoutRetryAfter.headers().firstValue("Retry-After")).isEmpty();
		assertThat(calls()).isEmpty();
	}

	@Test
	void aLatencyFaultAnswersNormallyButLate() {
		addFault("{\"kind\":\"LATENCY\",\"count\":1,\"latency\":\"PT0.4S\"}");

		long started = System.nanoTime();
		HttpResponse<String> slow = triggerV1();
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(slow.statusCode()).isEqualTo(200);
		assertThat(callSidOf(slow, "call_sid")).startsWith("OUT-");
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400));
		assertThat(calls()).hasSize(1);
	}

	@Test
	void aDroppedResponseStillPlacesTheCallAndTheClientTimesOut() {
		addFault("{\"kind\":\"DROP_RESPONSE\",\"count\":1,\"hold\":\"PT2S\"}");

		HttpRequest trigger = post(V1_TRIGGER, "X-PolyAi-Auth-Token", TOKEN, V1_BODY)
			.timeout(Duration.ofMillis(300))
			.build();

		assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(() -> client.send(trigger,
				HttpResponse.BodyHandlers.ofString()));
		// the client gave up after 300 ms; a server starved of CPU may record the call a little after that
		Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(calls()).singleElement()
			.satisfies(call -> assertThat(call.get("toNumber").stringValue()).isEqualTo("+14155552671")));
	}

	@Test
	void aDroppedResponseEndsInABrokenConnectionForAPatientClient() {
		addFault("{\"kind\":\"DROP_RESPONSE\",\"target\":\"STATUS\",\"count\":1,\"hold\":\"PT0.2S\"}");
		String callSid = callSidOf(triggerV1(), "call_sid");

		HttpRequest status = get(V1_TRIGGER + "/" + callSid + "/status", "X-PolyAi-Auth-Token")
			.timeout(Duration.ofSeconds(10))
			.build();

		long started = System.nanoTime();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> client.send(status,
				HttpResponse.BodyHandlers.ofString()));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		// broken right after the hold, not left open until the server's idle timeout
		assertThat(took).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
		assertThat(send(get(V1_TRIGGER + "/" + callSid + "/status", "X-PolyAi-Auth-Token")).statusCode())
			.isEqualTo(200);
	}

	@Test
	void aBadCallSidFaultPlacesTheCallButAnswersAnIdWithoutItsPrefix() {
		addFault("{\"kind\":\"BAD_CALL_SID\",\"target\":\"ALL\",\"count\":2}");

		String answered = callSidOf(triggerV1(), "call_sid");

		assertThat(answered).doesNotStartWith("OUT-").matches("[0-9a-f-]{36}");
		String placed = calls().get(0).get("callSid").stringValue();
		assertThat(placed).isEqualTo("OUT-" + answered);
		HttpResponse<String> status = send(get(V1_TRIGGER + "/" + placed + "/status", "X-PolyAi-Auth-Token"));
		assertThat(json(status).get("call_sid").stringValue()).isEqualTo(answered);
		assertThat(json(status).get("status").stringValue()).isEqualTo("queued");
		// the mangled id is not one the provider knows
		assertThat(send(get(V1_TRIGGER + "/" + answered + "/status", "X-PolyAi-Auth-Token")).statusCode())
			.isEqualTo(404);
	}

	@Test
	void aFaultHitsOnlyTheRequestsItTargets() {
		addFault("{\"kind\":\"HTTP_500\",\"target\":\"STATUS\"}");

		HttpResponse<String> trigger = triggerV1();
		HttpResponse<String> status = send(
				get(V1_TRIGGER + "/" + callSidOf(trigger, "call_sid") + "/status", "X-PolyAi-Auth-Token"));

		assertThat(trigger.statusCode()).isEqualTo(200);
		assertThat(status.statusCode()).isEqualTo(500);
	}

	@Test
	void aFaultSkipsRequestsThatAreRefusedAnyway() {
		addFault("{\"kind\":\"HTTP_502\",\"count\":1}");

		assertThat(send(post(V1_TRIGGER, "X-PolyAi-Auth-Token", "wrong", V1_BODY)).statusCode()).isEqualTo(401);
		assertThat(send(post(V1_TRIGGER, "X-PolyAi-Auth-Token", TOKEN, "{}")).statusCode()).isEqualTo(400);
		assertThat(triggerV1().statusCode()).isEqualTo(502);
		assertThat(triggerV1().statusCode()).isEqualTo(200);
	}

	@Test
	void aCountedFaultIsUsedUpAndATimedFaultExpiresOnTheSandboxClock() {
		addFault("{\"kind\":\"HTTP_500\",\"count\":2}");

		assertThat(triggerV1().statusCode()).isEqualTo(500);
		assertThat(json(send(request("/_faults").GET())).get(0).get("remaining").intValue()).isEqualTo(1);
		assertThat(triggerV1().statusCode()).isEqualTo(500);
		assertThat(triggerV1().statusCode()).isEqualTo(200);
		assertThat(json(send(request("/_faults").GET()))).isEmpty();

		JsonNode timed = addFault("{\"kind\":\"HTTP_502\",\"duration\":\"PT2M\"}");
		assertThat(timed.get("expiresAt").stringValue()).isEqualTo(clock.instant().plusSeconds(120).toString());
		assertThat(triggerV1().statusCode()).isEqualTo(502);
		assertThat(triggerV1().statusCode()).isEqualTo(502);
		clock.advance(Duration.ofMinutes(2));
		assertThat(triggerV1().statusCode()).isEqualTo(200);
		assertThat(json(send(request("/_faults").GET()))).isEmpty();
	}

	@Test
	void faultsAreEchoedWithTheirIdAndDefaultsAndCanBeCleared() {
		JsonNode drop = addFault("{\"kind\":\"DROP_RESPONSE\"}");
		JsonNode rateLimit = addFault("{\"kind\":\"HTTP_429\",\"target\":\"ALL\",\"count\":3,\"retryAfterSeconds\":5}");

		assertThat(drop.get("id").stringValue()).isNotBlank().isNotEqualTo(rateLimit.get("id").stringValue());
		assertThat(drop.get("target").stringValue()).isEqualTo("TRIGGER");
		assertThat(drop.get("hold").stringValue()).isEqualTo("PT30S");
		assertThat(drop.get("count").isNull()).isTrue();
		assertThat(rateLimit.get("remaining").intValue()).isEqualTo(3);
		assertThat(rateLimit.get("retryAfterSeconds").intValue()).isEqualTo(5);
		assertThat(json(send(request("/_faults").GET()))).extracting(fault -> fault.get("kind").stringValue())
			.containsExactly("DROP_RESPONSE", "HTTP_429");

		assertThat(send(request("/_faults/" + drop.get("id").stringValue()).DELETE()).statusCode()).isEqualTo(204);
		assertThat(json(send(request("/_faults").GET()))).hasSize(1);
		assertThat(send(request("/_faults").DELETE()).statusCode()).isEqualTo(204);
		assertThat(json(send(request("/_faults").GET()))).isEmpty();
		assertThat(triggerV1().statusCode()).isEqualTo(200);
	}

	@Test
	void malformedFaultsAreRefused() {
		for (String fault : List.of("{\"kind\":\"HTTP_418\"}", "{}", "{\"kind\":\"LATENCY\"}",
				"{\"kind\":\"HTTP_500\",\"count\":0}", "{\"kind\":\"HTTP_500\",\"cuont\":1}",
				"{\"kind\":\"HTTP_500\",\"duration\":\"two minutes\"}", "not json")) {
			HttpResponse<String> refused = send(post("/_faults", "X-Ignored", "-", fault));

			assertThat(refused.statusCode()).as(fault).isEqualTo(400);
			assertThat(json(refused).get("error").stringValue()).isEqualTo("invalid_fault");
		}
		assertThat(json(send(request("/_faults").GET()))).isEmpty();
	}

	@Test
	void theAgentsTriggerMatchesPolyAisOpenApiDocument() {
		OpenApiInteractionValidator openApi = OpenApiInteractionValidator
			.createForSpecificationUrl("polyai/agents-v1.openapi.yaml")
			.build();
		String body = "{\"toNumber\":\"+442071234567\",\"environment\":\"sandbox\",\"countryCode\":\"GB\","
				+ "\"variantId\":\"v1\",\"encryption\":\"tls_srtp\",\"metadata\":{\"customer_name\":\"Paul Smith\"}}";

		HttpResponse<String> trigger = send(post(AGENTS_TRIGGER, "X-API-KEY", TOKEN, body));

		assertThat(openApi.validateRequest(SimpleRequest.Builder.post(AGENTS_TRIGGER)
			.withHeader("X-API-KEY", TOKEN)
			.withContentType("application/json")
			.withBody(body)
			.build()).getMessages()).isEmpty();
		assertThat(trigger.statusCode()).isEqualTo(200);
		assertThat(openApi.validateResponse(AGENTS_TRIGGER, Request.Method.POST,
				SimpleResponse.Builder.ok().withContentType("application/json").withBody(trigger.body()).build())
			.getMessages()).isEmpty();
	}

	@Test
	void theSandboxStaysHealthyAlongsideItsApi() {
		assertThat(Http.get(base.replace("/sandbox/polyai", "/actuator/health")).body()).contains("\"UP\"");
	}

	/** The call's status before, while and after each phase change, moving the clock forward. */
	private List<String> statusesOver(String statusPath, String header, String sidField, String callSid) {
		// at +0, +1 ms, +1 s, +8 s, +9 s, +54 s: created, queued, ringing, ringing, in progress, ended
		Duration[] steps = { Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(999), Duration.ofSeconds(7),
				Duration.ofSeconds(1), Duration.ofSeconds(45) };
		return Arrays.stream(steps).map(step -> {
			clock.advance(step);
			HttpResponse<String> response = send(get(statusPath, header));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response).get(sidField).stringValue()).isEqualTo(callSid);
			return json(response).get("status").stringValue();
		}).toList();
	}

	private static HttpResponse<String> triggerV1() {
		return send(post(V1_TRIGGER, "X-PolyAi-Auth-Token", TOKEN, V1_BODY));
	}

	private static JsonNode addFault(String fault) {
		HttpResponse<String> added = send(post("/_faults", "X-Ignored", "-", fault));
		assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
		return json(added);
	}

	private static JsonNode calls() {
		HttpResponse<String> calls = send(request("/_calls").GET());
		assertThat(calls.statusCode()).isEqualTo(200);
		return json(calls);
	}

	private static void assertRefused(HttpRequest.Builder request, String error, String messagePart) {
		HttpResponse<String> response = send(request);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/json"));
		assertThat(json(response).get("error").stringValue()).isEqualTo(error);
		assertThat(json(response).get("message").stringValue()).contains(messagePart);
	}

	private static String callSidOf(HttpResponse<String> trigger, String field) {
		assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(200);
		return json(trigger).get(field).stringValue();
	}

	private static HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
	}

	private static HttpRequest.Builder post(String path, String header, String credential, String body) {
		return request(path).header(header, credential)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private static HttpRequest.Builder get(String path, String header) {
		return request(path).header(header, TOKEN).GET();
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		return Http.send(request.build());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

}
