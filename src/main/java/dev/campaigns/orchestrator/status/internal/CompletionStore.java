package dev.campaigns.orchestrator.status.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.notify.Outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Completing campaigns with nothing left: the sweep's query and the completion itself, with
 * its {@code campaign.completed} event.
 */
@Repository
class CompletionStore {

	private final JdbcClient jdbc;

	CompletionStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Campaign {@code c} may complete at {@code :now}: it completes when done, or its end has
	 * passed ({@code AT_END}, see {@link dev.campaigns.orchestrator.campaign.CampaignCompletion}),
	 * and it has no recipient pending, dialling or in a call (see {@link #runningWithNothingLeft}).
	 */
	private static final String NOTHING_LEFT = """
			(c.completion = 'WHEN_DONE' or c.end_at <= :now)
			and (select true from recipient r where r.campaign_id = c.id and r.state = 'PENDING'
			 order by r.deadline, r.next_attempt_at limit 1) is null
			and coalesce((select a.calls from campaign_active_calls a where a.campaign_id = c.id), 0) = 0""";

	/**
	 * Running campaigns that may complete at {@code now} with nothing pending, dialling or in a
	 * call: per campaign, a probe of
	 * {@code recipient_due} that stops at the first pending recipient (a scalar subquery, never
	 * flattened into a join over every pending recipient), and the active calls kept in
	 * {@code campaign_active_calls} (no index finds a campaign's dialling and in-call rows).
	 */
	List<UUID> runningWithNothingLeft(Instant now) {
		return jdbc.sql("""
				select c.id from campaign c
				where c.status = 'RUNNING' and %s
				""".formatted(NOTHING_LEFT))
			.param("now", Timestamp.from(now))
			.query(UUID.class)
			.list();
	}

	/**
	 * A running campaign with nothing pending, dialling or in a call is completed, and its
	 * {@code campaign.completed} event (with the outcome counts) recorded in the outbox by
	 * the same statement. Answers 1 when it completed the campaign. The campaign's row is locked
	 * first, and what is left is looked for only then, by a statement of its own (so with a
	 * snapshot taken once the lock is held): an append attaching recipients holds that lock, so
	 * its recipients are seen; in a single statement, a wait for the lock would end in a re-check
	 * of the row alone, blind to them. A row another transaction holds (an append, an edit
	 * re-planning its recipients) is skipped, not waited for: the sweep looks again.
	 */
	@Transactional
	int completeIfFinished(UUID campaignId, Instant now) {
		if (jdbc.sql("select id from campaign where id = :id and status = 'RUNNING' for no key update skip locked")
			.param("id", campaignId)
			.query(UUID.class)
			.optional()
			.isEmpty()) {
			return 0;
		}
		return jdbc.sql("""
				with c as (
				    update campaign c set status = 'COMPLETED', completed_at = :now, updated_at = :now
				    where c.id = :id and c.status = 'RUNNING' and %s
				    returning c.id, c.tenant, c.name
				), counts as (
				    select o.outcome, count(r.id) as n
				    from unnest(cast(:outcomes as text[])) as o(outcome)
				    left join recipient r on r.campaign_id = :id and r.outcome = o.outcome
				    where exists (select 1 from c)
				    group by o.outcome
				)
				insert into outbox (tenant, event_type, payload, created_at)
				select c.tenant, cast(:event as text), jsonb_build_object(
				           'campaignId', c.id, 'name', c.name, 'completedAt', cast(:completedAt as text),
				           'counts', jsonb_build_object(
				               'total', (select count(*) from recipient r where r.campaign_id = c.id),
				               'byOutcome', (select jsonb_object_agg(outcome, n) from counts))),
				       :now
				from c
				""".formatted(NOTHING_LEFT))
			.param("now", Timestamp.from(now))
			.param("id", campaignId)
			.param("outcomes", Arrays.stream(RecipientOutcome.values()).map(Enum::name).toArray(String[]::new))
			.param("event", Outbox.CAMPAIGN_COMPLETED)
			.param("completedAt", now.toString())
			.update();
	}

}
