package dev.campaigns.orchestrator.status.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.notify.Outbox;
import dev.campaigns.orchestrator.provider.StatusResult;
import dev.campaigns.orchestrator.status.PollSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The poller's SQL, in one place. Polls are claimed in batches, a share per provider
 * connection, nearest to being forgotten first within each ({@code ORDER BY retention_deadline},
 * index {@code call_attempt_active}); the claim moves {@code next_poll_at} to the lease's end,
 * so a dead replica's polls come back.
 * What a poll found is written only while the attempt is still leased to the poller that
 * claimed it: a row another poller took over meanwhile is left to that one.
 */
@Repository
class StatusStore {

	private final JdbcClient jdbc;

	private final PollSettings settings;

	StatusStore(JdbcClient jdbc, PollSettings settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/**
	 * An active call claimed for one status request, by {@code leaseOwner}, with the connection it
	 * was placed on (null: the default) at the version stored when it was claimed, and the read
	 * error last recorded for it.
	 */
	record Due(long attemptId, String callSid, @Nullable String status, @Nullable String rawStatus,
			@Nullable Instant statusSince, Instant triggeredAt, Instant retentionDeadline, int pollCount,
			@Nullable Instant lastPolledAt, String leaseOwner, @Nullable UUID connection, long connectionVersion,
			@Nullable String error) {
	}

	/**
	 * A connection with polls due: how many, and its version now (0 for the default). Listed
	 * nearest to being forgotten first, by the earliest deadline among its due polls.
	 */
	record Pending(@Nullable UUID connection, long version, int due) {
	}

	/** How many due polls of a connection (null: the default) a claim may take. */
	record Share(@Nullable UUID connection, int n) {
	}

	/**
	 * Whether an active call is due: a call never polled only once triggered at or before
	 * {@code :firstDue}, or once its agent reported (see {@link ReportedPolls}).
	 */
	static final String DUE = """
			phase = 'ACTIVE' and next_poll_at <= :now
			and (last_polled_at is not null or triggered_at <= :firstDue or outcome_reported_at is not null)""";

	/**
	 * The connections with due polls (see {@link #claim}); a scan of the active calls
	 * ({@code call_attempt_active}), as many as the calls in progress.
	 */
	List<Pending> pending(Instant now, Instant firstDue) {
		return jdbc.sql("""
				select a.connection_id, coalesce(max(p.version), 0) as version, count(*) as due
				from call_attempt a left join provider_connection p on p.id = a.connection_id
				where %s
				group by a.connection_id
				order by min(retention_deadline)
				""".formatted(DUE))
			.param("now", Timestamp.from(now))
			.param("firstDue", Timestamp.from(firstDue))
			.query((rs, row) -> new Pending(rs.getObject("connection_id", UUID.class), rs.getLong("version"),
					rs.getInt("due")))
			.list();
	}

	/**
	 * Claims up to each share's {@code n} due polls of its connection, nearest to being forgotten
	 * first within each, in one statement; a call never polled is only due once it was triggered
	 * at or before {@code firstDue} (the plan's first poll), whatever the dispatcher wrote.
	 * Each call comes with its connection's version now: a credential changed since is read
	 * with the next poll.
	 */
	List<Due> claim(List<Share> shares, String replica, Instant now, Instant leaseUntil, Instant firstDue) {
		if (shares.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("""
				with claimed as (
				    update call_attempt a set lease_owner = :replica, lease_expires_at = :lease, next_poll_at = :lease
				    where a.id in (
				        select d.id
				        from unnest(cast(:connections as uuid[]), cast(:shares as int[])) as s(connection_id, n)
				          cross join lateral (
				            select id from call_attempt
				            where call_attempt.connection_id is not distinct from s.connection_id and %s
				            order by retention_deadline
				            limit s.n
				            for update skip locked) d)
				    returning a.id, a.call_sid, a.status, a.raw_status, a.status_since, a.triggered_at,
				              a.retention_deadline, a.poll_count, a.last_polled_at, a.lease_owner, a.connection_id, a.error
				)
				select c.*, coalesce(p.version, 0) as connection_version
				from claimed c left join provider_connection p on p.id = c.connection_id
				order by c.retention_deadline
				""".formatted(DUE))
			.param("replica", replica)
			.param("lease", Timestamp.from(leaseUntil))
			.param("now", Timestamp.from(now))
			.param("connections", shares.stream()
				.map(share -> share.connection() == null ? null : share.connection().toString())
				.toArray(String[]::new))
			.param("shares", shares.stream().map(Share::n).toArray(Integer[]::new))
			.param("firstDue", Timestamp.from(firstDue))
			.query((rs, row) -> new Due(rs.getLong("id"), rs.getString("call_sid"), rs.getString("status"),
					rs.getString("raw_status"), instant(rs, "status_since"), instant(rs, "triggered_at"),
					instant(rs, "retention_deadline"), rs.getInt("poll_count"), instant(rs, "last_polled_at"),
					rs.getString("lease_owner"), rs.getObject("connection_id", UUID.class),
					rs.getLong("connection_version"), rs.getString("error")))
			.list();
	}

	/**
	 * A non-final status seen: recorded as an event when it changed, with the call's earliest
	 * forgetting as the poller decided it (it moves only for a status the dialect documents),
	 * and the rest of the {@code answer} (see {@link #ANSWER_COLUMNS}). The status was read, so no
	 * read error stands.
	 */
	void observed(Due due, String status, String raw, Instant since, Instant now, Instant nextPoll,
			Instant retentionDeadline, StatusResult.Observed answer) {
		boolean changed = !raw.equals(due.rawStatus());
		ReportedPolls.bind(answer(jdbc.sql("""
				with a as (
				    update call_attempt set status = :status, raw_status = :raw, %s,
				        status_since = case when :changed then :since else coalesce(status_since, :since) end,
				        last_polled_at = :now, poll_count = poll_count + 1, next_poll_at = %s,
				        retention_deadline = :retention, error = null, lease_owner = null, lease_expires_at = null
				    where id = :id and phase = 'ACTIVE' and lease_owner = :owner
				    returning id
				)
				insert into call_status_event (call_attempt_id, status, raw_status, observed_at)
				select id, :status, :raw, :now from a where :changed
				""".formatted(ANSWER_COLUMNS, ReportedPolls.AFTER_LIVE_STATUS)), answer), settings)
			.param("status", status)
			.param("raw", raw)
			.param("changed", changed)
			.param("since", Timestamp.from(since))
			.param("now", Timestamp.from(now))
			.param("next", Timestamp.from(nextPoll))
			.param("retention", Timestamp.from(retentionDeadline))
			.param("id", due.attemptId())
			.param("owner", due.leaseOwner())
			.update();
	}

	/**
	 * Not visible yet (a 404 that cannot mean forgotten), or not readable now ({@code error}
	 * says why; null keeps the last reason): poll again later.
	 */
	void pollAgain(Due due, Instant now, Instant nextPoll, @Nullable String error) {
		jdbc.sql("""
				update call_attempt set next_poll_at = :next, last_polled_at = :now, poll_count = poll_count + 1,
				    error = coalesce(:error, error), lease_owner = null, lease_expires_at = null
				where id = :id and phase = 'ACTIVE' and lease_owner = :owner
				""")
			.param("next", Timestamp.from(nextPoll))
			.param("now", Timestamp.from(now))
			.param("error", error)
			.param("id", due.attemptId())
			.param("owner", due.leaseOwner())
			.update();
	}

	/**
	 * The final status: the attempt ends, with its last event, and {@code ended_at} is this poll,
	 * the first that saw it (only an active attempt ends); a null {@code raw} or {@code error}
	 * keeps the last one seen, as a null {@code answer} keeps the last answer's body, duration
	 * and end. Answers the recipient to decide about, or null when the attempt is no longer this
	 * poller's.
	 */
	@Nullable Finished finish(Due due, String status, @Nullable String raw, @Nullable String error, Instant now,
			StatusResult.@Nullable Observed answer) {
		return answer(jdbc.sql("""
				with a as (
				    update call_attempt set phase = 'FINAL', status = :status, raw_status = coalesce(:raw, raw_status),
				        %s,
				        error = coalesce(:error, error), ended_at = :now, last_polled_at = :now,
				        poll_count = poll_count + 1, next_poll_at = null, lease_owner = null, lease_expires_at = null
				    where id = :id and phase = 'ACTIVE' and lease_owner = :owner
				    returning id, recipient_id, campaign_id, poll_count, triggered_at, detection, agent_retry_at
				), e as (
				    insert into call_status_event (call_attempt_id, status, raw_status, observed_at)
				    select id, :status, :raw, :now from a
				)
				select r.id as recipient_id, r.phone_number, r.attempts, r.time_zones, r.not_before, r.deadline,
				       c.id as campaign_id, c.tenant, c.status as campaign_status, c.calling_window::text as window,
				       c.retry_policy::text as retry, a.poll_count, a.triggered_at, a.detection, a.agent_retry_at,
				       cast(:now as timestamptz) as ended_at
				from a join recipient r on r.id = a.recipient_id join campaign c on c.id = a.campaign_id
				""".formatted(ANSWER_COLUMNS)), answer)
			.param("status", status)
			.param("raw", raw)
			.param("error", error)
			.param("now", Timestamp.from(now))
			.param("id", due.attemptId())
			.param("owner", due.leaseOwner())
			.query((rs, row) -> finished(rs))
			.optional()
			.orElse(null);
	}

	/**
	 * What an answer said beyond its status: its body, the call's duration and end; a value the
	 * answer did not give keeps the one an earlier answer gave.
	 */
	private static final String ANSWER_COLUMNS = """
			raw_answer = coalesce(:rawAnswer, raw_answer),
			        provider_duration_seconds = coalesce(:duration, provider_duration_seconds),
			        provider_ended_at = coalesce(:providerEndedAt, provider_ended_at)""";

	private static JdbcClient.StatementSpec answer(JdbcClient.StatementSpec statement,
			StatusResult.@Nullable Observed answer) {
		return statement.param("rawAnswer", answer == null ? null : answer.rawAnswer())
			.param("duration", answer == null ? null : answer.durationSeconds())
			.param("providerEndedAt",
					answer == null || answer.endedAt() == null ? null : Timestamp.from(answer.endedAt()));
	}

	/**
	 * What the outcome of a finished call is decided from, with what the agent reported about
	 * it ({@code detection}, {@code agentRetryAt}: null before a report).
	 */
	record Finished(long recipientId, String phoneNumber, int attempts, List<String> zones,
			@Nullable Instant notBefore, @Nullable Instant deadline, UUID campaignId, String tenant,
			String campaignStatus, String callingWindow, String retryPolicy, int pollCount, Instant triggeredAt,
			@Nullable String detection, @Nullable Instant agentRetryAt, Instant endedAt) {
	}

	static Finished finished(ResultSet rs) throws SQLException {
		return new Finished(rs.getLong("recipient_id"), rs.getString("phone_number"), rs.getInt("attempts"), zones(rs),
				instant(rs, "not_before"), instant(rs, "deadline"), rs.getObject("campaign_id", UUID.class),
				rs.getString("tenant"), rs.getString("campaign_status"), rs.getString("window"), rs.getString("retry"),
				rs.getInt("poll_count"), instant(rs, "triggered_at"), rs.getString("detection"),
				instant(rs, "agent_retry_at"), instant(rs, "ended_at"));
	}

	/**
	 * The recipient is finished, and its {@code recipient.completed} event recorded in the
	 * outbox by the same statement, so one never exists without the other. The event
	 * carries the phone number masked only: it leaves the service.
	 */
	void recipientDone(long recipientId, String outcome, @Nullable String reason, Instant now) {
		recipientDone(recipientId, "IN_CALL", outcome, reason, now);
	}

	/** {@link #recipientDone(long, String, String, Instant)} for a recipient in state {@code from}. */
	void recipientDone(long recipientId, String from, String outcome, @Nullable String reason, Instant now) {
		jdbc.sql("""
				with r as (
				    update recipient set state = 'DONE', outcome = :outcome, outcome_reason = :reason,
				        next_attempt_at = null, retry_after = null, updated_at = :now
				    where id = :id and state = :from
				    returning %s
				), audit as (
				    insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail, call_sid)
				    select id, :now, attempts, 'FINISHED', outcome, outcome_reason, last_call_sid from r
				)
				%s
				""".formatted(Outbox.RECIPIENT_COMPLETED_COLUMNS, Outbox.recipientCompletedFrom("r")))
			.param("outcome", outcome)
			.param("reason", reason)
			.param("now", Timestamp.from(now))
			.param("id", recipientId)
			.param("from", from)
			.update();
	}

	/**
	 * The call ended without success and the policy plans another attempt at {@code at} (not
	 * before {@code retryAfter}, which an edit's re-plan keeps; null: the campaign's backoff);
	 * the trail records the call's outcome and {@code detail}, the plan, in the same statement.
	 * A recipient whose cancel was asked during the call (even while this waited for its row)
	 * is done with the call's outcome instead, not retried, with its {@code recipient.completed}.
	 * {@code from} is the state the recipient is in: {@code IN_CALL} when its call ends,
	 * {@code PENDING} when an agent's late report re-plans it.
	 */
	void recipientAgain(long recipientId, String from, String outcome, String detail, Instant at,
			@Nullable Instant retryAfter, Instant now) {
		jdbc.sql("""
				with r as (
				    update recipient set
				        state = case when cancel_requested_at is null then 'PENDING' else 'DONE' end,
				        outcome = case when cancel_requested_at is null then null else cast(:outcome as text) end,
				        outcome_reason = case when cancel_requested_at is null then null
				            else 'cancelled by the API during the call: not retried' end,
				        next_attempt_at = case when cancel_requested_at is null then cast(:at as timestamptz) end,
				        retry_after = case when cancel_requested_at is null then cast(:retryAfter as timestamptz) end,
				        updated_at = :now
				    where id = :id and state = :from
				    returning %s, state
				), audit as (
				    insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail,
				                                 next_attempt_at, call_sid)
				    select id, :now, attempts, case when state = 'DONE' then 'FINISHED' else 'RETRY_PLANNED' end, :outcome,
				           case when state = 'DONE' then 'the call ended ' || :outcome || '; cancelled by the API during'
				                    || ' the call: not retried'
				                else :detail end,
				           case when state = 'DONE' then null else cast(:at as timestamptz) end, last_call_sid
				    from r
				), done as (
				    select * from r where state = 'DONE'
				)
				%s
				""".formatted(Outbox.RECIPIENT_COMPLETED_COLUMNS, Outbox.recipientCompletedFrom("done")))
			.param("at", Timestamp.from(at))
			.param("retryAfter", retryAfter == null ? null : Timestamp.from(retryAfter))
			.param("now", Timestamp.from(now))
			.param("id", recipientId)
			.param("from", from)
			.param("outcome", outcome)
			.param("detail", detail)
			.update();
	}

	/** Starts of this number's attempts within a tenant since {@code since}, oldest first. */
	List<Instant> attemptsOfNumber(String tenant, String phoneNumber, Instant since) {
		return jdbc.sql("""
				select a.created_at from recipient r
				join campaign c on c.id = r.campaign_id
				join call_attempt a on a.recipient_id = r.id
				where r.phone_number = :phone and c.tenant = :tenant and a.created_at > :since
				order by a.created_at
				""")
			.param("phone", phoneNumber)
			.param("tenant", tenant)
			.param("since", Timestamp.from(since))
			.query((rs, row) -> rs.getTimestamp(1).toInstant())
			.list();
	}

	private static List<String> zones(ResultSet rs) throws SQLException {
		Array zones = rs.getArray("time_zones");
		return Arrays.asList((String[]) zones.getArray());
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return timestamp == null ? null : timestamp.toInstant();
	}

}
