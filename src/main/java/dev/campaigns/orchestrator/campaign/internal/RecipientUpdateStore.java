package dev.campaigns.orchestrator.campaign.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.campaigns.orchestrator.campaign.Actor;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.RecipientState;
import dev.campaigns.orchestrator.notify.Outbox;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.campaigns.orchestrator.campaign.internal.CampaignStore.instant;
import static dev.campaigns.orchestrator.campaign.internal.CampaignStore.timestamp;

/**
 * The writes of a recipient's update (PATCH): its row as it is, locked; whether a new number is
 * free in the campaign and off the tenant's do-not-call list; and the change, re-planned, with
 * its trail entry (and, when no lawful opening is left, its expiry and {@code recipient.completed}
 * event) in one statement.
 */
@Repository
public class RecipientUpdateStore {

	private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	RecipientUpdateStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** A recipient as an update finds it, its row locked for the rest of the transaction. */
	public record Stored(long id, RecipientState state, @Nullable String outcome, String phoneNumber,
			@Nullable String countryCode, List<String> zones, @Nullable String externalId,
			Map<String, String> metadata, @Nullable Instant notBefore, @Nullable Instant notAfter,
			@Nullable Instant nextAttemptAt, int attempts) {
	}

	public Optional<Stored> lock(CampaignId campaign, long recipientId) {
		return jdbc.sql("select id, state, outcome, phone_number, country_code, time_zones, external_id,"
				+ " metadata::text as metadata, not_before, not_after, next_attempt_at, attempts from recipient"
				+ " where campaign_id = :campaign and id = :id for no key update")
			.param("campaign", campaign.value())
			.param("id", recipientId)
			.query(this::stored)
			.optional();
	}

	/** Whether another recipient of the campaign has the number ({@code recipient_number_once_per_campaign}). */
	public boolean numberTaken(CampaignId campaign, String phoneNumber, long recipientId) {
		return jdbc.sql("select exists (select 1 from recipient where campaign_id = :campaign"
				+ " and phone_number = :number and id <> :id)")
			.param("campaign", campaign.value())
			.param("number", phoneNumber)
			.param("id", recipientId)
			.query(Boolean.class)
			.single();
	}

	/** Whether the number is on the tenant's do-not-call list (a read of compliance's {@code suppression}). */
	public boolean suppressed(String tenant, String phoneNumber) {
		return jdbc.sql("select exists (select 1 from suppression where tenant = :tenant and phone_number = :number)")
			.param("tenant", tenant)
			.param("number", phoneNumber)
			.query(Boolean.class)
			.single();
	}

	/**
	 * The pending recipient takes the valid values and its new plan: due at {@code next}, or,
	 * without one, done as {@code EXPIRED} (trail {@code SKIPPED}/{@code EXPIRED} after the
	 * {@code UPDATED} entry, and its {@code recipient.completed} event).
	 */
	public void update(long recipientId, ValidRecipient recipient, @Nullable Instant deadline, @Nullable Instant next,
			String detail, Actor actor, Instant now) {
		jdbc.sql("""
				with r as (
				    update recipient set phone_number = :phone, country_code = :country,
				        time_zones = cast(:zones as text[]), metadata = cast(:metadata as jsonb),
				        not_before = :notBefore, not_after = :notAfter, deadline = :deadline,
				        state = case when cast(:next as timestamptz) is null then 'DONE' else 'PENDING' end,
				        outcome = case when cast(:next as timestamptz) is null then 'EXPIRED' end,
				        outcome_reason = case when cast(:next as timestamptz) is null then :expired end,
				        next_attempt_at = :next, updated_at = :now
				    where id = :id and state = 'PENDING'
				    returning %s, state
				), audit as (
				    insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail,
				                                 next_attempt_at, actor_key_id, actor_name)
				    select r.id, :now, r.attempts, e.decision, e.reason, e.detail, e.next_attempt_at, e.actor_key_id,
				           e.actor_name
				    from r cross join (values
				        (1, 'UPDATED', 'UPDATED_BY_API', cast(:detail as text), cast(:next as timestamptz),
				         cast(:actorKey as uuid), cast(:actorName as text)),
				        (2, 'SKIPPED', 'EXPIRED', cast(:expired as text), null, null, null)
				    ) e(seq, decision, reason, detail, next_attempt_at, actor_key_id, actor_name)
				    where e.seq = 1 or r.state = 'DONE'
				    order by e.seq
				), done as (
				    select * from r where state = 'DONE'
				)
				%s
				""".formatted(Outbox.RECIPIENT_COMPLETED_COLUMNS, Outbox.recipientCompletedFrom("done")))
			.param("phone", recipient.phoneNumber())
			.param("country", recipient.countryCode())
			.param("zones", recipient.zones().stream().map(zone -> "\"" + zone.getId() + "\"")
				.collect(Collectors.joining(",", "{", "}")))
			.param("metadata", recipient.metadataJson())
			.param("notBefore", timestamp(recipient.notBefore()))
			.param("notAfter", timestamp(recipient.notAfter()))
			.param("deadline", timestamp(deadline))
			.param("next", timestamp(next))
			.param("expired", "no lawful opening before its deadline once updated: never dialled again")
			.param("detail", detail)
			.param("actorKey", actor.keyId())
			.param("actorName", actor.name())
			.param("now", Timestamp.from(now))
			.param("id", recipientId)
			.update();
	}

	private Stored stored(ResultSet rs, int row) throws SQLException {
		Array zones = rs.getArray("time_zones");
		return new Stored(rs.getLong("id"), RecipientState.valueOf(rs.getString("state")), rs.getString("outcome"),
				rs.getString("phone_number"), rs.getString("country_code"),
				Arrays.asList((String[]) zones.getArray()), rs.getString("external_id"),
				json.readValue(rs.getString("metadata"), METADATA), instant(rs, "not_before"), instant(rs, "not_after"),
				instant(rs, "next_attempt_at"), rs.getInt("attempts"));
	}

}
