package dev.campaigns.orchestrator.connection;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.SandboxServer;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Campaigns on stored provider connections, end to end in real time with the dispatch and
 * polling loops running: each connection's dialect, path, credential, budget and pause are its
 * own, and the default connection keeps working beside them. The sandbox serves three
 * credentials at once: the default connection's, an agents-v1 key pinned to one agent, and a
 * platform-v1 connector pinned to one account and project.
 */
@IntegrationTest
@TestPropertySource(properties = { "orchestrator.dispatch.enabled=true", "orchestrator.status.enabled=true",
		"orchestrator.sandbox.connections[0].credential=test-token",
		"orchestrator.sandbox.connections[1].credential=agents-key",
		"orchestrator.sandbox.connections[1].agent-id=agent-a",
		"orchestrator.sandbox.connections[2].credential=platform-key",
		"orchestrator.sandbox.connections[2].account-id=acc-1",
		"orchestrator.sandbox.connections[2].project-id=proj-1", "orchestrator.sandbox.queue-time=PT0.2S",
		"orchestrator.sandbox.ring-time=PT0.4S", "orchestrator.sandbox.talk-time=PT1S",
		"orchestrator.status.first-poll=PT1S", "orchestrator.status.ringing-interval=PT0.5S",
		"orchestrator.status.expected-talk-time=PT1S", "orchestrator.status.in-progress-interval=PT0.5S" })
class ConnectionCampaignsIntegrationTests {

	static final String CONNECTIONS = "/api/v1/provider-connections";

	/** London numbers from a random start, so that a run never meets another's attempts per number. */
	private static final AtomicInteger NEXT_NUMBER = new AtomicInteger(ThreadLocalRandom.current().nextInt(9_000_000));

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	String tenant;

	Api admin;

	@BeforeEach
	void freshTenant() {
		tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		admin = Api.at(port).keyFor(tenant, "admin");
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_calls")).DELETE().build());
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_faults")).DELETE().build());
		// tests on simulated clocks may have used the default connection's budgets into their future
		jdbc.sql("delete from rate_limit").update();
	}

	@Test
	void twoCampaignsOnTwoConnectionsOfDifferentDialectsEachCallWithTheirOwnPathCredentialAndRate() {
		String agents = connection("agents", "agents-v1", "agents-key", "\"agentId\":\"agent-a\"", 4, 2);
		String platform = connection("platform", "platform-v1", "platform-key",
				"\"accountId\":\"acc-1\",\"projectId\":\"proj-1\"", 8, 2);
		List<String> onAgents = numbers(16);
		List<String> onPlatform = numbers(24);
		List<String> onDefault = numbers(4);

		String first = campaign("on agents", agents, onAgents);
		String second = campaign("on platform", platform, onPlatform);
		String third = campaign("on the default", null, onDefault);
		awaitCompleted(first, second, third);

		Map<String, JsonNode> calls = new HashMap<>();
		json(Http.get(sandbox() + "/_calls")).forEach(call -> calls.put(call.get("toNumber").asString(), call));
		assertThat(calls).hasSize(onAgents.size() + onPlatform.size() + onDefault.size());
		onAgents.forEach(number -> {
			JsonNode call = calls.get(number);
			assertThat(call.get("dialect").asString()).isEqualTo("agents-v1");
			assertThat(call.get("path").asString()).isEqualTo("/v1/agents/agent-a/telephony/outbound-calls");
			assertThat(call.get("credential").asString()).isEqualTo(SandboxServer.credentialFingerprint("agents-key"));
		});
		onPlatform.forEach(number -> {
			JsonNode call = calls.get(number);
			assertThat(call.get("dialect").asString()).isEqualTo("platform-v1");
			assertThat(call.get("path").asString()).isEqualTo("/api/v1/acc-1/proj-1/outbound-call/trigger");
			assertThat(call.get("credential").asString())
				.isEqualTo(SandboxServer.credentialFingerprint("platform-key"));
		});
		onDefault.forEach(number -> assertThat(calls.get(number).get("credential").asString())
			.isEqualTo(SandboxServer.credentialFingerprint("test-token")));
		// each connection's own rate, whatever the other one does: at most rate + burst in any second
		assertThat(mostInAnySecond(onAgents, calls)).isLessThanOrEqualTo(4 + 2);
		assertThat(mostInAnySecond(onPlatform, calls)).isLessThanOrEqualTo(8 + 2);
		// the two connections ran at the same time, so the budgets held side by side
		assertThat(firstReceived(onPlatform, calls)).isBefore(lastReceived(onAgents, calls));
		// every call was followed to its end through its own connection, and records it
		assertThat(jdbc.sql("""
				select count(*) from call_attempt a join campaign c on c.id = a.campaign_id
				where a.campaign_id in (?::uuid, ?::uuid) and a.phase = 'FINAL' and a.status in ('COMPLETED',
				    'NO_ANSWER', 'BUSY', 'FAILED') and a.connection_id = c.connection_id
				""").params(first, second).query(Long.class).single()).isEqualTo(onAgents.size() + onPlatform.size());
	}

	@Test
	void aRejectedCredentialPausesOnlyThatConnectionsCampaignsWithTheReasonAndAPatchedOneIsUsedFromTheNextTrigger() {
		String wrong = connection("wrong key", "agents-v1", "not-a-key", "\"agentId\":\"agent-a\"", 20, 2);
		String right = connection("right key", "platform-v1", "platform-key",
				"\"accountId\":\"acc-1\",\"projectId\":\"proj-1\"", 20, 2);
		String refused = campaign("refused", wrong, numbers(3));
		String alsoRefused = campaign("refused too", wrong, numbers(3));
		String fine = campaign("fine", right, numbers(3));

		awaitCompleted(fine);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "PAUSED".equals(status(refused))
				&& "PAUSED".equals(status(alsoRefused)));
		JsonNode paused = json(admin.get("/api/v1/campaigns/" + alsoRefused));
		assertThat(paused.get("statusReason").asString()).contains("provider configuration rejected on connection "
				+ wrong).contains("401");

		HttpResponse<String> patched = admin.patch(CONNECTIONS + "/" + wrong, "{\"credential\":\"agents-key\"}",
				"application/merge-patch+json");
		assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
		for (String campaign : List.of(refused, alsoRefused)) {
			HttpResponse<String> resumed = admin.postEmpty("/api/v1/campaigns/" + campaign + "/resume");
			assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
		}
		awaitCompleted(refused, alsoRefused);
		assertThat(jdbc.sql("select count(*) from call_attempt where campaign_id in (?::uuid, ?::uuid)"
				+ " and status = 'COMPLETED' or campaign_id in (?::uuid, ?::uuid) and status in ('NO_ANSWER', 'BUSY',"
				+ " 'FAILED') and call_sid is not null")
			.params(refused, alsoRefused, refused, alsoRefused)
			.query(Long.class)
			.single()).as("every recipient called through the new credential").isEqualTo(6);
	}

	@Test
	void aTooManyRequestsOnOneConnectionHoldsAndThrottlesThatConnectionOnly() {
		String throttled = connection("throttled", "agents-v1", "agents-key", "\"agentId\":\"agent-a\"", 20, 2);
		String other = connection("other", "platform-v1", "platform-key",
				"\"accountId\":\"acc-1\",\"projectId\":\"proj-1\"", 20, 2);
		List<String> held = numbers(1);
		HttpResponse<String> fault = Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_faults"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"HTTP_429\",\"count\":1,\"retryAfterSeconds\":60,"
					+ "\"toNumber\":\"" + held.get(0) + "\"}"))
			.build());
		assertThat(fault.statusCode()).as(fault.body()).isEqualTo(201);

		String waiting = campaign("told to wait", throttled, held);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> throttledUntil("connection-" + throttled) != null);
		String going = campaign("going on", other, numbers(3));
		awaitCompleted(going);

		assertThat(throttledUntil("connection-" + throttled)).isAfter(Instant.now().plusSeconds(20));
		assertThat(throttledUntil("connection-" + other)).isNull();
		assertThat(throttledUntil("global")).isNull();
		assertThat(status(waiting)).isEqualTo("RUNNING");
		assertThat(jdbc.sql("select count(*) from call_attempt where campaign_id = ?::uuid and call_sid is not null")
			.param(waiting).query(Long.class).single()).as("not called while held").isZero();
	}

	private @Nullable Instant throttledUntil(String budget) {
		return jdbc.sql("select throttled_until from rate_limit where name = ?").param(budget)
			.query((rs, row) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
			.optional()
			.orElse(null);
	}

	@Test
	void aCampaignNamesOnlyAConnectionOfItsTenantThatIsThereAndEnabledAndAConnectionInUseIsNotDeleted() {
		String used = connection("used", "agents-v1", "agents-key", "\"agentId\":\"agent-a\"", 1, 2);
		String disabled = connection("disabled", "agents-v1", "agents-key", "\"agentId\":\"agent-a\"", 1, 2);
		String deleted = connection("deleted", "agents-v1", "agents-key", "\"agentId\":\"agent-a\"", 1, 2);
		assertThat(admin.patch(CONNECTIONS + "/" + disabled, "{\"enabled\":false}", "application/merge-patch+json")
			.statusCode()).isEqualTo(200);
		assertThat(admin.delete(CONNECTIONS + "/" + deleted).statusCode()).isEqualTo(204);
		Api other = Api.at(port).keyFor("other-" + tenant, "admin");
		String others = json(other.post(CONNECTIONS, body("theirs", "agents-v1", "agents-key",
				"\"agentId\":\"agent-a\"", 1, 2))).get("id").asString();

		Map<String, String> refusals = Map.of(UUID.randomUUID().toString(), "names no provider connection of this tenant",
				deleted, "names no provider connection of this tenant", others,
				"names no provider connection of this tenant", disabled, "names a disabled provider connection",
				"not-a-uuid", "must be a provider connection's id");
		refusals.forEach((connection, reason) -> {
			HttpResponse<String> refused = admin.post("/api/v1/campaigns", campaignJson("refused", connection, numbers(1)));
			assertThat(refused.statusCode()).as(connection).isEqualTo(400);
			assertThat(refused.body()).contains("call.connection").contains(reason);
		});
		assertThat(jdbc.sql("select count(*) from campaign where tenant = ? and name = 'refused'").param(tenant)
			.query(Long.class).single()).as("nothing stored").isZero();

		String campaign = campaign("held", used, numbers(2));
		assertThat(json(admin.get("/api/v1/campaigns/" + campaign)).at("/call/connection").asString()).isEqualTo(used);
		HttpResponse<String> inUse = admin.delete(CONNECTIONS + "/" + used);
		assertThat(inUse.statusCode()).isEqualTo(409);
		assertThat(json(inUse).get("type").asString()).endsWith("/provider-connection-in-use");
		HttpResponse<String> moved = admin.patch("/api/v1/campaigns/" + campaign,
				"{\"call\":{\"connection\":\"" + disabled + "\"}}", "application/merge-patch+json");
		// a campaign's call options are fixed at creation: an edit cannot move it to another connection
		assertThat(moved.statusCode()).isEqualTo(400);
		assertThat(moved.body()).contains("\"field\":\"call\"").contains("is not a field of this API");

		assertThat(admin.postEmpty("/api/v1/campaigns/" + campaign + "/cancel").statusCode()).isEqualTo(200);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> admin.delete(CONNECTIONS + "/" + used)
			.statusCode() == 204);
		assertThat(json(admin.get("/api/v1/campaigns/" + campaign)).at("/call/connection").asString())
			.as("still named after its deletion").isEqualTo(used);
	}

	private String connection(String name, String dialect, String credential, String ids, double perSecond,
			int burst) {
		HttpResponse<String> created = admin.post(CONNECTIONS, body(name, dialect, credential, ids, perSecond, burst));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created).get("id").asString();
	}

	private String body(String name, String dialect, String credential, String ids, double perSecond, int burst) {
		return """
				{"name":"%s","dialect":"%s","baseUrl":"%s","credential":"%s",%s,"callsPerSecond":%s,"burst":%d}
				""".formatted(name, dialect, sandbox(), credential, ids, perSecond, burst);
	}

	private String campaign(String name, String connection, List<String> numbers) {
		HttpResponse<String> created = admin.post("/api/v1/campaigns", campaignJson(name, connection, numbers));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created).get("id").asString();
	}

	private static String campaignJson(String name, String connection, List<String> numbers) {
		StringBuilder recipients = new StringBuilder();
		numbers.forEach(number -> recipients.append(recipients.isEmpty() ? "" : ",")
			.append("{\"phoneNumber\":\"").append(number).append("\"}"));
		return """
				{"name":"%s","schedule":{"callingWindow":%s},"retry":{"maxAttempts":1},
				 "rateLimit":{"callsPerMinute":60000,"maxConcurrentCalls":1000},%s"recipients":[%s]}
				""".formatted(name, windowOpenNow(),
				connection == null ? "" : "\"call\":{\"connection\":\"" + connection + "\"},", recipients);
	}

	private String status(String campaign) {
		return json(admin.get("/api/v1/campaigns/" + campaign)).get("status").asString();
	}

	private void awaitCompleted(String... campaigns) {
		Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
			for (String campaign : campaigns) {
				if (!"COMPLETED".equals(status(campaign))) {
					return false;
				}
			}
			return true;
		});
	}

	private static int mostInAnySecond(List<String> numbers, Map<String, JsonNode> calls) {
		List<Instant> times = received(numbers, calls);
		int most = 0;
		for (int i = 0, j = 0; i < times.size(); i++) {
			while (Duration.between(times.get(j), times.get(i)).compareTo(Duration.ofSeconds(1)) >= 0) {
				j++;
			}
			most = Math.max(most, i - j + 1);
		}
		return most;
	}

	private static Instant firstReceived(List<String> numbers, Map<String, JsonNode> calls) {
		return received(numbers, calls).get(0);
	}

	private static Instant lastReceived(List<String> numbers, Map<String, JsonNode> calls) {
		List<Instant> times = received(numbers, calls);
		return times.get(times.size() - 1);
	}

	private static List<Instant> received(List<String> numbers, Map<String, JsonNode> calls) {
		List<Instant> times = new ArrayList<>();
		numbers.forEach(number -> times.add(Instant.parse(calls.get(number).get("receivedAt").asString())));
		Collections.sort(times);
		return times;
	}

	/** 00:00–23:59 all week, or across midnight when London's clock is near its end. */
	private static String windowOpenNow() {
		LocalTime london = LocalTime.now(ZoneId.of("Europe/London"));
		boolean nearMidnight = london.getHour() == 23 || london.getHour() == 0;
		return "{\"start\":\"" + (nearMidnight ? "12:00" : "00:00") + "\",\"end\":\""
				+ (nearMidnight ? "11:59" : "23:59") + "\",\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\",\"SAT\",\"SUN\"]}";
	}

	/** London numbers (+44 20 7xxx xxxx) no other test of this run used. */
	private static List<String> numbers(int count) {
		List<String> numbers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			numbers.add(String.format(Locale.ROOT, "+44207%07d", 1_000_000 + NEXT_NUMBER.getAndIncrement()));
		}
		return numbers;
	}

	private String sandbox() {
		return "http://localhost:" + port + "/sandbox/polyai";
	}

}
