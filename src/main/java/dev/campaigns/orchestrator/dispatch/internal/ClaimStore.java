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
 * The dispatcher's claim SQL: the round's due work and the claim. Claims are {@code UPDATE ... WHERE id IN (SELECT ...
 * FOR UPDATE SKIP LOCKED LIMIT n) RETURNING ...}, one round trip per batch, served by the
 * partial index {@code recipient_due}; concurrency counts from {@code campaign_active_calls} (V7).
 */
@Repository
class ClaimStore {

	private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
	};

	/** {@link #dueWork}: the round's housekeeping and its work, one statement (also explained by ClaimPlanBenchmark). */
	static final String DUE_WORK = """
			with started as (
			    -- a campaign whose row another transaction holds (an edit re-planning a million
			    -- recipients, an append) starts in a later round: the round never waits for it
			    update campaign set status = 'RUNNING', updated_at = :now
			    where id in (select id from campaign where status = 'SCHEDULED' and (start_at is null or start_at <= :now)
			                 for no key update skip locked)
			    returning id
			)
			, started_events as (
			    -- campaign.started, committed with the start
			    %s
			)
			select c.id, c.tenant, c.calls_per_minute, c.max_concurrent_calls, c.calling_window::text as window,
			       c.call_options::text as options, c.priority, c.connection_id, coalesce(pc.version, 0) as version,
			       coalesce((select calls from campaign_active_calls a where a.campaign_id = c.id), 0) as active,
			       coalesce(oc.calls, 0) as connection_active, d.probed
			from campaign c
			  -- a campaign on a disabled connection waits until it is enabled again
			  left join provider_connection pc on pc.id = c.connection_id
			  -- each connection's active calls, summed once for the round (not once per due campaign)
			  left join (select o.connection_id, sum(a.calls) as calls
			             from campaign_active_calls a join campaign o on o.id = a.campaign_id
			             group by o.connection_id) oc on oc.connection_id is not distinct from c.connection_id
			  -- a probe per campaign that stops at its first recipient due by the horizon in recipient_due's order:
			  -- as an exists, the planner may make it a semi-join that reads every due recipient of every campaign
			  -- each round (a whole backlog); a subquery with a limit is never flattened, and its order leaves the
			  -- index as its only sensible plan (without it, a scan of the table was seen); offset 0 keeps the
			  -- lateral from being pulled up, which would run the probe again for the where
			  cross join lateral (select (select r.next_attempt_at from recipient r where r.campaign_id = c.id
			       and r.state = 'PENDING' and r.next_attempt_at <= :ahead
			       order by r.deadline, r.next_attempt_at limit 1) as probed offset 0) d
			where (c.status = 'RUNNING' or c.id in (select id from started)) and d.probed is not null
			  and (c.connection_id is null or (pc.enabled and pc.deleted_at is null))
			""".formatted(Outbox.campaignStartedFrom("started").strip().replace("\n", "\n\t\t\t    "));

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ClaimStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * A running campaign with recipients due by the round's horizon, and how many of its calls are
	 * active; {@code probed} is the due time of its first recipient due by the horizon in the
	 * claim's order (earliest deadline first): when that is after the round's instant, none may
	 * be due yet (certainly so without deadlines; with them, one due now may wait behind one
	 * with an earlier deadline until that one is due, at most the horizon); {@code priority} is
	 * its share of a short budget ({@link FairShares}); {@code connection} (null: the default) and
	 * its {@code version} are what its triggers go through, and {@code connectionActive} is how
	 * many calls are active on that connection, all campaigns together.
	 */
	record DueCampaign(UUID id, String tenant, int callsPerMinute, int maxConcurrentCalls, String callingWindow,
			String callOptions, int active, Instant probed, int priority, @Nullable UUID connection, long version,
			int connectionActive) {
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
	 * and how many calls are active per campaign and per connection
	 * (from {@code campaign_active_calls}, which triggers keep: no count of active calls). The same
	 * statement first does the round's housekeeping: it starts scheduled campaigns whose
	 * start has come, so an idle round costs one round trip.
	 */
	List<DueCampaign> dueWork(Instant now, Instant ahead) {
		return jdbc.sql(DUE_WORK)
			.param("now", Timestamp.from(now))
			.param("ahead", Timestamp.from(ahead.isBefore(now) ? now : ahead))
			.query((rs, row) -> new DueCampaign(rs.getObject("id", UUID.class), rs.getString("tenant"),
					rs.getInt("calls_per_minute"), rs.getInt("max_concurrent_calls"), rs.getString("window"),
					rs.getString("options"), rs.getInt("active"), rs.getTimestamp("probed").toInstant(),
					rs.getInt("priority"), rs.getObject("connection_id", UUID.class), rs.getLong("version"),
					rs.getInt("connection_active")))
			.list();
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
			                              created_at, connection_id)
			    select k.id, k.campaign_id, k.attempts, 'TRIGGERING', :replica, :lease, greatest(:now, k.next_attempt_at),
			           c.connection_id
			    from claimed k join campaign c on c.id = k.campaign_id
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

}
