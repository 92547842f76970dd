package dev.campaigns.orchestrator.ratelimit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SQL edge of the rate budgets: each budget is one row of {@code rate_limit}, shared by
 * every replica. A reservation locks the rows it needs (in name order, so takers never
 * deadlock), lets {@link Slots} hand out the send instants, and writes the rows back: two
 * statements in one transaction, whatever the number of requests.
 */
@Repository
public class RateLimits {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	/** Budgets known to have a row; one deleted behind our back is created again on its next use. */
	private final Set<String> known = ConcurrentHashMap.newKeySet();

	public RateLimits(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Hands the lanes' requests their send instants, from {@code now} up to {@code horizon},
	 * keeping every common budget and each lane's own; see {@link Slots#schedule}.
	 */
	public Slots.Plan reserve(List<Pace> common, List<Slots.Lane> lanes, Instant now, Instant horizon) {
		Set<String> names = new LinkedHashSet<>();
		common.forEach(pace -> names.add(pace.name()));
		lanes.stream().filter(lane -> lane.own() != null).forEach(lane -> names.add(lane.own().name()));
		return transactions.execute(tx -> {
			Map<String, PaceState> states = locked(names, now);
			Slots.Plan plan = Slots.schedule(common, lanes, states, now, horizon);
			write(plan.states(), states);
			return plan;
		});
	}

	/** What a {@link #take} granted: how many slots, and the budget's state it left. */
	public record Take(int granted, PaceState after) {
	}

	/** Takes up to {@code wanted} slots of one budget that may be used at once. */
	public Take take(Pace pace, int wanted, Instant now) {
		List<Instant> earliest = new ArrayList<>(Math.max(0, wanted));
		for (int i = 0; i < wanted; i++) {
			earliest.add(now);
		}
		Slots.Plan plan = reserve(List.of(), List.of(new Slots.Lane(pace.name(), pace, earliest)), now, now);
		return new Take(plan.of(pace.name()).size(), plan.states().getOrDefault(pace.name(), PaceState.fresh(now)));
	}

	/**
	 * Returns the last {@code unused} slots of a take, if nobody took any since (else they are
	 * lost: slots others reserved after them must keep their places).
	 */
	public void giveBack(Pace pace, Take take, int unused, Instant now) {
		if (unused <= 0) {
			return;
		}
		Instant back = take.after().tat().minus(take.after().interval(pace, now).multipliedBy(unused));
		jdbc.sql("update rate_limit set tat = :back where name = :name and tat = :tat")
			.param("back", Timestamp.from(back))
			.param("name", pace.name())
			.param("tat", Timestamp.from(take.after().tat()))
			.update();
	}

	/**
	 * A 429 from the provider: the budget grants nothing until {@code retryAfter} from now, and
	 * half its rate after that, growing back by {@link PaceState#RECOVERY_PER_SECOND}.
	 */
	public PaceState throttle(Pace pace, Duration retryAfter, Instant now) {
		return transactions.execute(tx -> {
			Map<String, PaceState> states = locked(Set.of(pace.name()), now);
			PaceState throttled = states.get(pace.name()).throttled(now.plus(retryAfter), now);
			write(Map.of(pace.name(), throttled), Map.of());
			return throttled;
		});
	}

	/** The rows of these budgets, locked for this transaction; rows missing are created fresh first. */
	private Map<String, PaceState> locked(Set<String> names, Instant now) {
		if (!known.containsAll(names)) {
			create(names, now);
		}
		Map<String, PaceState> states = select(names);
		if (states.size() < names.size()) {
			known.removeAll(names);
			create(names, now);
			states = select(names);
		}
		return states;
	}

	private Map<String, PaceState> select(Set<String> names) {
		Map<String, PaceState> states = new HashMap<>();
		jdbc.sql("""
				select name, tat, factor, factor_at, throttled_until from rate_limit
				where name = any(cast(:names as text[])) order by name for update
				""")
			.param("names", names.toArray(String[]::new))
			.query((rs, row) -> Map.entry(rs.getString("name"), state(rs)))
			.list()
			.forEach(entry -> states.put(entry.getKey(), entry.getValue()));
		return states;
	}

	private void create(Set<String> names, Instant now) {
		jdbc.sql("""
				insert into rate_limit (name, tat, factor, factor_at)
				select name, :now, 1, :now from unnest(cast(:names as text[])) as n(name)
				on conflict (name) do nothing
				""")
			.param("names", names.toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.update();
		known.addAll(names);
	}

	/** Writes back the states that changed, in one statement. */
	private void write(Map<String, PaceState> states, Map<String, PaceState> before) {
		List<String> names = states.keySet().stream().filter(name -> !states.get(name).equals(before.get(name)))
			.sorted().toList();
		if (names.isEmpty()) {
			return;
		}
		jdbc.sql("""
				update rate_limit r set tat = v.tat, factor = v.factor, factor_at = v.factor_at,
				    throttled_until = v.throttled_until
				from unnest(cast(:names as text[]), cast(:tats as timestamptz[]), cast(:factors as float8[]),
				            cast(:factor_ats as timestamptz[]), cast(:throttled as timestamptz[]))
				    as v(name, tat, factor, factor_at, throttled_until)
				where r.name = v.name
				""")
			.param("names", names.toArray(String[]::new))
			.param("tats", names.stream().map(name -> states.get(name).tat().toString()).toArray(String[]::new))
			.param("factors", names.stream().map(name -> states.get(name).factor()).toArray(Double[]::new))
			.param("factor_ats",
					names.stream().map(name -> states.get(name).factorAt().toString()).toArray(String[]::new))
			.param("throttled", names.stream().map(name -> {
				Instant until = states.get(name).throttledUntil();
				return until == null ? null : until.toString();
			}).toArray(String[]::new))
			.update();
	}

	private static PaceState state(ResultSet rs) throws SQLException {
		Timestamp throttled = rs.getTimestamp("throttled_until");
		return new PaceState(rs.getTimestamp("tat").toInstant(), rs.getDouble("factor"),
				rs.getTimestamp("factor_at").toInstant(), throttled == null ? null : throttled.toInstant());
	}

}
