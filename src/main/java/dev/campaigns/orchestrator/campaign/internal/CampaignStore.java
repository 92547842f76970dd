package dev.campaigns.orchestrator.campaign.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.Actor;
import dev.campaigns.orchestrator.campaign.Campaign;
import dev.campaigns.orchestrator.campaign.CampaignCompletion;
import dev.campaigns.orchestrator.campaign.CampaignCounts;
import dev.campaigns.orchestrator.campaign.CampaignEvent;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignSchedule;
import dev.campaigns.orchestrator.campaign.CampaignStatus;
import dev.campaigns.orchestrator.campaign.CampaignView;
import dev.campaigns.orchestrator.campaign.RateLimit;
import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.campaign.RecipientState;
import dev.campaigns.orchestrator.connection.ConnectionRefs;
import dev.campaigns.orchestrator.notify.Outbox;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code campaign} table. Every read is scoped to a tenant: another tenant's id is absent. */
@Repository
public class CampaignStore {

	private static final String COLUMNS = "id, tenant, name, status, status_reason, start_at, end_at,"
			+ " default_time_zone, calling_window::text as calling_window, retry_policy::text as retry_policy,"
			+ " calls_per_minute, max_concurrent_calls, call_options::text as call_options, created_at, recipient_count,"
			+ " completion, priority";

	private final JdbcClient jdbc;

	private final SettingsJson settingsJson;

	private final ConnectionRefs connections;

	private final Outbox outbox;

	public CampaignStore(JdbcClient jdbc, SettingsJson settingsJson, ConnectionRefs connections, Outbox outbox) {
		this.jdbc = jdbc;
		this.settingsJson = settingsJson;
		this.connections = connections;
		this.outbox = outbox;
	}

	void insert(Campaign campaign) {
		jdbc.sql("""
				insert into campaign (id, tenant, name, status, status_reason, start_at, end_at, default_time_zone,
				    calling_window, retry_policy, calls_per_minute, max_concurrent_calls, call_options,
				    recipient_count, created_at, updated_at, completion, priority, connection_id)
				values (:id, :tenant, :name, :status, :reason, :startAt, :endAt, :zone, :window::jsonb, :retry::jsonb,
				    :perMinute, :concurrent, :call::jsonb, :count, :createdAt, :createdAt, :completion, :priority,
				    :connection)
				""")
			.param("connection", campaign.call().connection())
			.param("id", campaign.id().value())
			.param("tenant", campaign.tenant())
			.param("name", campaign.name())
			.param("status", campaign.status().name())
			.param("reason", campaign.statusReason())
			.param("startAt", timestamp(campaign.schedule().startAt()))
			.param("endAt", timestamp(campaign.schedule().endAt()))
			.param("zone", campaign.schedule().defaultTimeZone() == null ? null
					: campaign.schedule().defaultTimeZone().getId())
			.param("window", settingsJson.write(SettingsJson.window(campaign.schedule().callingWindow())))
			.param("retry", settingsJson.write(SettingsJson.retry(campaign.retry())))
			.param("perMinute", campaign.rateLimit().callsPerMinute())
			.param("concurrent", campaign.rateLimit().maxConcurrentCalls())
			.param("call", settingsJson.write(SettingsJson.call(campaign.call())))
			.param("count", campaign.recipientCount())
			.param("completion", campaign.schedule().completion().name())
			.param("priority", campaign.priority())
			.param("createdAt", timestamp(campaign.createdAt()))
			.update();
		if (campaign.status() == CampaignStatus.RUNNING) {
			// created to start at once: it starts now (a scheduled one starts in the dispatcher's round)
			outbox.record(campaign.tenant(), Outbox.CAMPAIGN_STARTED, Map.of("campaignId", campaign.id().value(),
					"name", campaign.name(), "startedAt", campaign.createdAt().toString()));
		}
	}

	/**
	 * Why the tenant's campaign may not use {@code connection}, or null when it may (null is the
	 * default connection). The connection's row is share-locked until the transaction ends, so
	 * it cannot be deleted under a campaign being created on it.
	 */
	@Nullable String connectionRefusal(String tenant, @Nullable UUID connection) {
		if (connection == null) {
			return null;
		}
		Boolean enabled = jdbc.sql("""
				select enabled from provider_connection
				where id = :id and tenant = :tenant and deleted_at is null for share
				""")
			.param("id", connection)
			.param("tenant", tenant)
			.query(Boolean.class)
			.optional()
			.orElse(null);
		if (enabled == null) {
			return "names no provider connection of this tenant (unknown or deleted)";
		}
		return enabled ? null : "names a disabled provider connection: enable it first";
	}

	public Optional<Campaign> find(CampaignId id, String tenant) {
		return jdbc.sql("select " + COLUMNS + " from campaign where id = :id and tenant = :tenant")
			.param("id", id.value())
			.param("tenant", tenant)
			.query(this::campaign)
			.optional();
	}

	/**
	 * Locks the campaign row for a lifecycle change or an append; {@code no key update}, so
	 * rows that merely reference the campaign (new attempts) are not blocked.
	 */
	Optional<Campaign> findForUpdate(CampaignId id, String tenant) {
		return jdbc.sql("select " + COLUMNS + " from campaign where id = :id and tenant = :tenant for no key update")
			.param("id", id.value())
			.param("tenant", tenant)
			.query(this::campaign)
			.optional();
	}

	/** A page of a tenant's campaigns, newest first (index {@code campaign_by_tenant}). */
	public List<Campaign> list(String tenant, @Nullable CampaignStatus status, int page, int size) {
		return jdbc.sql("select " + COLUMNS + " from campaign where tenant = :tenant"
				+ " and (cast(:status as text) is null or status = :status)"
				+ " order by created_at desc, id limit :size offset :offset")
			.param("tenant", tenant)
			.param("status", status == null ? null : status.name())
			.param("size", size)
			.param("offset", (long) page * size)
			.query(this::campaign)
			.list();
	}

	public long count(String tenant, @Nullable CampaignStatus status) {
		return jdbc.sql("select count(*) from campaign where tenant = :tenant"
				+ " and (cast(:status as text) is null or status = :status)")
			.param("tenant", tenant)
			.param("status", status == null ? null : status.name())
			.query(Long.class)
			.single();
	}

	/** The campaign as the API shows it: with its live counts and the connection it names. */
	public CampaignView view(Campaign campaign) {
		return CampaignView.of(campaign, counts(campaign.id()), connections.find(campaign.call().connection()));
	}

	/** Live counts by state and outcome. */
	public CampaignCounts counts(CampaignId id) {
		long[] byState = new long[RecipientState.values().length];
		Map<RecipientOutcome, Long> byOutcome = new EnumMap<>(RecipientOutcome.class);
		jdbc.sql("select state, outcome, count(*) as n from recipient where campaign_id = :id group by state, outcome")
			.param("id", id.value())
			.query(rs -> {
				long n = rs.getLong("n");
				byState[RecipientState.valueOf(rs.getString("state")).ordinal()] += n;
				String outcome = rs.getString("outcome");
				if (outcome != null) {
					byOutcome.merge(RecipientOutcome.valueOf(outcome), n, Long::sum);
				}
			});
		long total = 0;
		for (long n : byState) {
			total += n;
		}
		return new CampaignCounts(total, byState[RecipientState.PENDING.ordinal()],
				byState[RecipientState.DIALING.ordinal()], byState[RecipientState.IN_CALL.ordinal()],
				byState[RecipientState.DONE.ordinal()], byOutcome);
	}

	/** A lifecycle change, and its {@code campaign_event} for the recipients' trails, in one statement. */
	void changeStatus(CampaignId id, CampaignStatus status, @Nullable String reason, Actor actor, Instant now) {
		jdbc.sql("""
				with changed as (
				    update campaign set status = :status, status_reason = :reason, updated_at = :now,
				        completed_at = case when :final then :now else completed_at end, version = version + 1
				    where id = :id
				    returning id
				)
				insert into campaign_event (campaign_id, occurred_at, status, reason, actor_key_id, actor_name)
				select id, :now, :status, :reason, :actorKey, :actorName from changed
				""")
			.param("status", status.name())
			.param("actorKey", actor.keyId())
			.param("actorName", actor.name())
			.param("reason", reason)
			.param("now", timestamp(now))
			.param("final", status.isFinal())
			.param("id", id.value())
			.update();
	}

	/** The campaign's audit trail, oldest first ({@code campaign_event_by_campaign}). */
	public List<CampaignEvent> events(CampaignId id) {
		return jdbc.sql("select occurred_at, status, reason, actor_key_id, actor_name from campaign_event"
				+ " where campaign_id = :id order by occurred_at, id")
			.param("id", id.value())
			.query((rs, row) -> new CampaignEvent(rs.getTimestamp("occurred_at").toInstant(), rs.getString("status"),
					rs.getString("reason"), RecipientStore.actor(rs)))
			.list();
	}

	void addRecipients(CampaignId id, int added, Instant now) {
		jdbc.sql("update campaign set recipient_count = recipient_count + :added, updated_at = :now where id = :id")
			.param("added", added)
			.param("now", timestamp(now))
			.param("id", id.value())
			.update();
	}

	/** Cancels every recipient that has not been dialled yet; in-flight calls finish as they will. */
	/** Recipients not yet dialled are done as {@code CANCELLED}, each with its {@code recipient.completed}. */
	int cancelPendingRecipients(CampaignId id, Instant now) {
		return jdbc.sql("""
				with r as (
				    update recipient set state = 'DONE', outcome = 'CANCELLED', next_attempt_at = null, updated_at = :now
				    where campaign_id = :id and state = 'PENDING'
				    returning %s
				), events as (
				    %s
				)
				select count(*) from r
				""".formatted(Outbox.RECIPIENT_COMPLETED_COLUMNS, Outbox.recipientCompletedFrom("r")))
			.param("now", timestamp(now))
			.param("id", id.value())
			.query(Integer.class)
			.single();
	}

	private Campaign campaign(ResultSet rs, int row) throws SQLException {
		String zone = rs.getString("default_time_zone");
		CampaignSchedule schedule = new CampaignSchedule(instant(rs, "start_at"), instant(rs, "end_at"),
				settingsJson.readWindow(rs.getString("calling_window")), zone == null ? null : ZoneId.of(zone),
				CampaignCompletion.valueOf(rs.getString("completion")));
		return new Campaign(new CampaignId(rs.getObject("id", UUID.class)), rs.getString("tenant"),
				rs.getString("name"), CampaignStatus.valueOf(rs.getString("status")), rs.getString("status_reason"),
				schedule, settingsJson.readRetry(rs.getString("retry_policy")),
				new RateLimit(rs.getInt("calls_per_minute"), rs.getInt("max_concurrent_calls")), rs.getInt("priority"),
				settingsJson.readCall(rs.getString("call_options")), instant(rs, "created_at"),
				rs.getInt("recipient_count"));
	}

	static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return instant == null ? null : Timestamp.from(instant);
	}

	static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return timestamp == null ? null : timestamp.toInstant();
	}

}
