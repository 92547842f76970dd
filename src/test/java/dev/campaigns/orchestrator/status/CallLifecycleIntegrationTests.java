package dev.campaigns.orchestrator.status;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** From ingest to every final status, on simulated time, against the in-process sandbox. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@Import(SimulatedTime.Config.class)
@TestPropertySource(properties = { "orchestrator.dispatch.calls-per-second=1000", "orchestrator.dispatch.burst=1000",
		"orchestrator.status.requests-per-second=1000", "orchestrator.sandbox.seed=7" })
class CallLifecycleIntegrationTests {

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
	void everyCallEndsWithItsTrueFinalStatusAndTheCampaignCompletes(CapturedOutput output) {
		// simulated time restarts in every context: buckets refreshed in another test's future would starve this one
		jdbc.sql("delete from rate_limit").update();
		jdbc.sql("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')").update();
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_calls")).DELETE().build());
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		String recipients = IntStream.range(0, 40)
			.mapToObj(i -> String.format("{\"phoneNumber\":\"+4420%08d\"}", 72000000 + i))
			.collect(Collectors.joining(","));
		String id = json(tenant.post("/api/v1/campaigns", "{\"name\":\"lifecycle\",\"retry\":{\"maxAttempts\":2,"
				+ "\"backoff\":\"PT1M\"},\"rateLimit\":{\"callsPerMinute\":6000,\"maxConcurrentCalls\":100},"
				+ "\"recipients\":[" + recipients + "]}")).get("id").asString();

		SimulatedTime.run(clock, dispatcher, poller, Duration.ofSeconds(1), Duration.ofMinutes(30), now -> false,
				() -> "COMPLETED".equals(json(tenant.get("/api/v1/campaigns/" + id)).get("status").asString()));

		JsonNode campaign = json(tenant.get("/api/v1/campaigns/" + id));
		assertThat(campaign.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(campaign.at("/counts/done").asInt()).isEqualTo(40);
		assertThat(campaign.at("/counts/byOutcome/STATUS_EXPIRED").asInt()).isZero();
		assertThat(campaign.at("/counts/byOutcome/COMPLETED").asInt()).isPositive();

		// every attempt's final status is the sandbox's own
		Map<String, String> truth = new HashMap<>();
		json(Http.get(sandbox() + "/_calls")).forEach(call -> truth.put(call.get("callSid").asString(),
				call.get("status").asString()));
		List<Map<String, Object>> attempts = jdbc.sql("select a.call_sid, a.raw_status, a.phase, r.attempts"
				+ " from call_attempt a join recipient r on r.id = a.recipient_id where r.campaign_id = ?::uuid")
			.param(id)
			.query()
			.listOfRows();
		assertThat(attempts).allSatisfy(attempt -> {
			assertThat(attempt.get("phase")).isEqualTo("FINAL");
			assertThat(attempt.get("raw_status")).isEqualTo(truth.get((String) attempt.get("call_sid")));
		});
		// failures ("failure": not answered, busy or failed) were called twice, successes once
		assertThat(attempts).hasSize(truth.size());
		assertThat(attempts).filteredOn(attempt -> "failure".equals(attempt.get("raw_status")))
			.isNotEmpty()
			.allSatisfy(attempt -> assertThat((Integer) attempt.get("attempts")).isEqualTo(2));

		// every recipient's trail tells its story: planned, each call placed, a retry planned after each
		// failure but the last, finished with its outcome
		json(tenant.get("/api/v1/campaigns/" + id + "/recipients?size=100")).get("items").forEach(recipient -> {
			JsonNode trail = json(tenant.get("/api/v1/campaigns/" + id + "/recipients/" + recipient.get("id").asLong()))
				.get("history");
			List<String> expected = new java.util.ArrayList<>(List.of("PLANNED"));
			for (int attempt = 1; attempt <= recipient.get("attempts").asInt(); attempt++) {
				expected.add("PLACED");
				expected.add(attempt < recipient.get("attempts").asInt() ? "RETRY_PLANNED" : "FINISHED");
			}
			assertThat(trail.findValuesAsString("decision")).as(trail.toString()).isEqualTo(expected);
			assertThat(trail.get(trail.size() - 1).get("reason").asString())
				.isEqualTo(recipient.get("outcome").asString());
		});

		String callSid = (String) attempts.get(0).get("call_sid");
		JsonNode call = json(tenant.get("/api/v1/calls/" + callSid));
		assertThat(call.get("callSid").asString()).isEqualTo(callSid);
		assertThat(call.get("history").size()).isGreaterThanOrEqualTo(2);
		// the trigger's answer carries no status in this dialect; the first poll's does
		assertThat(call.at("/history/0/status").asString()).isEqualTo("QUEUED");
		assertThat(call.at("/history/0/rawStatus").isNull()).isTrue();
		JsonNode history = call.get("history");
		assertThat(history.get(history.size() - 1).get("rawStatus").asString())
			.isEqualTo(attempts.get(0).get("raw_status"));
		for (int i = 1; i < history.size(); i++) {
			assertThat(history.get(i).get("rawStatus").asString()).isIn("queued", "calling", "success", "failure");
			assertThat(history.get(i).get("observedAt").asString())
				.isGreaterThanOrEqualTo(history.get(i - 1).get("observedAt").asString());
		}
		assertThat(Api.at(port).newTenant("reports:read").get("/api/v1/calls/" + callSid).statusCode())
			.isEqualTo(404);

		// phone numbers are personal data: no log line of the whole run carries one, in any spelling
		String logs = output.getAll();
		assertThat(logs).contains("Campaign Orchestrator is ready", "HikariPool");
		IntStream.range(0, 40).forEach(i -> {
			String national = String.format("%08d", 72000000 + i);
			assertThat(logs).doesNotContain("4420" + national).doesNotContain("020" + national)
				.doesNotContain("20 " + national.substring(0, 4) + " " + national.substring(4));
		});
	}

	private String sandbox() {
		return "http://localhost:" + port + "/sandbox/polyai";
	}

}
