package dev.campaigns.orchestrator.status;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 30: every call reaches a final recorded state by its retention deadline, whatever the
 * provider answers about it, while the calls beside it are captured as usual. On simulated
 * time, against the in-process sandbox, with a provider that keeps statuses three minutes.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@Import(SimulatedTime.Config.class)
@TestPropertySource(properties = { "orchestrator.provider.status-retention=PT3M", "orchestrator.sandbox.retention=PT3M",
		"orchestrator.sandbox.outcomes.answered=1", "orchestrator.dispatch.calls-per-second=1000",
		"orchestrator.dispatch.burst=1000", "orchestrator.status.requests-per-second=1000" })
class StatusCaptureIntegrationTests {

	static final Duration RETENTION = Duration.ofMinutes(3);

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
	void callsWhoseProviderNeverAnswersAFinalStatusEndExpiredAtTheirRetentionDeadlineWithTheLastAnswerKept(
			CapturedOutput output) {
		StatusCaptureFixtures.freshStart(sandbox(), jdbc);
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		onStatusOf(sandbox(), "+442079460101", "\"kind\":\"HTTP_STATUS\",\"httpStatus\":410");
		onStatusOf(sandbox(), "+442079460102", "\"kind\":\"HTTP_STATUS\",\"httpStatus\":400");
		onStatusOf(sandbox(), "+442079460103", "\"kind\":\"HTTP_STATUS\",\"httpStatus\":503");
		onStatusOf(sandbox(), "+442079460104", "\"kind\":\"STATUS_TEXT\",\"statusText\":\"garbage \u2603\"");
		onStatusOf(sandbox(), "+442079460105", "\"kind\":\"STATUS_TEXT\",\"statusText\":\"\\u0000\"");
		onStatusOf(sandbox(), "+442079460106", "\"kind\":\"STATUS_TEXT\",\"statusText\":\"\"");
		onStatusOf(sandbox(), "+442079460107", "\"kind\":\"NO_STATUS\"");
		double unreadable = expired("unreadable");
		double noFinalStatus = expired("no-final-status");
		String odd = campaign(tenant, "odd answers", "+442079460101", "+442079460102", "+442079460103",
				"+442079460104", "+442079460105", "+442079460106", "+442079460107", "+442079460108");

		// until the healthy call beside them is captured, then a call triggered while they are still polled
		run(() -> "FINAL".equals(attemptsByNumber(jdbc, odd).getOrDefault("+442079460108", Map.of()).get("phase")));
		String later = campaign(tenant, "afterwards", "+442079460109");
		run(() -> completed(tenant, odd) && completed(tenant, later));

		Map<String, Map<String, Object>> attempts = attemptsByNumber(jdbc, odd);
		assertThat(attempts.get("+442079460108")).containsEntry("status", "COMPLETED")
			.containsEntry("raw_status", "success");
		assertThat(attemptsByNumber(jdbc, later).get("+442079460109")).containsEntry("status", "COMPLETED")
			.containsEntry("raw_status", "success");
		expiredAtTheDeadline(attempts.get("+442079460101"), null, "HTTP 410");
		expiredAtTheDeadline(attempts.get("+442079460102"), null, "HTTP 400");
		expiredAtTheDeadline(attempts.get("+442079460103"), null, "HTTP 503");
		expiredAtTheDeadline(attempts.get("+442079460104"), "garbage \u2603", null);
		expiredAtTheDeadline(attempts.get("+442079460105"), "\uFFFD", null);
		expiredAtTheDeadline(attempts.get("+442079460106"), "", null);
		expiredAtTheDeadline(attempts.get("+442079460107"), null, "status answer without a status");
		assertThat(expired("unreadable") - unreadable).isEqualTo(4);
		assertThat(expired("no-final-status") - noFinalStatus).isEqualTo(3);
		assertThat(output.getAll()).contains("Call " + attempts.get("+442079460101").get("call_sid")
				+ " reached its retention deadline without a final status (unreadable)")
			.doesNotContain("2079460101", "2079460105");
	}

	private void expiredAtTheDeadline(Map<String, Object> attempt, String rawStatus, String errorStart) {
		Instant triggered = instant(attempt, "triggered_at");
		assertThat(attempt).containsEntry("phase", "FINAL")
			.containsEntry("status", "STATUS_EXPIRED")
			.containsEntry("outcome", "STATUS_EXPIRED")
			.containsEntry("raw_status", rawStatus);
		// never moved by what the provider said; ended by the poll at the deadline (on the simulation's next second)
		Instant deadline = instant(attempt, "retention_deadline");
		assertThat(deadline).isEqualTo(triggered.plus(RETENTION));
		assertThat(instant(attempt, "ended_at")).isBetween(deadline, deadline.plusSeconds(1));
		if (errorStart == null) {
			assertThat(attempt.get("error")).isNull();
		}
		else {
			assertThat((String) attempt.get("error")).startsWith(errorStart);
		}
	}

	private double expired(String reason) {
		return meters.counter("orchestrator.status.expired", "reason", reason).count();
	}

	private void run(java.util.function.BooleanSupplier done) {
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
