package dev.campaigns.orchestrator.campaign.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.campaigns.orchestrator.campaign.Actor;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.RecipientState;
import dev.campaigns.orchestrator.notify.Outbox;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The writes of the one-recipient actions (cancel, requeue), each change and its audit row (and
 * its {@code recipient.completed} event) in one statement.
 */
@Repository
public class RecipientActionStore {

	private final JdbcClient jdbc;

	RecipientActionStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The recipient as a cancel or a requeue finds it, its row locked for the rest of the transaction. */
	public record Locked(long id, RecipientState state, @Nullable String outcome, boolean cancelRequested) {
	}

	public Optional<Locked> lock(CampaignId campaign, long recipientId) {
		return jdbc.sql("select id, state, outcome, cancel_requested_at is not null as cancel_requested from recipient"
				+ " where campaign_id = :campaign and id = :id for no key update")
			.param("campaign", campaign.value())
			.param("id", recipientId)
			.query((rs, row) -> new Locked(rs.getLong("id"), RecipientState.valueOf(rs.getString("state")),
					rs.getString("outcome"), rs.getBoolean("cancel_requested")))
			.optional();
	}

	/** The ids of the campaign's recipients with this external id, at most {@code limit} ({@code recipient_external_id_once_per_campaign}). */
	public List<Long> idsByExternalId(CampaignId campaign, String externalId, int limit) {
		return jdbc.sql("select id from recipient where campaign_id = :campaign and external_id = :external"
				+ " order by id limit :limit")
			.param("campaign", campaign.value())
			.param("external", externalId)
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

	/** A pending recipient is done as {@code CANCELLED}, with its trail entry and its {@code recipient.completed}. */
	public void cancelPending(long recipientId, Actor actor, Instant now) {
		jdbc.sql("""
				with r as (
				    update recipient set state = 'DONE', outcome = 'CANCELLED', outcome_reason = :reason,
				        next_attempt_at = null, updated_at = :now
				    where id = :id and state = 'PENDING'
				    returning %s
				), audit as (
				    insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail,
				                                 actor_key_id, actor_name)
				    select id, :now, attempts, 'CANCELLED', 'CANCELLED_BY_API', :detail, :actorKey, :actorName from r
				)
				%s
				""".formatted(Outbox.RECIPIENT_COMPLETED_COLUMNS, Outbox.recipientCompletedFrom("r")))
			.param("reason", "cancelled by the API")
			.param("detail", "cancelled by " + actor.describe() + " before it was dialled: never dialled")
			.param("actorKey", actor.keyId())
			.param("actorName", actor.name())
			.param("now", Timestamp.from(now))
			.param("id", recipientId)
			.update();
	}

	/**
	 * A recipient being dialled or in a call is marked: a trigger not yet sent is not sent, a
	 * call in progress ends and is recorded, and it is never dialled again.
	 */
	public void requestCancel(long recipientId, Actor actor, Instant now) {
		jdbc.sql("""
				with r as (
				    update recipient set cancel_requested_at = :now, updated_at = :now
				    where id = :id and state in ('DIALING', 'IN_CALL') and cancel_requested_at is null
				    returning id, attempts, last_call_sid
				)
				insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail, call_sid,
				                             actor_key_id, actor_name)
				select id, :now, attempts, 'CANCELLED', 'CANCEL_REQUESTED', :detail, last_call_sid, :actorKey, :actorName
				from r
				""")
			.param("detail", "cancelled by " + actor.describe() + " while being dialled: a trigger not yet sent is not"
					+ " sent, a call in progress ends and is recorded, and it is never dialled again")
			.param("actorKey", actor.keyId())
			.param("actorName", actor.name())
			.param("now", Timestamp.from(now))
			.param("id", recipientId)
			.update();
	}

	/**
	 * A {@code TRIGGER_UNKNOWN} recipient of a campaign still open is due again at {@code now}
	 * (the dispatcher defers it to its next lawful opening); its attempts stay. False when it is
	 * not such a recipient.
	 */
	public boolean requeue(long recipientId, Actor actor, Instant now) {
		return jdbc.sql("""
				with r as (
				    update recipient set state = 'PENDING', outcome = null, outcome_reason = null,
				        next_attempt_at = :now, updated_at = :now
				    where id = :id and state = 'DONE' and outcome = 'TRIGGER_UNKNOWN' and cancel_requested_at is null
				      and campaign_id in (select id from campaign where status in ('SCHEDULED', 'RUNNING', 'PAUSED'))
				    returning id, attempts
				)
				insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail,
				                             next_attempt_at, actor_key_id, actor_name)
				select id, :now, attempts, 'REQUEUED', 'OPERATOR_REQUEUED', :detail, :now, :actorKey, :actorName from r
				""")
			.param("detail", actor.describe() + " decided the call was not placed: due again at its next lawful"
					+ " opening; the unknown attempt still counts")
			.param("actorKey", actor.keyId())
			.param("actorName", actor.name())
			.param("now", Timestamp.from(now))
			.param("id", recipientId)
			.update() > 0;
	}

}
