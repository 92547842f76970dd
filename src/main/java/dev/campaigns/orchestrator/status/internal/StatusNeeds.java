package dev.campaigns.orchestrator.status.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.campaigns.orchestrator.status.PollSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the poller needs, computed from the calls in progress, against what its budgets allow:
 * per connection, the polls overdue now and those planned within the next {@link #HORIZON},
 * as a rate, beside the connection's status budget. One scan of the active calls
 * ({@code call_attempt_active}), at most every {@link #FRESHNESS}; published as gauges
 * ({@code orchestrator.status.polls.needed}, {@code .budget}, {@code .overdue}, {@code .lag})
 * and as the {@code statusCapture} health. A connection that needs more than its budget, or
 * whose oldest overdue poll waits longer than {@code max-interval}, puts capture at risk: the
 * signal comes while every status is still readable, the retention being hours and the lag
 * a minute.
 */
class StatusNeeds {

	private static final Logger log = LoggerFactory.getLogger(StatusNeeds.class);

	/** How far ahead planned polls count towards the need. */
	static final Duration HORIZON = Duration.ofMinutes(1);

	/** How old a computed need may be when read again. */
	static final Duration FRESHNESS = Duration.ofSeconds(10);

	/** When a poll is really due: a call never polled nor reported waits for its first poll. */
	private static final String DUE_AT = """
			case when a.last_polled_at is null and a.outcome_reported_at is null
			     then greatest(a.next_poll_at, a.triggered_at + cast(:firstPoll as interval)) else a.next_poll_at end""";

	/** One connection's need and budget. */
	record Connection(@Nullable UUID connection, double neededPerSecond, double budgetPerSecond, long overdue,
			@Nullable Duration lag) {

		boolean atRisk(Duration lagLimit) {
			return neededPerSecond > budgetPerSecond || (lag != null && lag.compareTo(lagLimit) > 0);
		}

	}

	/** Every connection's need at {@code at}. */
	record Snapshot(Instant at, List<Connection> connections, Duration lagLimit) {

		double neededPerSecond() {
			return connections.stream().mapToDouble(Connection::neededPerSecond).sum();
		}

		double budgetPerSecond() {
			return connections.stream().mapToDouble(Connection::budgetPerSecond).sum();
		}

		long overdue() {
			return connections.stream().mapToLong(Connection::overdue).sum();
		}

		Duration lag() {
			return connections.stream()
				.map(Connection::lag)
				.filter(lag -> lag != null)
				.max(Duration::compareTo)
				.orElse(Duration.ZERO);
		}

		boolean atRisk() {
			return connections.stream().anyMatch(connection -> connection.atRisk(lagLimit));
		}

	}

	private final JdbcClient jdbc;

	private final StatusBudgets budgets;

	private final PollSettings settings;

	private final Clock clock;

	private volatile @Nullable Snapshot last;

	StatusNeeds(JdbcClient jdbc, StatusBudgets budgets, PollSettings settings, Clock clock, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.budgets = budgets;
		this.settings = settings;
		this.clock = clock;
		Gauge.builder("orchestrator.status.polls.needed", this, needs -> needs.now().neededPerSecond())
			.description("Status requests per second the calls in progress need: polls overdue and planned within a minute")
			.baseUnit("requests/s")
			.register(meters);
		Gauge.builder("orchestrator.status.polls.budget", this, needs -> needs.now().budgetPerSecond())
			.description("Status requests per second the budgets of the connections with calls in progress allow")
			.baseUnit("requests/s")
			.register(meters);
		Gauge.builder("orchestrator.status.polls.overdue", this, needs -> needs.now().overdue())
			.description("Polls due and not yet made")
			.register(meters);
		Gauge.builder("orchestrator.status.polls.lag", this, needs -> needs.now().lag().toMillis() / 1000.0)
			.description("How long the oldest overdue poll has waited")
			.baseUnit("seconds")
			.register(meters);
	}

	/** The need now, computed again when the last is older than {@link #FRESHNESS}. */
	Snapshot now() {
		Instant now = clock.instant();
		Snapshot known = last;
		if (known != null && !now.isAfter(known.at().plus(FRESHNESS)) && !now.isBefore(known.at())) {
			return known;
		}
		Snapshot fresh = compute(now);
		if (fresh.atRisk() && (known == null || !known.atRisk())) {
			log.warn("Status capture is at risk: the calls in progress need {} status requests/s, the budgets allow {};"
					+ " {} polls overdue, the oldest for {}. Raise orchestrator.status.requests-per-second (or the"
					+ " connection's statusRequestsPerSecond) before statuses are read late or, past the provider's"
					+ " retention, lost", round(fresh.neededPerSecond()), round(fresh.budgetPerSecond()), fresh.overdue(),
					fresh.lag());
		}
		last = fresh;
		return fresh;
	}

	private Snapshot compute(Instant now) {
		Instant horizon = now.plus(HORIZON);
		List<Connection> connections = jdbc.sql("""
				select connection_id, version, count(*) filter (where due_at <= :now) as overdue, count(*) as due,
				       min(due_at) as oldest
				from (select a.connection_id, coalesce(p.version, 0) as version, %s as due_at
				      from call_attempt a left join provider_connection p on p.id = a.connection_id
				      where a.phase = 'ACTIVE' and a.next_poll_at <= :horizon) d
				where due_at <= :horizon
				group by connection_id, version
				""".formatted(DUE_AT))
			.param("now", Timestamp.from(now))
			.param("horizon", Timestamp.from(horizon))
			.param("firstPoll", settings.firstPoll().toString())
			.query((rs, row) -> {
				UUID connection = rs.getObject("connection_id", UUID.class);
				long overdue = rs.getLong("overdue");
				Instant oldest = rs.getTimestamp("oldest").toInstant();
				return new Connection(connection, rs.getLong("due") / (double) HORIZON.toSeconds(),
						budgets.rateOf(connection, rs.getLong("version")), overdue,
						(overdue > 0 && oldest.isBefore(now)) ? Duration.between(oldest, now) : null);
			})
			.list();
		return new Snapshot(now, connections, settings.maxInterval());
	}

	private static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
