package dev.campaigns.orchestrator.dispatch.internal;

import java.sql.Timestamp;
import java.time.Instant;

import dev.campaigns.orchestrator.notify.Outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Takes over the leases of replicas that died while dialling, on a cadence of its own (see
 * {@link LeaseHousekeepingLoop}): the trigger may or may not have been sent, so the attempt's
 * outcome is unknown and the recipient is not dialled again.
 */
@Repository
class LeaseHousekeeping {

	/** The most leases one statement takes over. */
	static final int BATCH = 1000;

	private final JdbcClient jdbc;

	LeaseHousekeeping(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Leases of replicas that died while dialling, as common table expressions ({@code expired}):
	 * the trigger may or may not have been sent, so the attempt's outcome is unknown and the
	 * recipient is not dialled again. Served by {@code recipient_leased}, in its order (so no plan
	 * reads the calls in progress instead), the oldest {@link #BATCH} a run: a dead replica with more
	 * leases is taken over in a few rounds.
	 */
	static final String TAKE_OVER = ("""
			expired as (
			    update recipient set state = 'DONE', outcome = 'TRIGGER_UNKNOWN',
			        outcome_reason = 'the replica dialling it stopped before it knew the trigger''s outcome',
			        lease_owner = null, lease_expires_at = null, next_attempt_at = null, updated_at = :now
			    where id in (select id from recipient where state = 'DIALING' and lease_expires_at < :now
			                 order by lease_expires_at limit %d for update skip locked)
			    returning %s
			), expired_events as (
			    %s
			), expired_audit as (
			    insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail)
			    select id, :now, attempts, 'FINISHED', 'TRIGGER_UNKNOWN',
			           'the replica dialling it stopped before it knew whether the call was placed: never redialled'
			    from expired
			), expired_attempts as (
			    update call_attempt set phase = 'FINAL', status = 'TRIGGER_UNKNOWN', ended_at = :now,
			        error = 'lease expired before the trigger''s outcome was recorded', lease_owner = null,
			        lease_expires_at = null
			    where phase = 'TRIGGERING' and recipient_id in (select id from expired)
			)""").formatted(BATCH, Outbox.RECIPIENT_COMPLETED_COLUMNS, Outbox.recipientCompletedFrom("expired"));

	/**
	 * Leases of replicas that died while dialling: the trigger may or may not have been sent,
	 * so the attempt's outcome is unknown and the recipient is not dialled again.
	 */
	int takeOverExpired(Instant now) {
		return jdbc.sql("with " + TAKE_OVER + " select count(*) from expired")
			.param("now", Timestamp.from(now))
			.query(Integer.class)
			.single();
	}

}
