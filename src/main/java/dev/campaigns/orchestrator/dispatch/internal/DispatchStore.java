package dev.campaigns.orchestrator.dispatch.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.campaigns.orchestrator.notify.Outbox;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The dispatcher's SQL, in one place. Claims are {@code UPDATE ... WHERE id IN (SELECT ...
 * FOR UPDATE SKIP LOCKED LIMIT n) RETURNING ...}, one round trip per batch, served by the
 * partial index {@code recipient_due}; concurrency counts from {@code campaign_active_calls} (V7).
 */
@Repository
class DispatchStore {

	private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
	};

	/**
	 * Leases of replicas that died while dialling, as common table expressions ({@code expired}):
	 * the trigger may or may not have been sent, so the attempt's outcome is unknown and the
	 * recipient is not dialled again. Served by {@code recipient_leased}, in its order (so no plan
	 * reads the calls in progress instead), the oldest 1,000 a round: a dead replica with more
	 * leases is taken over in a few rounds.
	 */
	private static final String TAKE_OVER = ("""
			expired as (
			    update recipient set state = 'DONE', outcome = 'TRIGGER_UNKNOWN',
			        outcome_reason = 'the replica dialling it stopped before it knew the trigger''s outcome',
			        lease_owner = null, lease_expires_at = null, next_attempt_at = null, updated_at = :now
			    where id in (select id from recipient where state = 'DIALING' and lease_expires_at < :now
			                 order by lease_expires_at limit 1000 for update skip locked)
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
			)""").formatted(Outbox.RECIPIENT_COMPLETED_COLUMNS, Outbox.recipientCompletedFrom("expired"));

	/** {@link #dueWork}: the round's housekeeping and its work, one statement (also explained by ClaimPlanBenchmark). */
	static final String DUE_WORK = """
			with %s, started as (
			    update campaign set status = 'RUNNING', updated_at = :now
			    where status = 'SCHEDULED' and (start_at is null or start_at <= :now)
			    returning id
			)
			select c.id, c.tenant, c.calls_per_minute, c.max_concurrent_calls, c.calling_window::text as window,
			       c.call_options::text as options,
			       coalesce((select calls from campaign_active_calls a where a.campaign_id = c.id), 0) as active,
			       (select coalesce(sum(calls), 0) from campaign_active_calls) as all_active, d.probed
			from campaign c
			  -- a probe per campaign that stops at its first recipient due by the horizon in recipient_due's order:
			  -- as an exists, the planner may make it a semi-join that reads every due recipient of every campaign
			  -- each round (a whole backlog); a subquery with a limit is never flattened, and its order leaves the
			  -- index as its only sensible plan (without it, a scan of the table was seen); offset 0 keeps the
			  -- lateral from being pulled up, which would run the probe again for the where
			  cross join lateral (select (select r.next_attempt_at from recipient r where r.campaign_id = c.id
			       and r.state = 'PENDING' and r.next_attempt_at <= :ahead
			       order by r.deadline, r.next_attempt_at limit 1) as probed offset 0) d
			where (c.status = 'RUNNING' or c.id in (select id from started)) and d.probed is not null
			""".formatted(TAKE_OVER);

	private final JdbcClient jdbc;

	private final JsonMapper json;

	DispatchStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * A running campaign with recipients due by the round's horizon, and how many of its calls are
	 * active; {@code probed} is the due time of its first recipient due by the horizon in the
	 * claim's order (earliest deadline first): when that is after the round's instant, none may
	 * be due yet (certainly so without deadlines; with them, one due now may wait behind one
	 * with an earlier deadline until that one is due, at most the horizon).
	 */
	record DueCampaign(UUID id, String tenant, int callsPerMinute, int maxConcurrentCalls, String callingWindow,
			String callOptions, int active, Instant probed) {
	}

	/**
	 * A recipient this replica now holds, with its attempt row already committed, and the time it
	 * was due (a round claiming ahead holds it until then).
	 */
	record Claimed(long recipientId, long attemptId, int attempt, String phoneNumber, @Nullable String countryCode,
			List<String> zones, Map<String, String> metadata, @Nullable Instant notBefore, @Nullable Instant deadline,
			Instant dueAt) {
	}

	/**
	 * The campaigns with recipients due by {@code ahead} (a round claiming ahead; at least now),
	 * and how many calls are active per campaign and everywhere
	 * (from {@code campaign_active_calls}, which triggers keep: no count of active calls). The same
	 * statement first does the round's housekeeping: it starts scheduled campaigns whose
	 * start has come and takes over the expired leases of dead replicas (see
	 * {@link #takeOverExpiredLeases}), so an idle round costs one round trip.
	 */
	DueWork dueWork(Instant now, Instant ahead) {
		List<Object[]> rows = jdbc.sql(DUE_WORK)
			.param("now", Timestamp.from(now))
			.param("ahead", Timestamp.from(ahead.isBefore(now) ? now : ahead))
			.query((rs, row) -> new Object[] { new DueCampaign(rs.getObject("id", UUID.class), rs.getString("tenant"),
					rs.getInt("calls_per_minute"), rs.getInt("max_concurrent_calls"), rs.getString("window"),
					rs.getString("options"), rs.getInt("active"), rs.getTimestamp("probed").toInstant()),
					rs.getInt("all_active") })
			.list();
		return new DueWork(rows.stream().map(row -> (DueCampaign) row[0]).toList(),
				rows.isEmpty() ? 0 : (int) rows.get(0)[1]);
	}

	/** The campaigns with recipients due, and the calls dialling or in progress in all campaigns. */
	record DueWork(List<DueCampaign> campaigns, int activeCalls) {
	}

	/**
	 * {@link #claim}: each campaign's share in one statement, each read by a probe of its own
	 * into {@code recipient_due} in the index's order (lateral, so no plan sorts a campaign's
	 * whole backlog), locked with {@code SKIP LOCKED}; their attempt rows written in the same
	 * statement (also explained by ClaimPlanBenchmark).
	 */
	static final String CLAIM = """
			with claimed as (
			    update recipient r
			    set state = 'DIALING', attempts = r.attempts + 1, lease_owner = :replica,
			        lease_expires_at = :lease, updated_at = :now
			    where r.id in (
			        select p.id from unnest(cast(:campaigns as uuid[]), cast(:shares as int[])) as s(campaign_id, n)
			          cross join lateral (
			            select id from recipient
			            where campaign_id = s.campaign_id and state = 'PENDING' and next_attempt_at <= :due
			            order by deadline, next_attempt_at
			            limit s.n
			            for update skip locked) p)
			    returning r.id, r.campaign_id, r.attempts, r.phone_number, r.country_code, r.time_zones, r.metadata,
			              r.not_before, r.deadline, r.next_attempt_at
			), attempts as (
			    insert into call_attempt (recipient_id, campaign_id, attempt, phase, lease_owner, lease_expires_at,
			                              created_at)
			    select id, campaign_id, attempts, 'TRIGGERING', :replica, :lease, greatest(:now, next_attempt_at)
			    from claimed
			    returning id, recipient_id
			)
			select c.id, c.campaign_id, a.id as attempt_id, c.attempts, c.phone_number, c.country_code, c.time_zones,
			       c.metadata::text as metadata, c.not_before, c.deadline, c.next_attempt_at
			from claimed c join attempts a on a.recipient_id = c.id
			""";

	/**
	 * Claims up to {@code n} due recipients of a campaign, earliest deadline first, and writes
	 * their attempt rows; both in the caller's transaction, before any request is sent. An
	 * attempt starts at its recipient's due time if that is later (a claim ahead): attempt caps
	 * count from the call, not the claim.
	 */
	List<Claimed> claim(UUID campaign, int n, String replica, Instant now, Instant leaseUntil) {
		return claim(campaign, n, replica, now, now, leaseUntil);
	}

	/**
	 * {@link #claim(UUID, int, String, Instant, Instant)} of the recipients due by {@code dueBy}
	 * (a round claiming ahead; not before now).
	 */
	List<Claimed> claim(UUID campaign, int n, String replica, Instant now, Instant dueBy, Instant leaseUntil) {
		return claim(Map.of(campaign, n), replica, now, dueBy, leaseUntil).getOrDefault(campaign, List.of());
	}

	/**
	 * {@link #claim(UUID, int, String, Instant, Instant, Instant)} for several campaigns at once,
	 * up to {@code shares}' number of each, in one statement: what each claimed (campaigns that
	 * claimed nobody are absent).
	 */
	Map<UUID, List<Claimed>> claim(Map<UUID, Integer> shares, String replica, Instant now, Instant dueBy,
			Instant leaseUntil) {
		List<UUID> campaigns = List.copyOf(shares.keySet());
		List<Object[]> claimed = jdbc.sql(CLAIM)
			.param("replica", replica)
			.param("lease", Timestamp.from(leaseUntil))
			.param("now", Timestamp.from(now))
			.param("due", Timestamp.from(dueBy.isBefore(now) ? now : dueBy))
			.param("campaigns", campaigns.stream().map(UUID::toString).toArray(String[]::new))
			.param("shares", campaigns.stream().map(shares::get).toArray(Integer[]::new))
			.query((rs, row) -> new Object[] { rs.getObject("campaign_id", UUID.class), rs.getLong("id"),
					rs.getLong("attempt_id"), rs.getInt("attempts"), rs.getString("phone_number"),
					rs.getString("country_code"), zones(rs), rs.getString("metadata"), instant(rs, "not_before"),
					instant(rs, "deadline"), rs.getTimestamp("next_attempt_at").toInstant() })
			.list();
		return claimed.stream()
			.collect(Collectors.groupingBy(row -> (UUID) row[0], Collectors.mapping(
					row -> new Claimed((long) row[1], (long) row[2], (int) row[3], (String) row[4], (String) row[5],
							castZones(row[6]), json.readValue((String) row[7], METADATA), (Instant) row[8],
							(Instant) row[9], (Instant) row[10]),
					Collectors.toList())));
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
	 * when there is no next time (skipped); the trail records why.
	 */
	void notPlaced(List<PutBack> putBacks) {
		if (putBacks.isEmpty()) {
			return;
		}
		Instant latest = putBacks.stream().map(PutBack::at).max(Instant::compareTo).orElseThrow();
		jdbc.sql("""
				with v as (
				    select * from unnest(cast(:attempts as bigint[]), cast(:ids as bigint[]),
				                         cast(:numbers as int[]), cast(:nexts as timestamptz[]),
				                         cast(:reasons as text[]), cast(:details as text[]),
				                         cast(:ats as timestamptz[]))
				        as v(attempt_id, recipient_id, attempt_number, next_at, reason_code, reason_detail, decided_at)
				), r as (
				    -- only a recipient still dialling: one taken over meanwhile keeps its outcome, and a
				    -- recording retried after a failure changes nothing twice
				    update recipient set state = case when v.next_at is null then 'DONE' else 'PENDING' end,
				        outcome = case when v.next_at is null then 'EXPIRED' end,
				        attempts = attempts - 1, next_attempt_at = v.next_at, lease_owner = null,
				        lease_expires_at = null, updated_at = v.decided_at
				    from v where recipient.id = v.recipient_id and recipient.state = 'DIALING'
				    returning %s, state
				), forgotten as (
				    delete from call_attempt a using v join r on r.id = v.recipient_id where a.id = v.attempt_id
				), audit as (
				    insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail,
				                                 next_attempt_at)
				    select v.recipient_id, v.decided_at, v.attempt_number,
				           case when v.next_at is null then 'SKIPPED' else 'DEFERRED' end, v.reason_code,
				           v.reason_detail, v.next_at
				    from v join r on r.id = v.recipient_id
				), done as (
				    select * from r where state = 'DONE'
				)
				%s
				""".formatted(Outbox.RECIPIENT_COMPLETED_COLUMNS, Outbox.recipientCompletedFrom("done")))
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

	/**
	 * Leases of replicas that died while dialling: the trigger may or may not have been sent,
	 * so the attempt's outcome is unknown and the recipient is not dialled again.
	 */
	int takeOverExpiredLeases(Instant now) {
		return jdbc.sql("with " + TAKE_OVER + " select count(*) from expired")
			.param("now", Timestamp.from(now))
			.query(Integer.class)
			.single();
	}

	private static List<String> zones(ResultSet rs) throws SQLException {
		Array zones = rs.getArray("time_zones");
		return Arrays.asList((String[]) zones.getArray());
	}

	@SuppressWarnings("unchecked")
	private static List<String> castZones(Object zones) {
		return (List<String>) zones;
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return timestamp == null ? null : timestamp.toInstant();
	}

	/** A PostgreSQL array literal of text, for {@code cast(:x as text[])}; null elements are NULL. */
	static String array(List<@Nullable String> values) {
		return values.stream()
			.map(value -> value == null ? "NULL"
					: '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
			.collect(Collectors.joining(",", "{", "}"));
	}

}
