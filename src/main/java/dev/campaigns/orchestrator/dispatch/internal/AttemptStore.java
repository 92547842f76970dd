package dev.campaigns.orchestrator.dispatch.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.campaigns.orchestrator.dispatch.internal.ClaimStore.Claimed;
import dev.campaigns.orchestrator.notify.Outbox;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What became of claimed recipients, in SQL: calls the provider took (in batches), calls
 * certainly not placed (put back, in batches), recipients done without a call, and the
 * attempts that count against a number's caps.
 */
@Repository
class AttemptStore {

	/**
	 * {@link #notPlaced}: the put-backs as rows ({@code v}), the recipients still dialling put
	 * back (or done), their attempts forgotten, their trail entries, and the completion events of
	 * those done.
	 */
	private static final String NOT_PLACED = """
				with v as (
				    select * from unnest(cast(:attempts as bigint[]), cast(:ids as bigint[]),
				                         cast(:numbers as int[]), cast(:nexts as timestamptz[]),
				                         cast(:reasons as text[]), cast(:details as text[]),
				                         cast(:ats as timestamptz[]))
				        as v(attempt_id, recipient_id, attempt_number, next_at, reason_code, reason_detail, decided_at)
				), cancelled as (
				    select c.id from campaign c
				    where c.status in ('CANCELLED', 'COMPLETED') and c.id in (select campaign_id from recipient where id in
				        (select recipient_id from v))
				), r as (
				    -- a recipient whose cancel was asked while it was claimed (cancel_requested_at) is done
				    -- as CANCELLED, like one of a cancelled campaign
				    -- only a recipient still dialling: one taken over meanwhile keeps its outcome, and a
				    -- recording retried after a failure changes nothing twice
				    update recipient set state = case when v.next_at is null or recipient.cancel_requested_at is not null
				            or recipient.campaign_id in (select id from cancelled) then 'DONE' else 'PENDING' end,
				        outcome = case when recipient.campaign_id in (select id from cancelled)
				                or recipient.cancel_requested_at is not null then 'CANCELLED'
				            when v.next_at is null then 'EXPIRED' end,
				        outcome_reason = case when recipient.cancel_requested_at is not null
				            and recipient.campaign_id not in (select id from cancelled) then 'cancelled by the API'
				            else recipient.outcome_reason end,
				        attempts = attempts - 1,
				        next_attempt_at = case when recipient.campaign_id in (select id from cancelled)
				            or recipient.cancel_requested_at is not null then null else v.next_at end,
				        lease_owner = null, lease_expires_at = null, updated_at = v.decided_at
				    from v where recipient.id = v.recipient_id and recipient.state = 'DIALING'
				    returning %s, state
				), forgotten as (
				    delete from call_attempt a using v join r on r.id = v.recipient_id where a.id = v.attempt_id
				), audit as (
				    insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail,
				                                 next_attempt_at)
				    select v.recipient_id, v.decided_at, v.attempt_number,
				           case when r.state = 'DONE' then 'SKIPPED' else 'DEFERRED' end, v.reason_code,
				           v.reason_detail, case when r.state = 'DONE' then null else v.next_at end
				    from v join r on r.id = v.recipient_id
				), done as (
				    select * from r where state = 'DONE'
				)
				%s
				""".formatted(Outbox.RECIPIENT_COMPLETED_COLUMNS, Outbox.recipientCompletedFrom("done"));

	private final JdbcClient jdbc;

	AttemptStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The provider took these calls, in one statement: they are in progress and the poller
	 * follows them, each from its own instant ({@link Accepted#at}: its first poll is due then,
	 * and its retention deadline {@code retention} later, a safe bound until its end is seen). A
	 * recipient that is no longer {@code DIALING} (its lease was taken over) keeps its state;
	 * its attempt still records the call id, so one such row cannot fail the whole batch.
	 */
	void accepted(Collection<Accepted> calls, Duration retention) {
		if (calls.isEmpty()) {
			return;
		}
		jdbc.sql("""
				with v as (
				    select * from unnest(cast(:attempts as bigint[]), cast(:sids as text[]), cast(:statuses as text[]),
				                         cast(:raws as text[]), cast(:ats as timestamptz[]))
				        as v(attempt_id, sid, status, raw, at)
				), a as (
				    update call_attempt a set phase = 'ACTIVE', call_sid = v.sid, status = v.status, raw_status = v.raw,
				        triggered_at = v.at, next_poll_at = v.at,
				        retention_deadline = v.at + make_interval(secs => :retention),
				        lease_owner = null, lease_expires_at = null
				    from v where a.id = v.attempt_id
				    returning a.id, a.recipient_id, a.attempt, a.call_sid, a.status, a.raw_status, v.at
				), e as (
				    insert into call_status_event (call_attempt_id, status, raw_status, observed_at)
				    select id, status, raw_status, at from a
				), audit as (
				    insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail, call_sid)
				    select recipient_id, at, attempt, 'PLACED', 'WINDOW_OPEN', :placed, call_sid from a
				)
				update recipient r set state = 'IN_CALL', last_call_sid = a.call_sid, next_attempt_at = null,
				    lease_owner = null, lease_expires_at = null, updated_at = a.at
				from a where r.id = a.recipient_id and r.state = 'DIALING'
				""")
			.param("attempts", array(calls.stream().map(call -> Long.toString(call.attemptId())).toList()))
			.param("sids", array(calls.stream().map(Accepted::callSid).toList()))
			.param("statuses", array(calls.stream().map(Accepted::status).toList()))
			.param("raws", array(calls.stream().map(Accepted::rawStatus).toList()))
			.param("ats", array(calls.stream().map(call -> call.at().toString()).toList()))
			.param("retention", retention.toNanos() / 1e9)
			.param("placed", "due, inside its calling window in every zone, not suppressed, under its attempt caps;"
					+ " the provider accepted the call")
			.update();
	}

	/** A call the provider took: its attempt, call id and first status, and when it was triggered. */
	record Accepted(long attemptId, String callSid, String status, @Nullable String rawStatus, Instant at) {
	}

	/** A claimed recipient whose call was certainly not placed, and why (see {@link #notPlaced}). */
	record PutBack(Claimed claimed, @Nullable Instant nextAttemptAt, String reason, String detail, Instant at) {
	}

	/**
	 * These calls were certainly not placed, in one statement: each attempt is forgotten, and its
	 * recipient waits again until {@code nextAttemptAt} (deferred), or is done as {@code EXPIRED}
	 * when there is no next time, or as {@code CANCELLED} when its campaign was cancelled meanwhile
	 * (skipped); the trail records why.
	 */
	void notPlaced(List<PutBack> putBacks) {
		if (putBacks.isEmpty()) {
			return;
		}
		Instant latest = putBacks.stream().map(PutBack::at).max(Instant::compareTo).orElseThrow();
		jdbc.sql(NOT_PLACED)
			.param("attempts", array(putBacks.stream().map(p -> Long.toString(p.claimed().attemptId())).toList()))
			.param("ids", array(putBacks.stream().map(p -> Long.toString(p.claimed().recipientId())).toList()))
			.param("numbers", array(putBacks.stream().map(p -> Integer.toString(p.claimed().attempt())).toList()))
			.param("nexts", array(putBacks.stream()
				.map(p -> p.nextAttemptAt() == null ? null : p.nextAttemptAt().toString())
				.toList()))
			.param("reasons", array(putBacks.stream().map(PutBack::reason).toList()))
			.param("details", array(putBacks.stream().map(PutBack::detail).toList()))
			.param("ats", array(putBacks.stream().map(p -> p.at().toString()).toList()))
			.param("now", Timestamp.from(latest))
			.update();
	}

	/** On the do-not-call list since it was planned: done, never dialled. */
	void suppressed(Claimed claimed, Instant now) {
		jdbc.sql("""
				with forgotten as (delete from call_attempt where id = :attempt), audit as (
				    insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail)
				    values (:id, :now, :number, 'SKIPPED', 'SUPPRESSED',
				            'added to the do-not-call list since it was planned: never dialled')
				), r as (
				    update recipient set state = 'DONE', outcome = 'SUPPRESSED', attempts = attempts - 1,
				        next_attempt_at = null, lease_owner = null, lease_expires_at = null, updated_at = :now
				    where id = :id
				    returning %s
				)
				%s
				""".formatted(Outbox.RECIPIENT_COMPLETED_COLUMNS, Outbox.recipientCompletedFrom("r")))
			.param("attempt", claimed.attemptId())
			.param("number", claimed.attempt())
			.param("now", Timestamp.from(now))
			.param("id", claimed.recipientId())
			.update();
	}

	/** Starts of this number's attempts within a tenant since {@code since}, oldest first (excluding one). */
	List<Instant> attemptsOfNumber(String tenant, String phoneNumber, Instant since, long exceptAttempt) {
		return jdbc.sql("""
				select a.created_at from recipient r
				join campaign c on c.id = r.campaign_id
				join call_attempt a on a.recipient_id = r.id
				where r.phone_number = :phone and c.tenant = :tenant and a.created_at > :since and a.id <> :except
				order by a.created_at
				""")
			.param("phone", phoneNumber)
			.param("tenant", tenant)
			.param("since", Timestamp.from(since))
			.param("except", exceptAttempt)
			.query((rs, row) -> rs.getTimestamp(1).toInstant())
			.list();
	}

	/** The recipient is done without a call in progress, as {@code finished} says. */
	void finished(Claimed claimed, AnswerOutcomes.Finished finished, Instant now) {
		finished(claimed, finished.attemptStatus(), finished.outcome(), finished.auditReason(), finished.reason(), now);
	}

	/**
	 * The recipient is done without a call in progress (rejected by the provider, or unknown),
	 * in one statement with its trail entry ({@code auditReason}).
	 */
	void finished(Claimed claimed, String attemptStatus, String outcome, String auditReason, String reason,
			Instant now) {
		jdbc.sql("""
				with attempt as (
				    update call_attempt set phase = 'FINAL', status = :status, error = :reason, ended_at = :now,
				        lease_owner = null, lease_expires_at = null
				    where id = :attempt
				), audit as (
				    insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail)
				    values (:id, :now, :number, 'FINISHED', :auditReason, :reason)
				), r as (
				    update recipient set state = 'DONE', outcome = :outcome, outcome_reason = :reason,
				        next_attempt_at = null, lease_owner = null, lease_expires_at = null, updated_at = :now
				    where id = :id
				    returning %s
				)
				%s
				""".formatted(Outbox.RECIPIENT_COMPLETED_COLUMNS, Outbox.recipientCompletedFrom("r")))
			.param("status", attemptStatus)
			.param("reason", reason)
			.param("now", Timestamp.from(now))
			.param("attempt", claimed.attemptId())
			.param("number", claimed.attempt())
			.param("auditReason", auditReason)
			.param("outcome", outcome)
			.param("id", claimed.recipientId())
			.update();
	}

	/** A PostgreSQL array literal of text, for {@code cast(:x as text[])}; null elements are NULL. */
	static String array(List<@Nullable String> values) {
		return values.stream()
			.map(value -> value == null ? "NULL"
					: '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
			.collect(Collectors.joining(",", "{", "}"));
	}

	/** The campaigns running or scheduled on a stored connection. */
	List<UUID> runningOn(UUID connection) {
		return jdbc.sql("select id from campaign where connection_id = :connection"
				+ " and status in ('RUNNING', 'SCHEDULED') order by id")
			.param("connection", connection)
			.query(UUID.class)
			.list();
	}

}
