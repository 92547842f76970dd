package dev.campaigns.orchestrator.status;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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
 * Issue 7's polling benchmark ({@code bench/run polling}): polls per call and capture delay of
 * the adaptive plan against a fixed 10-second poller on the same 2,000 calls (the sandbox's
 * default mix: 70 % answered with 45 s ± 50 % of talk, no-answer, busy, failed). The fixed
 * poller is evaluated on the sandbox's true end times: it polls 10 s, 20 s, ... after the
 * trigger until a poll falls after the end. Dialect platform-v1, whose statuses tell ringing
 * from talking (outbound-calling-v1's "calling" covers both).
 */
@IntegrationTest
@Import(SimulatedTime.Config.class)
@TestPropertySource(properties = { "orchestrator.provider.dialect=platform-v1",
		"orchestrator.provider.account-id=acc", "orchestrator.provider.project-id=proj", "orchestrator.sandbox.seed=3", "orchestrator.dispatch.calls-per-second=1000",
		"orchestrator.dispatch.burst=1000", "orchestrator.dispatch.max-concurrent-calls=5000",
		"orchestrator.status.requests-per-second=1000", "orchestrator.status.batch-size=500" })
class PollingBenchmark {

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

	/** Polls per call and capture delays of one run. */
	record Run(double pollsPerCall, long p50, long p95, double fixedPollsPerCall, long fixedP50, long fixedP95) {
	}

	@Test
	void adaptivePollingAgainstAFixedTenSecondPoller() throws Exception {
		Run silent = run(false);
		Run reported = run(true);
		String report = String.format(Locale.ROOT, """
				# Polling benchmark

				2,000 calls per run, sandbox default mix, simulated time in 1 s steps.

				| poller | polls per call | capture delay p50 | capture delay p95 |
				|---|---:|---:|---:|
				| adaptive (this service), no agent reports | %.2f | %.1f s | %.1f s |
				| adaptive, the agent reporting each answered call (detection, then its last word) | %.2f | %.1f s | %.1f s |
				| fixed every 10 s | %.2f | %.1f s | %.1f s |

				Adaptive / fixed polls: %.0f %% (target at most 50 %%); adaptive capture delay p95 target: under 30 s.
				With the agent's reports: target at most 1.6 polls per call, p95 at most 30 s.
				""", silent.pollsPerCall(), silent.p50() / 1000.0, silent.p95() / 1000.0, reported.pollsPerCall(),
				reported.p50() / 1000.0, reported.p95() / 1000.0, silent.fixedPollsPerCall(), silent.fixedP50() / 1000.0,
				silent.fixedP95() / 1000.0, 100.0 * silent.pollsPerCall() / silent.fixedPollsPerCall());
		Path out = Path.of("target", "benchmarks", "polling.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		System.out.println(report);
	}

	private Run run(boolean agentReports) {
		jdbc.sql("delete from rate_limit").update();
		jdbc.sql("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')").update();
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_calls")).DELETE().build());
		String name = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		Api tenant = Api.at(port).keyFor(name, "campaigns:write", "reports:read");
		if (agentReports) {
			String key = Api.at(port).keyFor(name, "calls:report").authorization().substring("Bearer ".length());
			Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_agent"))
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"reportUrl\": \"http://localhost:" + port
						+ "/api/v1/calls/{callSid}/outcome\", \"apiKey\": \"" + key + "\"}"))
				.build());
		}
		String recipients = IntStream.range(0, CALLS)
			.mapToObj(i -> String.format("{\"phoneNumber\":\"+4420%08d\"}", (agentReports ? 75000000 : 74000000) + i))
			.collect(Collectors.joining(","));
		String id = json(tenant.post("/api/v1/campaigns", "{\"name\":\"polling\",\"retry\":{\"maxAttempts\":1},"
				+ "\"rateLimit\":{\"callsPerMinute\":60000,\"maxConcurrentCalls\":5000},\"recipients\":["
				+ recipients + "]}")).get("id").asString();
		try {
			SimulatedTime.run(clock, dispatcher, poller, Duration.ofSeconds(1), Duration.ofMinutes(30), now -> false,
					SimulatedTime.agentCaughtUp(sandbox(), Duration.ofSeconds(30)),
					() -> "COMPLETED".equals(json(tenant.get("/api/v1/campaigns/" + id)).get("status").asString()));
		}
		finally {
			Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_agent")).DELETE().build());
		}
		return measured(id);
	}

	private Run measured(String campaign) {
		Map<String, JsonNode> truth = new HashMap<>();
		json(Http.get(sandbox() + "/_calls")).forEach(call -> truth.put(call.get("callSid").asString(), call));
		List<Map<String, Object>> attempts = jdbc.sql("select call_sid, poll_count, triggered_at, ended_at, status"
				+ " from call_attempt where campaign_id = ?::uuid")
			.param(campaign)
			.query()
			.listOfRows();
		assertThat(attempts).hasSize(CALLS);
		List<Long> ourDelays = new ArrayList<>();
		List<Long> fixedDelays = new ArrayList<>();
		long ourPolls = 0;
		long fixedPolls = 0;
		for (Map<String, Object> attempt : attempts) {
			assertThat(attempt.get("status")).isNotEqualTo("STATUS_EXPIRED");
			JsonNode call = truth.get((String) attempt.get("call_sid"));
			Instant triggered = ((java.sql.Timestamp) attempt.get("triggered_at")).toInstant();
			Instant captured = ((java.sql.Timestamp) attempt.get("ended_at")).toInstant();
			Instant ended = Instant.parse(call.get("endedAt").asString());
			ourPolls += (Integer) attempt.get("poll_count");
			ourDelays.add(Duration.between(ended, captured).toMillis());
			long lifeMillis = Duration.between(triggered, ended).toMillis();
			long polls = Math.max(1, (lifeMillis + 9_999) / 10_000);
			fixedPolls += polls;
			fixedDelays.add(polls * 10_000 - lifeMillis);
		}
		return new Run((double) ourPolls / CALLS, percentile(ourDelays, 50), percentile(ourDelays, 95),
				(double) fixedPolls / CALLS, percentile(fixedDelays, 50), percentile(fixedDelays, 95));
	}

	private static long percentile(List<Long> values, int percentile) {
		List<Long> sorted = values.stream().sorted().toList();
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
	}

	private String sandbox() {
		return "http://localhost:" + port + "/sandbox/polyai";
	}

}
