package dev.campaigns.orchestrator.status.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.campaigns.orchestrator.status.PollSettings;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue #26: the poller's needs are computed from the calls in progress and set against the
 * budget; a budget that cannot keep up is a health and metric signal. Measured as differences,
 * since other tests' calls share the database (polling is off in tests, so nothing moves them).
 */
@IntegrationTest
class StatusNeedsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StatusBudgets budgets;

	@Autowired
	PollSettings settings;

	String campaign;

	@AfterEach
	void finishIt() {
		jdbc.sql("update call_attempt set phase = 'FINAL', next_poll_at = null where campaign_id = cast(? as uuid)")
			.param(campaign)
			.update();
		jdbc.sql("update campaign set status = 'CANCELLED' where id = cast(? as uuid)").param(campaign).update();
	}

	@Test
	void overdueAndUpcomingPollsAreTheNeedAndALongWaitPutsCaptureAtRisk() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(1));
		MutableClock clock = new MutableClock(now);
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StatusNeeds needs = new StatusNeeds(jdbc, budgets, settings, clock, meters);
		StatusNeeds.Snapshot before = needs.now();
		campaign = pausedCampaign();

		// 30 overdue by 5 minutes, 60 planned within the minute, 20 never polled: due at their first poll, in 25 s
		calls(30, now.minus(Duration.ofMinutes(10)), now.minus(Duration.ofMinutes(5)), true);
		calls(60, now.minus(Duration.ofMinutes(1)), now.plusSeconds(30), true);
		calls(20, now.minusSeconds(5), now.minusSeconds(5), false);
		assertThat(needs.now()).as("computed again only when older than 10 s").isSameAs(before);
		clock.advance(StatusNeeds.FRESHNESS.plusSeconds(1));
		StatusNeeds.Snapshot after = needs.now();

		assertThat(after.overdue() - before.overdue()).isEqualTo(30);
		assertThat(after.neededPerSecond() - before.neededPerSecond()).isCloseTo(110 / 60.0, within(1e-9));
		assertThat(after.lag()).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
		assertThat(after.atRisk()).isTrue();
		Health health = new StatusCaptureHealth(needs).health();
		assertThat(health.getStatus()).isEqualTo(StatusCaptureHealth.AT_RISK);
		assertThat(health.getDetails()).containsKeys("neededPerSecond", "budgetPerSecond", "overdue", "lagSeconds");
		assertThat(meters.get("orchestrator.status.polls.overdue").gauge().value()).isEqualTo(after.overdue());
		assertThat(meters.get("orchestrator.status.polls.lag").gauge().value())
			.isGreaterThanOrEqualTo(Duration.ofMinutes(5).toSeconds());
	}

	@Test
	void needsWithinTheBudgetAndNoLongWaitAreUp() {
		StatusNeeds.Connection keepingUp = new StatusNeeds.Connection(null, 40, 50, 3, Duration.ofSeconds(2));
		StatusNeeds.Connection shortOfBudget = new StatusNeeds.Connection(null, 60, 50, 3, Duration.ofSeconds(2));
		StatusNeeds.Connection late = new StatusNeeds.Connection(null, 4, 50, 3, Duration.ofSeconds(61));
		Duration limit = Duration.ofSeconds(60);

		assertThat(keepingUp.atRisk(limit)).isFalse();
		assertThat(shortOfBudget.atRisk(limit)).isTrue();
		assertThat(late.atRisk(limit)).isTrue();
		StatusNeeds.Snapshot up = new StatusNeeds.Snapshot(Instant.EPOCH,
				java.util.List.of(keepingUp, new StatusNeeds.Connection(null, 1, 10, 0, null)), limit);
		assertThat(up.atRisk()).isFalse();
		assertThat(up.neededPerSecond()).isEqualTo(41);
		assertThat(up.budgetPerSecond()).isEqualTo(60);
		assertThat(up.lag()).isEqualTo(Duration.ofSeconds(2));
		assertThat(Status.UP).isNotEqualTo(StatusCaptureHealth.AT_RISK);
	}

	private String pausedCampaign() {
		Api writer = Api.at(port).newTenant("campaigns:write");
		var created = writer.post("/api/v1/campaigns", "{\"name\": \"needs\", \"recipients\": [{\"phoneNumber\":"
				+ " \"+442079460601\"}]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = json(created).get("id").asString();
		jdbc.sql("update campaign set status = 'PAUSED' where id = cast(? as uuid)").param(id).update();
		return id;
	}

	/** {@code n} calls in progress on the default connection, triggered then, next polled at {@code nextPoll}. */
	private void calls(int n, Instant triggered, Instant nextPoll, boolean polledBefore) {
		jdbc.sql("""
				insert into call_attempt (recipient_id, campaign_id, attempt, call_sid, phase, status, raw_status,
				                          created_at, triggered_at, next_poll_at, last_polled_at, retention_deadline)
				select r.id, r.campaign_id, (select count(*) from call_attempt where recipient_id = r.id) + g, ? || g, 'ACTIVE', 'IN_PROGRESS', 'in-progress', ?, ?, ?, ?, ?
				from recipient r cross join generate_series(1, ?) g
				where r.campaign_id = cast(? as uuid)
				""")
			.params("OUT-needs-" + UUID.randomUUID() + "-", Timestamp.from(triggered), Timestamp.from(triggered),
					Timestamp.from(nextPoll), polledBefore ? Timestamp.from(triggered) : null,
					Timestamp.from(triggered.plus(Duration.ofHours(2))), n, campaign)
			.update();
	}

}
