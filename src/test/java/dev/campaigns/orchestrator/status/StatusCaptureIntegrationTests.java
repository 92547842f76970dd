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
import org.awaitility.Awaitility;
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
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Issue 30: every call reaches a final recorded state by its retention deadline, whatever the
 * provider answers about it, while the calls beside it are captured as usual; one call's
 * answer that cannot be recorded, or never comes, costs the others nothing. On simulated
 * time, against the in-process sandbox, with a provider that keeps statuses three minutes.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@Import({ SimulatedTime.Config.class, StatusCaptureFixtures.HeldAnswersConfig.class })
@TestPropertySource(properties = { "orchestrator.provider.status-retention=PT3M", "orchestrator.status.first-poll=10s", "orchestrator.sandbox.retention=PT3M",
		"orchestrator.sandbox.outcomes.answered=1", "orchestrator.dispatch.calls-per-second=1000",
		"orchestrator.dispatch.burst=1000", "orchestrator.status.requests-per-second=1000",
		"orchestrator.provider.connect-timeout=500ms", "orchestrator.provider.response-timeout=2s" })
class StatusCaptureIntegrationTests {

	static final Duration RETENTION = Duration.ofMinutes(3);

	static final Duration LEASE = Duration.ofMinutes(1);

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

	@Autowired
	StatusCaptureFixtures.HeldAnswers held;

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

	@Test
	void aCallWhoseStatusCannotBeRecordedIsPolledAgainLaterWhileTheRestOfItsBatchIsRecorded(CapturedOutput output) {
		StatusCaptureFixtures.freshStart(sandbox(), jdbc);
		Api tenant = Api.at(port).newTenant("campaigns:write");
		onStatusOf(sandbox(), "+442079460111", "\"kind\":\"STATUS_TEXT\",\"statusText\":\"unstorable\"");
		double failures = meters.counter("orchestrator.status.record.failures").count();
		// any one row the database refuses, as it once refused a NUL byte
		jdbc.sql("""
				create or replace function refuse_unstorable() returns trigger language plpgsql as $$
				begin
				    if new.phase = 'ACTIVE' and new.raw_status = 'unstorable' then
				        raise exception 'unstorable status';
				    end if;
				    return new;
				end $$""").update();
		jdbc.sql("create trigger refuse_unstorable before update on call_attempt for each row"
				+ " execute function refuse_unstorable()").update();
		try {
			String id = campaign(tenant, "one bad row", "+442079460111", "+442079460112", "+442079460113");

			run(() -> completed(tenant, id));

			Map<String, Map<String, Object>> attempts = attemptsByNumber(jdbc, id);
			assertThat(attempts.get("+442079460112")).containsEntry("status", "COMPLETED");
			assertThat(attempts.get("+442079460113")).containsEntry("status", "COMPLETED");
			Map<String, Object> bad = attempts.get("+442079460111");
			assertThat(bad).containsEntry("status", "STATUS_EXPIRED").containsEntry("raw_status", "unstorable");
			// polled again each time its lease ended; the first poll at or after the deadline ended it
			Instant deadline = instant(bad, "retention_deadline");
			assertThat(instant(bad, "ended_at")).isBetween(deadline, deadline.plus(LEASE).plusSeconds(1));
			assertThat(meters.counter("orchestrator.status.record.failures").count() - failures)
				.isGreaterThanOrEqualTo(3);
			assertThat(output.getAll()).contains("The status of call " + bad.get("call_sid") + " could not be recorded")
				.doesNotContain("2079460111");
		}
		finally {
			jdbc.sql("drop trigger refuse_unstorable on call_attempt").update();
			jdbc.sql("drop function refuse_unstorable()").update();
		}
	}

	@Test
	void aStatusAnswerThatNeverComesIsWaitedForAtMostTheProvidersDeadlinesAndReadAgainLater() {
		StatusCaptureFixtures.freshStart(sandbox(), jdbc);
		Api tenant = Api.at(port).newTenant("campaigns:write");
		String id = campaign(tenant, "a hung answer", "+442079460121", "+442079460122");
		String hung = callSidOnceBothActive(id, "+442079460121");
		held.hold(hung);
		try {
			// both calls' first poll is due
			Instant firstPoll = firstPollOfBoth(id);

			// (0.5 s connect + 2 s whole exchange) x 3 attempts + 2 s: 9.5 s
			assertTimeoutPreemptively(Duration.ofSeconds(30), () -> poller.pollDue(firstPoll));

			Map<String, Map<String, Object>> attempts = attemptsByNumber(jdbc, id);
			assertThat(attempts.get("+442079460121")).containsEntry("error", "no status answer within PT9.5S")
				.containsEntry("poll_count", 1)
				.containsEntry("phase", "ACTIVE");
			assertThat(instant(attempts.get("+442079460121"), "next_poll_at")).isEqualTo(firstPoll.plusSeconds(5));
			assertThat(attempts.get("+442079460122")).containsEntry("poll_count", 1).containsEntry("error", null);
		}
		finally {
			held.release(hung);
		}
		run(() -> completed(tenant, id));
		assertThat(attemptsByNumber(jdbc, id).values()).allSatisfy(attempt -> assertThat(attempt)
			.containsEntry("status", "COMPLETED")
			.containsEntry("error", null));
	}

	@Test
	void theLoopsRoundWaitsForNoAnswerAndEachAnswerIsRecordedWhenItComes() {
		StatusCaptureFixtures.freshStart(sandbox(), jdbc);
		Api tenant = Api.at(port).newTenant("campaigns:write");
		String id = campaign(tenant, "one answer held", "+442079460131", "+442079460132");
		String hung = callSidOnceBothActive(id, "+442079460131");
		held.hold(hung);
		try {
			Instant firstPoll = firstPollOfBoth(id);

			Duration pause = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> poller.pollNext(firstPoll));

			assertThat(pause).isZero();
			// the other call's answer is recorded while the held one is still out
			Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
					attemptsByNumber(jdbc, id).get("+442079460132")).containsEntry("poll_count", 1));
			assertThat(attemptsByNumber(jdbc, id).get("+442079460131")).containsEntry("poll_count", 0);
		}
		finally {
			held.release(hung);
		}
		poller.awaitInFlight(Duration.ofSeconds(10));
		assertThat(attemptsByNumber(jdbc, id).get("+442079460131")).containsEntry("poll_count", 1)
			.containsEntry("error", null);
	}

	/** Runs the campaign's two calls until both are in progress; answers the call id of {@code number}'s. */
	private String callSidOnceBothActive(String campaign, String number) {
		run(() -> attemptsByNumber(jdbc, campaign).values().stream()
			.filter(attempt -> "ACTIVE".equals(attempt.get("phase")))
			.count() == 2);
		return (String) attemptsByNumber(jdbc, campaign).get(number).get("call_sid");
	}

	/** Sets the clock to when both calls' first poll is due, and answers it. */
	private Instant firstPollOfBoth(String campaign) {
		Instant firstPoll = attemptsByNumber(jdbc, campaign).values().stream()
			.map(attempt -> instant(attempt, "triggered_at").plusSeconds(10))
			.max(Instant::compareTo)
			.orElseThrow();
		clock.set(firstPoll);
		return firstPoll;
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
