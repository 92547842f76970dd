package dev.campaigns.orchestrator.campaign.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.campaigns.orchestrator.campaign.Actor;
import dev.campaigns.orchestrator.campaign.Campaign;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignSchedule;
import dev.campaigns.orchestrator.campaign.CampaignView;
import dev.campaigns.orchestrator.notify.Outbox;
import dev.campaigns.orchestrator.schedule.CallTimes;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import static dev.campaigns.orchestrator.campaign.internal.CampaignStore.timestamp;

/**
 * The SQL of a campaign edit: the new settings, the re-plan of its recipients not yet dialled
 * (set-based, whatever their number) and the edit's entry in the campaign's audit. Each runs in
 * the caller's transaction, which holds the campaign's row.
 */
@Component
public class CampaignEditStore {

	/**
	 * {@link #replan}: each recipient waiting to be dialled ({@code PENDING}) gets its new
	 * deadline, and as its next attempt the lower bound {@code v.opening} of its zone set (the
	 * window's first opening in all of them from the campaign's start or now), not before its
	 * {@code notBefore} nor, after a call, the retry's backoff from that call's end (or the
	 * earliest its rule or the agent's retryAt gave, {@code retry_after}). The claim's
	 * checks refine a bound that falls outside the window (or a regional floor) and defer it to
	 * the true opening. One without an opening before its deadline is done as {@code EXPIRED},
	 * with its trail entry and its {@code recipient.completed}. Rows whose plan is unchanged are
	 * not written. Served by {@code recipient_due} (campaign_id, where state = 'PENDING').
	 */
	static final String REPLAN;

	static {
		// the new plan's terms, written once each: an update cannot join its own row laterally, and
		// a self-join to compute them first costs a second pass over the recipients
		String deadline = "least(r.not_after, cast(:endAt as timestamptz))";
		String next = """
				greatest(v.opening, r.not_before, case when r.attempts > 0 then coalesce(r.retry_after, (select
				    max(coalesce(a.ended_at, a.created_at)) from call_attempt a where a.recipient_id = r.id)
				    + make_interval(secs => :backoff)) end)""";
		String expired = "(v.opening is null or coalesce(%s >= %s, false))".formatted(next, deadline);
		REPLAN = """
				with v as (
				    select * from unnest(cast(:zones as text[]), cast(:openings as timestamptz[])) as v(zones, opening)
				), changed as (
				    update recipient r set deadline = %1$s,
				        state = case when %3$s then 'DONE' else 'PENDING' end,
				        outcome = case when %3$s then 'EXPIRED' end,
				        outcome_reason = case when %3$s then :reason end,
				        next_attempt_at = case when %3$s then null else %2$s end,
				        updated_at = :now
				    from v
				    where r.campaign_id = :id and r.state = 'PENDING' and v.zones = array_to_string(r.time_zones, ',')
				      and (%3$s or r.deadline is distinct from %1$s or r.next_attempt_at is distinct from %2$s)
				    returning %4$s, state, attempts + 1 as attempt
				), audit as (
				    insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail)
				    select id, :now, attempt, 'SKIPPED', 'DEADLINE_PASSED', :reason from changed where state = 'DONE'
				), done as (
				    select * from changed where state = 'DONE'
				), events as (
				    %5$s
				)
				select count(*) filter (where state = 'PENDING') as replanned,
				       count(*) filter (where state = 'DONE') as expired
				from changed
				""".formatted(deadline, next, expired, Outbox.RECIPIENT_COMPLETED_COLUMNS,
				Outbox.recipientCompletedFrom("done"));
	}

	private static final String EXPIRED_REASON = "no lawful opening before its deadline once the campaign was edited:"
			+ " never dialled again";

	private final CampaignStore campaigns;

	private final SettingsJson settingsJson;

	private final JdbcClient jdbc;

	CampaignEditStore(CampaignStore campaigns, SettingsJson settingsJson, JdbcClient jdbc) {
		this.campaigns = campaigns;
		this.settingsJson = settingsJson;
		this.jdbc = jdbc;
	}

	/** The campaign, its row locked until the transaction ends (edits and lifecycle changes queue). */
	public Optional<Campaign> findForUpdate(CampaignId id, String tenant) {
		return campaigns.findForUpdate(id, tenant);
	}

	/** Stores the edited settings ({@code startAt} and the call options are not editable). */
	public void update(CampaignId id, CampaignSettingsValidation.Settings settings, Instant now) {
		CampaignSchedule schedule = settings.schedule();
		jdbc.sql("""
				update campaign set name = :name, end_at = :endAt, default_time_zone = :zone,
				    calling_window = :window::jsonb, retry_policy = :retry::jsonb, calls_per_minute = :perMinute,
				    max_concurrent_calls = :concurrent, priority = :priority, completion = :completion, updated_at = :now,
				    version = version + 1
				where id = :id
				""")
			.param("name", settings.name())
			.param("endAt", timestamp(schedule.endAt()))
			.param("zone", schedule.defaultTimeZone() == null ? null : schedule.defaultTimeZone().getId())
			.param("window", settingsJson.write(SettingsJson.window(schedule.callingWindow())))
			.param("retry", settingsJson.write(SettingsJson.retry(settings.retry())))
			.param("perMinute", settings.rateLimit().callsPerMinute())
			.param("concurrent", settings.rateLimit().maxConcurrentCalls())
			.param("priority", settings.priority())
			.param("completion", schedule.completion().name())
			.param("now", timestamp(now))
			.param("id", id.value())
			.update();
	}

	/** What a re-plan did: recipients given a new plan, and those done as {@code EXPIRED}. */
	public record Replanned(long replanned, long expired) {
	}

	/**
	 * Plans the campaign's recipients not yet dialled for its (new) schedule and backoff, in
	 * two statements whatever their number: the zone sets waiting, then {@link #REPLAN} with the
	 * first opening of each. Recipients being dialled or in a call keep their plan but take the
	 * new deadline, which decides their retry.
	 */
	public Replanned replan(CampaignId id, CampaignSchedule schedule, Duration backoff, Instant now) {
		Instant from = schedule.startAt() != null && schedule.startAt().isAfter(now) ? schedule.startAt() : now;
		List<String> zoneSets = jdbc.sql("""
				select distinct array_to_string(time_zones, ',') from recipient
				where campaign_id = :id and state = 'PENDING'
				""")
			.param("id", id.value())
			.query(String.class)
			.list();
		List<@Nullable String> openings = zoneSets.stream()
			.map(zones -> CallTimes.nextOpening(List.of(schedule.callingWindow()),
					Arrays.stream(zones.split(",")).map(ZoneId::of).toList(), from)
				.map(Instant::toString)
				.orElse(null))
			.toList();
		Replanned replanned = jdbc.sql(REPLAN)
			.param("zones", array(zoneSets))
			.param("openings", array(openings))
			.param("endAt", timestamp(schedule.endAt()))
			.param("backoff", backoff.toSeconds())
			.param("reason", EXPIRED_REASON)
			.param("now", timestamp(now))
			.param("id", id.value())
			.query((rs, row) -> new Replanned(rs.getLong("replanned"), rs.getLong("expired")))
			.single();
		// last: the rows of calls in progress stay locked only from here to the commit (the poller records their ends)
		jdbc.sql("""
				update recipient set deadline = least(not_after, cast(:endAt as timestamptz)), updated_at = :now
				where campaign_id = :id and state in ('DIALING', 'IN_CALL')
				  and deadline is distinct from least(not_after, cast(:endAt as timestamptz))
				""")
			.param("endAt", timestamp(schedule.endAt()))
			.param("now", timestamp(now))
			.param("id", id.value())
			.update();
		return replanned;
	}

	/**
	 * The edit's entry in the campaign's audit ({@code campaign_event}, status {@code EDITED}):
	 * every changed field with its old and new value. It also shows in the trail of each
	 * recipient not yet done, which is why re-planned recipients need no entry of their own.
	 */
	public void recordEdit(CampaignId id, List<SettingsPatch.Change> changes, Actor actor, Instant now) {
		jdbc.sql("insert into campaign_event (campaign_id, occurred_at, status, reason, actor_key_id, actor_name)"
				+ " values (:id, :now, 'EDITED', :reason, :actorKey, :actorName)")
			.param("id", id.value())
			.param("actorKey", actor.keyId())
			.param("actorName", actor.name())
			.param("now", timestamp(now))
			.param("reason", changes.stream().map(SettingsPatch.Change::text).collect(Collectors.joining("; ")))
			.update();
	}

	public CampaignView view(CampaignId id, String tenant) {
		return campaigns.view(campaigns.find(id, tenant).orElseThrow());
	}

	/** A Postgres array literal of the values (null: NULL). */
	private static String array(List<@Nullable String> values) {
		return values.stream()
			.map(value -> value == null ? "NULL" : '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
			.collect(Collectors.joining(",", "{", "}"));
	}

}
