package dev.campaigns.orchestrator.status;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
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
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7's proof: the provider forgets a status 60 s after the call ends, 2,000 calls of
 * mixed lengths are in progress, and the poller is down for three minutes in the middle.
 * Every call must still end with its true final status, none expired.
 */
@IntegrationTest
@Import(SimulatedTime.Config.class)
@TestPropertySource(properties = { "orchestrator.sandbox.retention=PT60S", "orchestrator.provider.status-retention=PT60S",
		"orchestrator.sandbox.talk-time=PT8M", "orchestrator.sandbox.talk-time-jitter=0.5",
		"orchestrator.sandbox.seed=11", "orchestrator.dispatch.calls-per-second=1000",
		"orchestrator.dispatch.burst=1000", "orchestrator.dispatch.max-concurrent-calls=5000",
		"orchestrator.status.requests-per-second=200", "orchestrator.status.batch-size=200" })
class PollerOutageIntegrationTests {

	static final int CALLS = 2000;

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
	void everyFinalStatusIsCapturedDespiteAThreeMinuteOutageAndAOneMinuteRetention() {
		// simulated time restarts in every context: buckets refreshed in another test's future would starve this one
		jdbc.sql("delete from rate_limit").update();
		jdbc.sql("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')").update();
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_calls")).DELETE().build());
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		String recipients = IntStream.range(0, CALLS)
			.mapToObj(i -> String.format("{\"phoneNumber\":\"+4420%08d\"}", 73000000 + i))
			.collect(Collectors.joining(","));
		String id = json(tenant.post("/api/v1/campaigns", "{\"name\":\"outage\",\"retry\":{\"maxAttempts\":1},"
				+ "\"rateLimit\":{\"callsPerMinute\":60000,\"maxConcurrentCalls\":5000},\"recipients\":["
				+ recipients + "]}")).get("id").asString();
		Instant start = clock.instant();
		Instant outageFrom = start.plus(Duration.ofMinutes(1));
		Instant outageUntil = outageFrom.plus(Duration.ofMinutes(3));

		SimulatedTime.run(clock, dispatcher, poller, Duration.ofSeconds(1), Duration.ofMinutes(30),
				now -> !now.isBefore(outageFrom) && now.isBefore(outageUntil),
				() -> clock.instant().isAfter(outageUntil) && "COMPLETED"
					.equals(json(tenant.get("/api/v1/campaigns/" + id)).get("status").asString()));

		Map<String, String> truth = new HashMap<>();
		json(Http.get(sandbox() + "/_calls")).forEach(call -> truth.put(call.get("callSid").asString(),
				call.get("status").asString()));
		List<Map<String, Object>> attempts = jdbc.sql("select a.call_sid, a.raw_status, a.status, a.poll_count"
				+ " from call_attempt a where a.campaign_id = ?::uuid")
			.param(id)
			.query()
			.listOfRows();
		assertThat(attempts).hasSize(CALLS);
		assertThat(truth).hasSize(CALLS);
		assertThat(attempts).noneSatisfy(attempt -> assertThat(attempt.get("status")).isEqualTo("STATUS_EXPIRED"));
		assertThat(attempts).allSatisfy(
				attempt -> assertThat(attempt.get("raw_status")).isEqualTo(truth.get((String) attempt.get("call_sid"))));
		double pollsPerCall = attempts.stream().mapToInt(attempt -> (Integer) attempt.get("poll_count")).average()
			.orElseThrow();
		System.out.printf("Outage test: %d calls, %.2f polls per call%n", CALLS, pollsPerCall);
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).get("status").asString()).isEqualTo("COMPLETED");
	}

	private String sandbox() {
		return "http://localhost:" + port + "/sandbox/polyai";
	}

}
