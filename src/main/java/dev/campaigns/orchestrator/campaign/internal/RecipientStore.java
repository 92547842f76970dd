package dev.campaigns.orchestrator.campaign.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.Actor;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.RecipientCall;
import dev.campaigns.orchestrator.campaign.RecipientDecision;
import dev.campaigns.orchestrator.campaign.RecipientFilter;
import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.campaign.RecipientState;
import dev.campaigns.orchestrator.campaign.RecipientView;
import dev.campaigns.orchestrator.connection.ConnectionRef;
import dev.campaigns.orchestrator.connection.ConnectionRefs;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.campaigns.orchestrator.campaign.internal.CampaignStore.instant;

/** Reading the {@code recipient} table (index {@code recipient_by_campaign}) and recipients' trails. */
@Repository
public class RecipientStore {

	private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
	};

	private static final String FILTER = " where campaign_id = :id"
			+ " and (cast(:state as text) is null or state = :state)"
			+ " and (cast(:outcome as text) is null or outcome = :outcome)"
			+ " and (cast(:externalId as text) is null or external_id = :externalId)"
			+ " and (cast(:phoneNumber as text) is null or phone_number = :phoneNumber)";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ConnectionRefs connections;

	RecipientStore(JdbcClient jdbc, JsonMapper json, ConnectionRefs connections) {
		this.jdbc = jdbc;
		this.json = json;
		this.connections = connections;
	}

	public List<RecipientView> page(CampaignId id, RecipientFilter filter, int page, int size) {
		return filtered(jdbc.sql("select id, phone_number, external_id, state, outcome, outcome_reason, attempts,"
				+ " time_zones, next_attempt_at, not_before, not_after, last_call_sid, metadata::text as metadata"
				+ " from recipient" + FILTER + " order by id limit :size offset :offset"), id, filter)
			.param("size", size)
			.param("offset", (long) page * size)
			.query(this::recipient)
			.list();
	}

	public long count(CampaignId id, RecipientFilter filter) {
		return filtered(jdbc.sql("select count(*) from recipient" + FILTER), id, filter).query(Long.class).single();
	}

	private static JdbcClient.StatementSpec filtered(JdbcClient.StatementSpec statement, CampaignId id,
			RecipientFilter filter) {
		return statement.param("id", id.value())
			.param("state", filter.state() == null ? null : filter.state().name())
			.param("outcome", filter.outcome() == null ? null : filter.outcome().name())
			.param("externalId", filter.externalId())
			.param("phoneNumber", filter.phoneNumber());
	}

	public Optional<RecipientView> find(CampaignId id, long recipientId) {
		return jdbc.sql("select id, phone_number, external_id, state, outcome, outcome_reason, attempts, time_zones,"
				+ " next_attempt_at, not_before, not_after, last_call_sid, metadata::text as metadata from recipient"
				+ " where campaign_id = :id and id = :recipient")
			.param("id", id.value())
			.param("recipient", recipientId)
			.query(this::recipient)
			.optional();
	}

	/**
	 * A recipient's trail, oldest first: the plan made at ingest (from the recipient row), every
	 * decision recorded since ({@code recipient_event_by_recipient}), and the campaign's pauses,
	 * resumes and cancellation while the recipient was not yet done.
	 */
	public List<RecipientDecision> history(long recipientId) {
		return jdbc.sql("""
				select at, attempt, decision, reason, detail, next_attempt_at, call_sid, actor_key_id, actor_name from (
				    select r.created_at as at, 0 as source, 0::bigint as seq,
				           case when r.first_attempt_at is not null then 1 end as attempt,
				           case when r.first_attempt_at is null and r.outcome in ('SUPPRESSED', 'EXPIRED')
				                     and not exists (select 1 from recipient_event e where e.recipient_id = r.id)
				                then 'SKIPPED' else 'PLANNED' end as decision,
				           case when r.first_attempt_at is null and r.outcome in ('SUPPRESSED', 'EXPIRED')
				                     and not exists (select 1 from recipient_event e where e.recipient_id = r.id)
				                then r.outcome else 'SCHEDULED' end as reason,
				           case when r.first_attempt_at is not null
				                    then 'first attempt planned for the earliest lawful moment: its calling window in'
				                         || ' every zone, notBefore and the campaign''s start'
				                when r.outcome = 'SUPPRESSED' then 'on the do-not-call list at ingest: never dialled'
				                when r.outcome = 'EXPIRED' then 'no lawful opening before its deadline: never dialled'
				           end as detail,
				           r.first_attempt_at as next_attempt_at, null as call_sid,
				           null::uuid as actor_key_id, null as actor_name
				    from recipient r where r.id = :id
				    union all
				    select e.occurred_at, 1, e.id, e.attempt, e.decision, e.reason, e.detail, e.next_attempt_at, e.call_sid,
				           e.actor_key_id, e.actor_name
				    from recipient_event e where e.recipient_id = :id
				    union all
				    select c.occurred_at, 2, c.id, null,
				           case c.status when 'PAUSED' then 'DEFERRED' when 'CANCELLED' then 'SKIPPED' else 'PLANNED' end,
				           case c.status when 'RUNNING' then 'CAMPAIGN_RESUMED' else 'CAMPAIGN_' || c.status end,
				           c.reason, null, null, c.actor_key_id, c.actor_name
				    from campaign_event c join recipient r on r.campaign_id = c.campaign_id
				    where r.id = :id and c.occurred_at >= r.created_at
				      and (r.state <> 'DONE' or c.occurred_at <= r.updated_at)
				) trail
				order by at, source, seq
				""")
			.param("id", recipientId)
			.query((rs, row) -> new RecipientDecision(rs.getTimestamp("at").toInstant(),
					(Integer) rs.getObject("attempt"), rs.getString("decision"), rs.getString("reason"),
					rs.getString("detail"), instant(rs, "next_attempt_at"), rs.getString("call_sid"), actor(rs)))
			.list();
	}

	/**
	 * A recipient's call attempts, first first ({@code call_attempt_by_recipient}), each with its
	 * connection and what the agent reported of it.
	 */
	public List<RecipientCall> calls(long recipientId) {
		record Row(int attempt, @Nullable String callSid, @Nullable String status, @Nullable Instant triggeredAt,
				@Nullable Instant endedAt, @Nullable UUID connection, @Nullable String detection,
				@Nullable String disposition) {
		}
		List<Row> rows = jdbc.sql("select attempt, call_sid, status, triggered_at, ended_at, connection_id,"
				+ " detection, disposition from call_attempt where recipient_id = :id order by attempt")
			.param("id", recipientId)
			.query((rs, row) -> new Row(rs.getInt("attempt"), rs.getString("call_sid"), rs.getString("status"),
					instant(rs, "triggered_at"), instant(rs, "ended_at"), rs.getObject("connection_id", UUID.class),
					rs.getString("detection"), rs.getString("disposition")))
			.list();
		Map<UUID, ConnectionRef> refs = connections.find(rows.stream().map(Row::connection).toList());
		return rows.stream()
			.map(row -> new RecipientCall(row.attempt(), row.callSid(), row.status(), row.triggeredAt(), row.endedAt(),
					row.connection() == null ? null : refs.get(row.connection()), row.detection(), row.disposition()))
			.toList();
	}

	/** Who took a decision, from its {@code actor_key_id} and {@code actor_name} (null: the service's own). */
	static @Nullable Actor actor(ResultSet rs) throws SQLException {
		String name = rs.getString("actor_name");
		return name == null ? null : new Actor(rs.getObject("actor_key_id", UUID.class), name);
	}

	private RecipientView recipient(ResultSet rs, int row) throws SQLException {
		String outcome = rs.getString("outcome");
		Array zones = rs.getArray("time_zones");
		return new RecipientView(rs.getLong("id"), rs.getString("phone_number"), rs.getString("external_id"),
				RecipientState.valueOf(rs.getString("state")), outcome == null ? null : RecipientOutcome.valueOf(outcome),
				rs.getString("outcome_reason"), rs.getInt("attempts"),
				Arrays.asList((String[]) zones.getArray()), instant(rs, "next_attempt_at"), instant(rs, "not_before"),
				instant(rs, "not_after"), rs.getString("last_call_sid"), json.readValue(rs.getString("metadata"), METADATA));
	}

}
