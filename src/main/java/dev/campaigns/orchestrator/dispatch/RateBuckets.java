package dev.campaigns.orchestrator.dispatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Token buckets in PostgreSQL, shared by every replica. Taking tokens is one statement over
 * one or several buckets at once: each row is refilled for the time since it was last
 * touched, at {@code rate * rate_factor}, up to its capacity, and as many whole tokens as
 * every one of them holds (at most {@code wanted}) are taken from all of them. Used for the
 * dispatcher's global and per-campaign trigger rates and the poller's status requests.
 * After a 429 a bucket gives nothing until {@code throttled_until}, and its factor is
 * halved; the factor grows back by {@code recovery} per second.
 *
 * <p>A bucket may also have a sliding window: its takes of the last {@code window} (kept in
 * its row) never add up to more than {@code windowLimit}. A token bucket of rate R and
 * capacity B grants at most R + B in any second, but a granted request may leave later than
 * its grant, by up to some delay D: requests granted in 1 s + D can then leave within one
 * second. A window of 1 s + D limited to R + B holds the bound where the requests leave.
 */
@Repository
public class RateBuckets {

	/**
	 * The buckets of a take ({@code s}, in the order asked: {@code ord}, each with the tokens it
	 * wants) and their rows as locked ({@code current}, in name order, so takers never deadlock),
	 * each refilled for the time since it was last touched, with its window's room at {@code :now}.
	 */
	private static final String BUCKETS = """
			s as (
			    select * from unnest(cast(:names as text[]), cast(:rates as float8[]), cast(:capacities as float8[]),
			                         cast(:recoveries as float8[]), cast(:windows as float8[]), cast(:limits as float8[]),
			                         cast(:idle_capacities as float8[]), cast(:wanted as int[]))
			        with ordinality as s(name, rate, capacity, recovery, window_seconds, window_limit, idle_capacity,
			                             wanted, ord)
			), current as (
			    select b.name, s.ord, s.wanted, b.throttled_until, s.capacity, s.window_seconds,
			           least(1.0, b.rate_factor + s.recovery * e.seconds) as factor,
			           -- refilled for the time since the last take, up to the capacity; after a quiet spell (a refill
			           -- of twice the capacity) only up to the idle capacity
			           least(case when s.rate * b.rate_factor * e.seconds >= 2 * s.capacity then s.idle_capacity
			                      else s.capacity end,
			                 b.tokens + s.rate * b.rate_factor * e.seconds) as available,
			           case when s.window_seconds <= 0 then null
			                else s.window_limit - coalesce((
			                    select sum(w.n) from unnest(b.window_at, b.window_n) as w(at, n)
			                    where w.at > cast(:now as timestamptz) - make_interval(secs => s.window_seconds)), 0)
			           end as window_room
			    -- from the row as locked: other replicas may have taken since the statement began
			    from rate_bucket b join s on s.name = b.name
			        cross join lateral (select greatest(0, extract(epoch from (:now - b.refreshed_at))) as seconds) e
			    order by b.name
			    for update of b
			)""";

	/**
	 * The update of a take, from {@code current} joined to {@code granted} (the tokens each row
	 * gives, {@code g.n}): a windowed row keeps the entries of its last two windows (a take passed
	 * an older instant than another replica's must still see the takes of its own window) and
	 * the new ones, {@code %1$s} and {@code %2$s} (their instants and counts).
	 */
	private static final String UPDATE = """
			update rate_bucket b set tokens = c.available - g.n, refreshed_at = greatest(b.refreshed_at, :now),
			    rate_factor = c.factor,
			    window_at = case when c.window_seconds <= 0 then '{}' else
			        array(select w.at from unnest(b.window_at, b.window_n) with ordinality as w(at, n, i)
			              where w.at > cast(:now as timestamptz) - 2 * make_interval(secs => c.window_seconds) order by w.i)
			        || %1$s end,
			    window_n = case when c.window_seconds <= 0 then '{}' else
			        array(select w.n from unnest(b.window_at, b.window_n) with ordinality as w(at, n, i)
			              where w.at > cast(:now as timestamptz) - 2 * make_interval(secs => c.window_seconds) order by w.i)
			        || %2$s end
			from current c join granted g on g.ord = c.ord
			where b.name = c.name
			returning b.name, g.n, b.tokens, b.rate_factor, b.throttled_until, b.window_at, b.window_n
			""";

	/** {@link #take(List, int, Instant)}: as many from every bucket as the emptiest holds, stamped at {@code :now}. */
	private static final String TAKE = """
			with %s, taken as (
			    select case when count(*) < cardinality(cast(:names as text[])) then 0
			                when bool_or(throttled_until > :now) then 0
			                else greatest(0, least(min(wanted), min(floor(available)),
			                                       coalesce(min(floor(window_room)), min(wanted))))::int end as n
			    from current
			), granted as (
			    select c.ord, t.n from current c cross join taken t
			)
			""".formatted(BUCKETS) + UPDATE.formatted(
			"case when g.n = 0 then '{}' else array[cast(:now as timestamptz)] end",
			"case when g.n = 0 then '{}' else array[g.n] end");

	/**
	 * {@link #take(Bucket, List, Instant)}: the shared bucket (ord 1) and each share's own (ord 2
	 * on); each share gets what its own bucket holds, at most what it wants, while the shared one
	 * has any left, in the order asked; the shared bucket's window keeps each granted token at its
	 * stamp.
	 */
	private static final String TAKE_SHARES = """
			with %s, shared as (
			    select case when (select count(*) from current) < cardinality(cast(:names as text[])) then 0
			                when c.throttled_until > :now then 0
			                else greatest(0, least(floor(c.available), coalesce(floor(c.window_room), c.available)))
			           end as tokens
			    from current c where c.ord = 1
			), can as (
			    select c.ord, case when c.throttled_until > :now then 0
			                       else greatest(0, least(c.wanted, floor(c.available))) end as n
			    from current c where c.ord > 1
			), served as (
			    select can.ord, least(can.n, greatest(0, sh.tokens - coalesce(sum(can.n) over (order by can.ord
			               rows between unbounded preceding and 1 preceding), 0)))::int as n
			    from can cross join shared sh
			), granted as (
			    select 1::bigint as ord, coalesce(sum(n), 0)::int as n from served
			    union all
			    select ord, n from served
			), stamped as (
			    -- the stamps of the granted tokens: each share's first n
			    select t.at from (select cast(t.at as timestamptz) as at, t.share,
			                             row_number() over (partition by t.share order by t.i) as k
			                      from unnest(cast(:stamps as text[]), cast(:stamp_shares as bigint[]))
			                          with ordinality as t(at, share, i)) t
			        join served v on v.ord = t.share
			    where t.k <= v.n
			)
			""".formatted(BUCKETS) + UPDATE.formatted(
			"array(select t.at from stamped t group by t.at order by t.at)",
			"array(select count(*)::int from stamped t group by t.at order by t.at)");

	private final JdbcClient jdbc;

	/** Buckets known to have a row; a row deleted behind our back is recreated on the next take. */
	private final Set<String> known = ConcurrentHashMap.newKeySet();

	public RateBuckets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A bucket: its name, steady rate, capacity and the recovery of its rate factor per second;
	 * its sliding window (zero for none) with the most its takes may add up to within it; the
	 * batch a round should wait for once it ran dry (80 % of it; the capacity, unless the
	 * capacity is a reserve above what should go at once); and what it holds after a quiet spell
	 * (no take while it could have refilled twice its capacity), and when first used: the
	 * capacity, or less when the capacity is a reserve for takers that come late while busy,
	 * not for a burst after a pause.
	 */
	public record Bucket(String name, double ratePerSecond, double capacity, double recovery, Duration window,
			double windowLimit, double batch, double idleCapacity) {

		/** A bucket without a window. */
		public Bucket(String name, double ratePerSecond, double capacity, double recovery) {
			this(name, ratePerSecond, capacity, recovery, Duration.ZERO, 0, capacity);
		}

		/** A bucket that holds its capacity after a quiet spell too. */
		public Bucket(String name, double ratePerSecond, double capacity, double recovery, Duration window,
				double windowLimit, double batch) {
			this(name, ratePerSecond, capacity, recovery, window, windowLimit, batch, capacity);
		}

		boolean windowed() {
			return !window.isNegative() && !window.isZero();
		}

		/** What the window lets a take at {@code now} have, given the takes in {@code state}. */
		double windowRoom(State state, Instant now) {
			if (!windowed()) {
				return Double.MAX_VALUE;
			}
			Instant from = now.minus(window);
			return windowLimit - state.window().stream().filter(taken -> taken.at().isAfter(from))
				.mapToInt(Taken::tokens).sum();
		}

		/**
		 * How long from {@code now} until the window lets a take have {@code tokens} (zero if it
		 * does now, or there is no window): takes leave the window {@code window} after they were
		 * made.
		 */
		Duration untilWindowRoom(double tokens, State state, Instant now) {
			double room = windowRoom(state, now);
			if (room >= tokens) {
				return Duration.ZERO;
			}
			Instant from = now.minus(window);
			List<Taken> inWindow = state.window().stream().filter(taken -> taken.at().isAfter(from))
				.sorted(Comparator.comparing(Taken::at)).toList();
			for (Taken taken : inWindow) {
				room += taken.tokens();
				if (room >= tokens) {
					return Duration.between(now, taken.at().plus(window));
				}
			}
			// the limit is below what is wanted: once everything in it has left, the window is empty
			return inWindow.isEmpty() ? Duration.ZERO : Duration.between(now, inWindow.get(inWindow.size() - 1).at()
				.plus(window));
		}

		/**
		 * The tokens the bucket holds at {@code now} if nobody took any since it was in
		 * {@code state} at {@code at} (the refill of the take statement, in Java).
		 */
		public double tokensAt(State state, Instant at, Instant now) {
			Instant throttledUntil = state.throttledUntil();
			if (throttledUntil != null && throttledUntil.isAfter(now)) {
				return 0;
			}
			double seconds = Math.max(0, Duration.between(at, now).toNanos() / 1e9);
			double refill = ratePerSecond * state.rateFactor() * seconds;
			double cap = refill >= 2 * capacity ? idleCapacity : capacity;
			return Math.max(0, Math.min(Math.min(cap, state.tokens() + refill), windowRoom(state, now)));
		}

		/**
		 * How long, from {@code now}, until the bucket is worth another take given its state
		 * after one: at once while it holds a whole token, else once it holds {@code tokens}; and
		 * not before its window has room for {@code tokens}, nor before a throttle ends.
		 */
		Duration until(double tokens, State state, Instant now) {
			Duration wait = Duration.ZERO;
			// a bucket with a whole token left can serve the next take at once
			double missing = state.tokens() >= 1 ? 0 : tokens - state.tokens();
			double rate = ratePerSecond * state.rateFactor();
			if (missing > 0) {
				wait = rate > 0 ? Duration.ofNanos((long) Math.ceil(missing / rate * 1e9)) : Duration.ofDays(1);
			}
			// until the window has room for a batch (at the rate, a nearly full window would otherwise
			// hand out a token or two a round); zero without a window
			Duration windowWait = untilWindowRoom(Math.min(tokens, Math.max(1, windowLimit)), state, now);
			if (windowWait.compareTo(wait) > 0) {
				wait = windowWait;
			}
			Instant throttledUntil = state.throttledUntil();
			if (throttledUntil != null && throttledUntil.isAfter(now.plus(wait))) {
				wait = Duration.between(now, throttledUntil);
			}
			return wait;
		}

	}

	/** A bucket row after a take, with the takes in its window (none if it has no window). */
	public record State(double tokens, double rateFactor, @Nullable Instant throttledUntil, List<Taken> window) {

		public State(double tokens, double rateFactor, @Nullable Instant throttledUntil) {
			this(tokens, rateFactor, throttledUntil, List.of());
		}

	}

	/** A take kept in a bucket's window: when, and how many tokens (negative: given back). */
	public record Taken(Instant at, int tokens) {
	}

	/**
	 * What a take granted, and for each bucket (in the order asked) how long until the next
	 * take is worth a round trip: zero while it has a token left, else until it holds a batch.
	 */
	public record Grant(int granted, List<Duration> refills, List<State> states) {

		/** Until every bucket holds a batch again. */
		public Duration untilRefilled() {
			return refills.stream().max(Duration::compareTo).orElse(Duration.ZERO);
		}

		/** Until the bucket at this index (in the order asked) holds a batch again. */
		public Duration untilRefilled(int bucket) {
			return refills.get(bucket);
		}

	}

	/** Takes up to {@code wanted} tokens from one bucket; answers how many were granted. */
	public int take(String name, int wanted, double ratePerSecond, double capacity, double recovery, Instant now) {
		return take(List.of(new Bucket(name, ratePerSecond, capacity, recovery)), wanted, now).granted();
	}

	/**
	 * Takes the same number of tokens, up to {@code wanted}, from every bucket at once (as
	 * many as the emptiest holds), in one statement, counted in the windows at {@code now}. A
	 * bucket used for the first time starts with its idle capacity.
	 */
	public Grant take(List<Bucket> buckets, int wanted, Instant now) {
		if (wanted <= 0) {
			return new Grant(0, buckets.stream().map(bucket -> Duration.ZERO).toList(),
					buckets.stream().map(bucket -> new State(bucket.capacity(), 1, null)).toList());
		}
		List<Row> rows = taken(buckets, now, () -> statement(TAKE, buckets,
				buckets.stream().map(bucket -> wanted).toList(), now).query(RateBuckets::row).list());
		int granted = rows.isEmpty() ? 0 : rows.get(0).granted();
		Map<String, Row> byName = byName(rows);
		List<State> states = buckets.stream().map(bucket -> stateOf(byName, bucket)).toList();
		List<Duration> refills = new ArrayList<>(buckets.size());
		for (int i = 0; i < buckets.size(); i++) {
			refills.add(refill(buckets.get(i), states.get(i), now));
		}
		return new Grant(granted, refills, states);
	}

	/**
	 * The tokens worth waiting for before the next take: most of the capacity (so a round
	 * takes a batch, not one token), but a margin below it, so a round that comes a little late
	 * finds the bucket not yet overflowing.
	 */
	static double refillTarget(double capacity) {
		return Math.max(1, Math.min(capacity - 1, Math.floor(0.8 * capacity)));
	}

	private void create(List<Bucket> buckets, Instant now) {
		jdbc.sql("""
				insert into rate_bucket (name, tokens, refreshed_at)
				select s.name, s.capacity, cast(:now as timestamptz)
				from unnest(cast(:names as text[]), cast(:capacities as float8[])) as s(name, capacity)
				on conflict (name) do nothing
				""")
			.param("names", buckets.stream().map(Bucket::name).toArray(String[]::new))
			.param("capacities", buckets.stream().map(Bucket::idleCapacity).toArray(Double[]::new))
			.param("now", Timestamp.from(now))
			.update();
		buckets.forEach(bucket -> known.add(bucket.name()));
	}

	/**
	 * The rows a take statement answered, its buckets created first where not known to exist;
	 * a row deleted since it was created (a test cleared the table) is created again, and the
	 * take retried.
	 */
	private List<Row> taken(List<Bucket> buckets, Instant now, Supplier<List<Row>> take) {
		if (buckets.stream().anyMatch(bucket -> !known.contains(bucket.name()))) {
			create(buckets, now);
		}
		List<Row> rows = take.get();
		if (rows.size() < buckets.size()) {
			buckets.forEach(bucket -> known.remove(bucket.name()));
			create(buckets, now);
			rows = take.get();
		}
		return rows;
	}

	/** A take statement with its buckets' parameters ({@link #BUCKETS}), each wanting its tokens. */
	private JdbcClient.StatementSpec statement(String sql, List<Bucket> buckets, List<Integer> wanted, Instant now) {
		return jdbc.sql(sql)
			.param("names", buckets.stream().map(Bucket::name).toArray(String[]::new))
			.param("rates", buckets.stream().map(Bucket::ratePerSecond).toArray(Double[]::new))
			.param("capacities", buckets.stream().map(Bucket::capacity).toArray(Double[]::new))
			.param("recoveries", buckets.stream().map(Bucket::recovery).toArray(Double[]::new))
			.param("windows", buckets.stream().map(bucket -> bucket.window().toNanos() / 1e9).toArray(Double[]::new))
			.param("limits", buckets.stream().map(Bucket::windowLimit).toArray(Double[]::new))
			.param("idle_capacities", buckets.stream().map(Bucket::idleCapacity).toArray(Double[]::new))
			.param("wanted", wanted.toArray(Integer[]::new))
			.param("now", Timestamp.from(now));
	}

	private static Map<String, Row> byName(List<Row> rows) {
		return rows.stream().collect(Collectors.toMap(Row::name, row -> row, (a, b) -> a));
	}

	/** A bucket's row after a take; an empty one if the statement answered none for it. */
	private static State stateOf(Map<String, Row> rows, Bucket bucket) {
		Row row = rows.get(bucket.name());
		return row == null ? new State(0, 1, null) : row.state();
	}

	/** How long from {@code now} until the bucket, in {@code state} after a take, is worth another. */
	private static Duration refill(Bucket bucket, State state, Instant now) {
		return bucket.until(refillTarget(bucket.batch()), state, now);
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		Timestamp throttled = rs.getTimestamp("throttled_until");
		Timestamp[] at = (Timestamp[]) rs.getArray("window_at").getArray();
		Integer[] taken = (Integer[]) rs.getArray("window_n").getArray();
		List<Taken> window = new ArrayList<>(at.length);
		for (int i = 0; i < at.length && i < taken.length; i++) {
			window.add(new Taken(at[i].toInstant(), taken[i]));
		}
		return new Row(rs.getString("name"), rs.getInt("n"), new State(rs.getDouble("tokens"),
				rs.getDouble("rate_factor"), throttled == null ? null : throttled.toInstant(), window));
	}

	/**
	 * One share of a {@link #take(Bucket, List, Instant) shared take}: its own bucket (no window),
	 * the tokens it wants, and the instant of each (none before the take's).
	 */
	public record Share(Bucket own, int wanted, List<Instant> stamps) {

		public Share {
			if (own.windowed()) {
				throw new IllegalArgumentException("a share's own bucket has no window: " + own.name());
			}
			if (stamps.size() != wanted) {
				throw new IllegalArgumentException("one stamp per token wanted: " + stamps.size() + " for " + wanted);
			}
			stamps = List.copyOf(stamps);
		}

	}

	/**
	 * Takes for several shares at once, in one statement: each share wants tokens from
	 * {@code shared} and from its own bucket, and gets as many as its own bucket holds (at most
	 * what it wants) while {@code shared} has any left, in the order given; so, in one round
	 * trip, what takes over {@code [shared, own]}, one share after the other, would grant
	 * each. Each token has its own instant in {@code shared}'s
	 * window: a share's grant goes to the first of its stamps, and the window keeps an entry at
	 * each of their instants, the tokens of requests that will leave then, not at {@code now}.
	 * The window's room is counted at {@code now} with every take after it (other replicas'
	 * stamps later than theirs included), so the limit holds for every window the stamps fall
	 * in. The answer has a grant per share, in their order, as that take's would be (its states
	 * and refills: {@code shared}'s, then the share's own).
	 */
	public List<Grant> take(Bucket shared, List<Share> shares, Instant now) {
		for (Share share : shares) {
			for (Instant stamp : share.stamps()) {
				if (stamp.isBefore(now)) {
					throw new IllegalArgumentException("a token stamped before the take: " + stamp + " < " + now);
				}
			}
		}
		if (shares.isEmpty()) {
			return List.of();
		}
		List<Bucket> buckets = new ArrayList<>(1 + shares.size());
		buckets.add(shared);
		shares.forEach(share -> buckets.add(share.own()));
		if (buckets.stream().map(Bucket::name).distinct().count() < buckets.size()) {
			throw new IllegalArgumentException("a bucket in two shares of one take: " + buckets.stream()
				.map(Bucket::name).toList());
		}
		List<Row> rows = taken(buckets, now, () -> takeShares(buckets, shares, now));
		Map<String, Row> byName = byName(rows);
		State sharedState = stateOf(byName, shared);
		Duration sharedRefill = refill(shared, sharedState, now);
		List<Grant> grants = new ArrayList<>(shares.size());
		for (Share share : shares) {
			Row own = byName.get(share.own().name());
			State ownState = stateOf(byName, share.own());
			grants.add(new Grant(own == null ? 0 : own.granted(),
					List.of(sharedRefill, refill(share.own(), ownState, now)), List.of(sharedState, ownState)));
		}
		return grants;
	}

	private List<Row> takeShares(List<Bucket> buckets, List<Share> shares, Instant now) {
		List<String> stamps = new ArrayList<>();
		List<Long> stampShares = new ArrayList<>();
		for (int i = 0; i < shares.size(); i++) {
			for (Instant stamp : shares.get(i).stamps()) {
				stamps.add(stamp.toString());
				// the share's ordinal among the statement's buckets (the shared one is 1)
				stampShares.add(i + 2L);
			}
		}
		List<Integer> wanted = new ArrayList<>(buckets.size());
		wanted.add(0);
		shares.forEach(share -> wanted.add(share.wanted()));
		return statement(TAKE_SHARES, buckets, wanted, now)
			.param("stamps", stamps.toArray(String[]::new))
			.param("stamp_shares", stampShares.toArray(Long[]::new))
			.query(RateBuckets::row)
			.list();
	}

	private record Row(String name, int granted, State state) {
	}

	/** Returns tokens that were taken but not used (capped at the bucket's capacity). */
	public void giveBack(String name, int tokens, double capacity) {
		if (tokens > 0) {
			jdbc.sql("update rate_bucket set tokens = least(:capacity, tokens + :tokens) where name = :name")
				.param("capacity", capacity)
				.param("tokens", tokens)
				.param("name", name)
				.update();
		}
	}

	/**
	 * Returns unused tokens of a take at {@code takenAt} to every bucket of it, in one
	 * statement; a bucket's window gets them back too (a negative take at the same instant).
	 */
	public void giveBack(List<Bucket> buckets, int tokens, Instant takenAt) {
		if (tokens > 0) {
			jdbc.sql("""
					update rate_bucket b set tokens = least(s.capacity, b.tokens + :tokens),
					    window_at = case when s.windowed then b.window_at || cast(:at as timestamptz) else b.window_at end,
					    window_n = case when s.windowed then b.window_n || (- :tokens) else b.window_n end
					from unnest(cast(:names as text[]), cast(:capacities as float8[]), cast(:windowed as boolean[]))
					    as s(name, capacity, windowed)
					where b.name = s.name
					""")
				.param("tokens", tokens)
				.param("at", Timestamp.from(takenAt))
				.param("names", buckets.stream().map(Bucket::name).toArray(String[]::new))
				.param("capacities", buckets.stream().map(Bucket::capacity).toArray(Double[]::new))
				.param("windowed", buckets.stream().map(Bucket::windowed).toArray(Boolean[]::new))
				.update();
		}
	}

	/** A 429: nothing before {@code retryAfter} has passed, and half the rate afterwards. */
	public void throttle(String name, Duration retryAfter, Instant now) {
		jdbc.sql("update rate_bucket set tokens = 0, refreshed_at = greatest(refreshed_at, :until),"
				+ " throttled_until = greatest(coalesce(throttled_until, :until), :until),"
				+ " rate_factor = greatest(0.05, rate_factor / 2) where name = :name")
			.param("until", Timestamp.from(now.plus(retryAfter)))
			.param("name", name)
			.update();
	}

}
