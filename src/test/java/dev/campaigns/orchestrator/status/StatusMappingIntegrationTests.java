package dev.campaigns.orchestrator.status;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
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

import static dev.campaigns.orchestrator.status.StatusCaptureFixtures.attemptsByNumber;
import static dev.campaigns.orchestrator.status.StatusCaptureFixtures.campaign;
import static dev.campaigns.orchestrator.status.StatusCaptureFixtures.completed;
import static dev.campaigns.orchestrator.status.StatusCaptureFixtures.onStatusOf;
import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 25: status strings the dialect does not document end calls with an outcome when they are
 * mapped, by {@code orchestrator.provider.status-mapping} on the default connection or by a
 * stored connection's {@code statusMapping} on that one only; an unmapped string that outlasts
 * a call is reported once (metric, warning, one trail line) and the call is polled to its
 * deadline as before. Each answer's body is kept and shown in the call view. Against the
 * in-process sandbox answering the agents' own codes, on simulated time.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@Import(SimulatedTime.Config.class)
@TestPropertySource(properties = { "orchestrator.provider.status-retention=PT3M", "orchestrator.status.first-poll=10s", "orchestrator.sandbox.retention=PT3M",
		"orchestrator.sandbox.outcomes.answered=1", "orchestrator.dispatch.calls-per-second=1000",
		"orchestrator.dispatch.burst=1000", "orchestrator.status.requests-per-second=1000",
		"orchestrator.sandbox.auth-token=test-token", "orchestrator.provider.status-mapping.voicemail.status=NO_ANSWER",
		"orchestrator.provider.status-mapping.voicemail.final=true",
		"orchestrator.provider.status-mapping[agent.transfer].status=IN_PROGRESS" })
class StatusMappingIntegrationTests {

	static final String CONNECTIONS = "/api/v1/provider-connections";

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

	@Autowired
	MeterRegistry meters;

	@Test
	void mappedStringsEndCallsWithTheirOutcomeOnTheirOwnConnectionAndAStaleUnmappedOneIsReportedOnce(
			CapturedOutput output) {
		StatusCaptureFixtures.freshStart(sandbox(), jdbc);
		Api tenant = Api.at(port).newTenant("admin", "campaigns:write", "reports:read");
		UUID agents = connection(tenant, "agents' codes", """
				{"agent-voicemail": {"status": "BUSY"}}""");
		// the default connection maps voicemail; the stored one maps agent-voicemail: neither maps the other's
		onStatusOf(sandbox(), "+442079460301", "\"kind\":\"STATUS_TEXT\",\"statusText\":\"voicemail\"");
		onStatusOf(sandbox(), "+442079460302", "\"kind\":\"STATUS_TEXT\",\"statusText\":\"agent-voicemail\"");
		onStatusOf(sandbox(), "+442079460303", "\"kind\":\"STATUS_TEXT\",\"statusText\":\"agent-voicemail\"");
		onStatusOf(sandbox(), "+442079460304", "\"kind\":\"STATUS_TEXT\",\"statusText\":\"voicemail\"");
		double unmappedOnDefault = unmapped("default");
		double unmappedOnAgents = unmapped("connection-" + agents);
		String id = campaign(tenant, "agents' own codes", "+442079460301", "+442079460302", "+442079460303",
				"+442079460304");
		triggered(id, 4);
		placedOn(agents, id, "+442079460302", "+442079460304");

		run(() -> completed(tenant, id));

		Map<String, Map<String, Object>> attempts = attemptsByNumber(jdbc, id);
		endedAtTheFirstPollThatSawIt(tenant, attempts.get("+442079460301"), "NO_ANSWER", "voicemail");
		endedAtTheFirstPollThatSawIt(tenant, attempts.get("+442079460302"), "BUSY", "agent-voicemail");
		for (String number : List.of("+442079460303", "+442079460304")) {
			Map<String, Object> attempt = attempts.get(number);
			assertThat(attempt).containsEntry("status", "STATUS_EXPIRED").containsEntry("outcome", "STATUS_EXPIRED");
			assertThat(trail(tenant, attempt)).as("one trail line").singleElement().satisfies(line -> {
				assertThat(line.get("reason").asString()).isEqualTo("UNMAPPED_STATUS");
				assertThat(line.get("callSid").asString()).isEqualTo(attempt.get("call_sid"));
				assertThat(line.get("detail").asString()).contains("'" + attempt.get("raw_status") + "'");
			});
		}
		assertThat(detail(attempts.get("+442079460303"))).contains("orchestrator.provider.status-mapping")
			.contains("{\"agent-voicemail\": {\"status\": \"NO_ANSWER\"}}");
		assertThat(detail(attempts.get("+442079460304"))).contains("the statusMapping of provider connection " + agents);
		// reported once each, though polled on for minutes after
		assertThat(unmapped("default") - unmappedOnDefault).isEqualTo(1);
		assertThat(unmapped("connection-" + agents) - unmappedOnAgents).isEqualTo(1);
		assertThat(output.getAll()).contains("Call " + attempts.get("+442079460303").get("call_sid")
				+ " has answered 'agent-voicemail' since").doesNotContain("2079460303");
	}

	@Test
	void theCallViewShowsTheProvidersLastAnswer() {
		StatusCaptureFixtures.freshStart(sandbox(), jdbc);
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		onStatusOf(sandbox(), "+442079460311", "\"kind\":\"STATUS_TEXT\",\"statusText\":\"agent.transfer\"");
		String id = campaign(tenant, "answers kept", "+442079460311", "+442079460312");

		run(() -> "FINAL".equals(attemptsByNumber(jdbc, id).getOrDefault("+442079460312", Map.of()).get("phase"))
				&& "IN_PROGRESS".equals(attemptsByNumber(jdbc, id).getOrDefault("+442079460311", Map.of()).get("status")));

		Map<String, Map<String, Object>> attempts = attemptsByNumber(jdbc, id);
		JsonNode ended = json(tenant.get("/api/v1/calls/" + attempts.get("+442079460312").get("call_sid")));
		assertThat(ended.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(ended.get("providerAnswer").get("body").asString()).contains("\"status\":\"success\"")
			.contains((String) attempts.get("+442079460312").get("call_sid"));
		assertThat(ended.get("providerAnswer").get("durationSeconds").isNull()).isTrue();
		// a mapped live string is polled as live, its answer kept at each poll
		JsonNode live = json(tenant.get("/api/v1/calls/" + attempts.get("+442079460311").get("call_sid")));
		assertThat(live.get("rawStatus").asString()).isEqualTo("agent.transfer");
		assertThat(live.get("providerAnswer").get("body").asString()).contains("\"status\":\"agent.transfer\"");
	}

	private void endedAtTheFirstPollThatSawIt(Api tenant, Map<String, Object> attempt, String status, String raw) {
		assertThat(attempt).containsEntry("phase", "FINAL")
			.containsEntry("status", status)
			.containsEntry("outcome", status)
			.containsEntry("raw_status", raw)
			.containsEntry("poll_count", 1);
		Instant firstPoll = instant(attempt, "triggered_at").plusSeconds(10);
		assertThat(instant(attempt, "ended_at")).isBetween(firstPoll, firstPoll.plusSeconds(1));
		assertThat(trail(tenant, attempt)).isEmpty();
	}

	/** The recipient's OBSERVED trail lines, as its tenant reads them. */
	private List<JsonNode> trail(Api tenant, Map<String, Object> attempt) {
		Map<String, Object> recipient = jdbc.sql("""
				select r.id, r.campaign_id from recipient r join call_attempt a on a.recipient_id = r.id
				where a.call_sid = ?""").param(attempt.get("call_sid")).query().singleRow();
		JsonNode view = json(tenant.get("/api/v1/campaigns/" + recipient.get("campaign_id") + "/recipients/"
				+ recipient.get("id")));
		List<JsonNode> lines = new ArrayList<>();
		view.get("history").forEach(line -> {
			if ("OBSERVED".equals(line.get("decision").asString())) {
				lines.add(line);
			}
		});
		return lines;
	}

	private String detail(Map<String, Object> attempt) {
		return jdbc.sql("select detail from recipient_event where call_sid = ? and decision = 'OBSERVED'")
			.param(attempt.get("call_sid"))
			.query(String.class)
			.single();
	}

	private double unmapped(String connection) {
		return meters.counter("orchestrator.status.unmapped", "connection", connection).count();
	}

	/** A stored connection of {@code tenant} to the in-process sandbox, with a status mapping. */
	private UUID connection(Api tenant, String name, String statusMapping) {
		var created = tenant.post(CONNECTIONS, """
				{"name":"%s","dialect":"outbound-calling-v1","baseUrl":"%s","credential":"test-token",
				 "statusRequestsPerSecond":500,"statusMapping":%s}""".formatted(name, sandbox(), statusMapping));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return UUID.fromString(json(created).get("id").asString());
	}

	/** Runs the dispatcher until the campaign's calls are all placed, before their first poll. */
	private void triggered(String campaign, int calls) {
		run(() -> attemptsByNumber(jdbc, campaign).values().stream()
			.filter(attempt -> "ACTIVE".equals(attempt.get("phase")))
			.count() == calls);
	}

	/** The calls to these numbers were placed on {@code connection}, as the dispatcher records it. */
	private void placedOn(UUID connection, String campaign, String... numbers) {
		jdbc.sql("""
				update call_attempt a set connection_id = :connection
				from recipient r
				where r.id = a.recipient_id and a.campaign_id = cast(:campaign as uuid)
				  and r.phone_number = any(cast(:numbers as text[]))
				""")
			.param("connection", connection)
			.param("campaign", campaign)
			.param("numbers", numbers)
			.update();
	}

	private void run(BooleanSupplier done) {
		SimulatedTime.run(clock, dispatcher, poller, Duration.ofSeconds(1), Duration.ofMinutes(10), now -> false, done);
		assertThat(done.getAsBoolean()).as("done within 10 simulated minutes").isTrue();
	}

	private static Instant instant(Map<String, Object> row, String column) {
		return ((Timestamp) row.get(column)).toInstant();
	}

	private String sandbox() {
		return "http://localhost:" + port + "/sandbox/polyai";
	}

}
