package dev.campaigns.orchestrator.status.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.status.RetryDecision;
import dev.campaigns.orchestrator.status.RetryDecisions;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link RetryDecisions}: an agent's report stored after its call ended re-decides the
 * recipient, if its retry is still only planned.
 */
@Component
class LateReports implements RetryDecisions {

	/**
	 * The ended call and its recipient, the recipient's row locked, while that recipient waits
	 * for the next attempt the call's end planned: the call is its latest, and it is not being
	 * cancelled. By primary keys.
	 */
	private static final String PLANNED = """
			select r.id as recipient_id, r.phone_number, r.attempts, r.time_zones, r.not_before, r.deadline,
			       c.id as campaign_id, c.tenant, c.status as campaign_status, c.calling_window::text as window,
			       c.retry_policy::text as retry, a.poll_count, a.triggered_at, a.detection, a.agent_retry_at,
			       a.ended_at, a.status as final_status, r.next_attempt_at, r.retry_after
			from call_attempt a join recipient r on r.id = a.recipient_id join campaign c on c.id = a.campaign_id
			where a.id = :id and a.phase = 'FINAL' and a.ended_at is not null and r.state = 'PENDING'
			  and r.attempts = a.attempt and r.cancel_requested_at is null
			for update of r
			""";

	private final JdbcClient jdbc;

	private final NextSteps nextSteps;

	private final Clock clock;

	LateReports(JdbcClient jdbc, StatusStore store, NextSteps nextSteps, Clock clock) {
		this.jdbc = jdbc;
		this.nextSteps = nextSteps;
		this.clock = clock;
	}

	@Override
	@Transactional
	public Reconsidered reconsider(long attemptId) {
		Instant now = clock.instant();
		String phase = jdbc.sql("select phase from call_attempt where id = :id")
			.param("id", attemptId)
			.query(String.class)
			.optional()
			.orElse(null);
		if (phase != null && !"FINAL".equals(phase)) {
			return Reconsidered.NOT_ENDED;
		}
		Planned planned = jdbc.sql(PLANNED)
			.param("id", attemptId)
			.query((rs, row) -> new Planned(StatusStore.finished(rs), CallStatus.valueOf(rs.getString("final_status")),
					instant(rs.getTimestamp("next_attempt_at")), instant(rs.getTimestamp("retry_after"))))
			.optional()
			.orElse(null);
		if (planned == null) {
			return Reconsidered.UNCHANGED;
		}
		RetryDecision decision = nextSteps.decision(planned.call(), planned.status(), now);
		if (decision instanceof RetryDecision.Again again && again.at().equals(planned.nextAttemptAt())
				&& Objects.equals(again.retryAfter(), planned.retryAfter())) {
			return Reconsidered.UNCHANGED;
		}
		nextSteps.record(planned.call(), planned.status(), decision, "PENDING",
				"the agent's report came after the call ended ", now);
		return decision instanceof RetryDecision.Again ? Reconsidered.REPLANNED : Reconsidered.FINISHED;
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	private record Planned(StatusStore.Finished call, CallStatus status, @Nullable Instant nextAttemptAt,
			@Nullable Instant retryAfter) {
	}

}
