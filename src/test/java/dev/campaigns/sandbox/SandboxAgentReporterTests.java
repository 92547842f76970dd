package dev.campaigns.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.campaigns.testsupport.MutableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.campaigns.sandbox.SandboxFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The sandbox's agent reports each answered call to the calling system over real HTTP, when
 * the sandbox clock says the agent has had its time, and tries a refused report again.
 */
class SandboxAgentReporterTests {

	/** What the calling system received: path, authorization and body of each report. */
	record Received(String path, @Nullable String authorization, JsonNode body) {
	}

	private static final Duration DETECTION_TIME = SandboxSettings.defaults().detectionTime();

	private final MutableClock clock = new MutableClock(START);

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	/** How many of the next reports are refused with a 503. */
	private final AtomicInteger refuseNext = new AtomicInteger();

	private HttpServer server;

	private AgentReporter reporter;

	@BeforeEach
	void aCallingSystem() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			boolean refuse = refuseNext.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
			if (!refuse) {
				received.add(new Received(exchange.getRequestURI().getPath(),
						exchange.getRequestHeaders().getFirst("Authorization"), SandboxJson.MAPPER.readTree(body)));
			}
			exchange.sendResponseHeaders(refuse ? 503 : 200, -1);
			exchange.close();
		});
		server.start();
	}

	@AfterEach
	void stop() {
		if (reporter != null) {
			reporter.close();
		}
		server.stop(0);
	}

	@Test
	void aVoicemailIsReportedWithItsResultAsTheAgentHangsUpOnTheSandboxClock() throws Exception {
		reporter = new AgentReporter(agent("PT4H"), DETECTION_TIME, clock);
		SandboxCall call = call("OUT-voicemail", Detection.VOICEMAIL, CallOutcome.ANSWERED);
		Instant answeredAt = call.timeline().answeredAt();
		assertThat(call.timeline().endedAt()).as("the agent hangs up once it has told").isEqualTo(answeredAt.plus(DETECTION_TIME));

		reporter.expect(call);
		clock.set(call.timeline().endedAt().minusMillis(1));
		reporter.reportDue();
		assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("not yet: the agent is still listening").isNull();

		clock.set(call.timeline().endedAt());
		Received report = received.poll(5, TimeUnit.SECONDS);

		assertThat(report).isNotNull();
		assertThat(report.path()).isEqualTo("/api/v1/calls/OUT-voicemail/outcome");
		assertThat(report.authorization()).isEqualTo("Bearer agent-key");
		assertThat(report.body().get("detection").asString()).isEqualTo("VOICEMAIL");
		assertThat(report.body().get("disposition").asString()).isEqualTo("voicemail_reached");
		assertThat(report.body().get("sequence").asInt()).isEqualTo(1);
		assertThat(report.body().get("retryAt").asString()).isEqualTo(answeredAt.plus(Duration.ofHours(4)).toString());
		awaitDelivery("OUT-voicemail", 200, 1);
		assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("one report only").isNull();
	}

	@Test
	void aPersonIsReportedOnceToldThenWithTheResultAsTheCallEndsAndNobodysCallNever() throws Exception {
		reporter = new AgentReporter(agent("PT4H"), DETECTION_TIME, clock);
		SandboxCall human = call("OUT-human", Detection.HUMAN, CallOutcome.ANSWERED);
		SandboxCall unanswered = call("OUT-nobody", Detection.HUMAN, CallOutcome.NO_ANSWER);

		reporter.expect(human);
		reporter.expect(unanswered);
		clock.set(human.timeline().answeredAt().plus(DETECTION_TIME));
		Received told = received.poll(5, TimeUnit.SECONDS);
		clock.set(human.timeline().endedAt());
		Received result = received.poll(5, TimeUnit.SECONDS);

		assertThat(told).isNotNull();
		assertThat(told.path()).isEqualTo("/api/v1/calls/OUT-human/outcome");
		assertThat(told.body().toString()).isEqualTo("{\"detection\":\"HUMAN\"}");
		assertThat(result).isNotNull();
		assertThat(result.body().get("detection").asString()).isEqualTo("HUMAN");
		assertThat(result.body().get("disposition").asString()).isEqualTo("message_delivered");
		assertThat(result.body().get("sequence").asInt()).isEqualTo(1);
		assertThat(result.body().get("retryAt").isNull()).isTrue();
		clock.set(unanswered.timeline().endedAt().plus(Duration.ofHours(1)));
		assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
		assertThat(reporter.deliveryOf("OUT-nobody")).isEmpty();
	}

	@Test
	void aReportRefusedByTheServerIsTriedAgainLater() throws Exception {
		reporter = new AgentReporter(agent(null), DETECTION_TIME, clock);
		refuseNext.set(2);
		SandboxCall call = call("OUT-retried", Detection.NOT_IN_SERVICE, CallOutcome.ANSWERED);

		reporter.expect(call);
		Instant refusedAt = call.timeline().endedAt();
		clock.set(refusedAt);
		awaitDelivery("OUT-retried", 503, 1);
		// each retry waits its own step on the sandbox clock after the refusal: 2 s, then 4 s
		clock.set(refusedAt.plusMillis(1_999));
		reporter.reportDue();
		assertThat(reporter.deliveryOf("OUT-retried").orElseThrow().attempts()).isEqualTo(1);
		Instant refusedAgainAt = refusedAt.plusSeconds(2);
		clock.set(refusedAgainAt);
		awaitDelivery("OUT-retried", 503, 2);
		clock.set(refusedAgainAt.plusSeconds(4));

		Received report = received.poll(5, TimeUnit.SECONDS);
		assertThat(report).isNotNull();
		assertThat(report.body().get("detection").asString()).isEqualTo("NOT_IN_SERVICE");
		awaitDelivery("OUT-retried", 200, 3);
	}

	@Test
	void noReportUrlMeansNoAgentAndAReportUrlNeedsAKeyAndAPlaceForTheCallId() {
		reporter = new AgentReporter(AgentSettings.none(), DETECTION_TIME, clock);
		reporter.expect(call("OUT-quiet", Detection.HUMAN, CallOutcome.ANSWERED));
		clock.set(START.plus(Duration.ofHours(1)));
		reporter.reportDue();
		assertThat(reporter.deliveryOf("OUT-quiet")).isEmpty();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AgentSettings("http://x/api/v1/calls/{callSid}/outcome", null, null))
			.withMessageContaining("api-key");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AgentSettings("http://x/api/v1/calls/outcome", "k", null))
			.withMessageContaining("{callSid}");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AgentSettings("file:///calls/{callSid}", "k", null))
			.withMessageContaining("http(s)");
	}

	private AgentSettings agent(@Nullable String voicemailRetryAfter) {
		return new AgentSettings(
				"http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/calls/{callSid}/outcome", "agent-key",
				(voicemailRetryAfter != null) ? Duration.parse(voicemailRetryAfter) : null);
	}

	private static SandboxCall call(String callSid, Detection detection, CallOutcome outcome) {
		CallTimeline timeline = new CallPlanner(SandboxSettings.defaults()).plan(START, outcome, 1.0, detection);
		return new SandboxCall(callSid, Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, "/v1/outbound-calling",
				"fingerprint", new CallRequest("+14155550123", null, "+14155550123", Map.of(), "none", null, null), timeline);
	}

	private void awaitDelivery(String callSid, int status, int attempts) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadline) {
			AgentReporter.Delivery delivery = reporter.deliveryOf(callSid).orElse(null);
			if (delivery != null && delivery.httpStatus() != null && delivery.httpStatus() == status
					&& delivery.attempts() == attempts) {
				return;
			}
			Thread.sleep(20);
		}
		assertThat(reporter.deliveryOf(callSid)).as("the report of " + callSid)
			.contains(new AgentReporter.Delivery(attempts, status, null));
	}

}
