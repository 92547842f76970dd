package dev.campaigns.bench;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.campaigns.orchestrator.OrchestratorApplication;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.LoadFixtures;
import dev.campaigns.testsupport.SandboxProcess;
import dev.campaigns.testsupport.SlidingWindows;
import dev.campaigns.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static dev.campaigns.testsupport.Percentiles.nearestRank;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatch benchmark ({@code bench/run dispatch}): the real {@code DispatchLoop} of an
 * orchestrator context on the real clock, triggering calls on the sandbox running as a separate
 * process; every number comes from the sandbox's own {@code receivedAt} of each trigger.
 * <ul>
 * <li>(a) a backlog at a global rate R of 50/s and of 500/s: achieved rate over the steady part
 * and the most triggers in any sliding second (bound: R + burst);</li>
 * <li>(b) dispatch lag (sandbox {@code receivedAt} minus the recipient's {@code next_attempt_at})
 * for recipients falling due one by one at 40 % of R;</li>
 * <li>(c) the highest sustained rate with no effective limit;</li>
 * <li>(d) statements executed on the orchestrator's {@code DataSource} per dispatched call.</li>
 * </ul>
 * Writes {@code target/benchmarks/dispatch.md}; targets are reported, not asserted. Calls never
 * end during a run (sandbox queue 10 s, ring 60 s, talk 10 min; the status poller is off), and
 * between scenarios the calls of the last one are ended in SQL, so every scenario starts with no
 * active calls.
 */
class DispatchBenchmark {

	private static final Duration RUN = Duration.ofSeconds(20);

	/** The start of the steady part of a run: after the first bucket's burst and the JIT. */
	private static final Duration WARM_UP = Duration.ofSeconds(2);

	private static final Path OUT = Path.of("target", "benchmarks");

	private static final int UNLIMITED_CAMPAIGNS = 4;

	private static final int UNLIMITED_PER_CAMPAIGN = 30_000;

	@Test
	void rateBurstLagThroughputAndStatementsPerCall() throws Exception {
		List<String> numbers = numbers(UNLIMITED_CAMPAIGNS * UNLIMITED_PER_CAMPAIGN);
		List<Backlog> backlogs = new ArrayList<>();
		List<Lag> lags = new ArrayList<>();
		long started = System.nanoTime();
		String loadBefore = CpuTime.loadAverage();
		try (SandboxProcess sandbox = SandboxProcess.start(OUT, "dispatch-sandbox",
				"orchestrator.sandbox.queue-time=PT10S", "orchestrator.sandbox.ring-time=PT60S",
				"orchestrator.sandbox.talk-time=PT10M", "logging.level.root=WARN")) {
			for (int rate : new int[] { 50, 500 }) {
				try (Orchestrator orchestrator = Orchestrator.start(sandbox,
						"orchestrator.dispatch.calls-per-second=" + rate)) {
					int perCampaign = (int) (rate * (RUN.toSeconds() + 5) / 2);
					backlogs.add(backlog(orchestrator, sandbox, "R = " + rate, numbers, 2, perCampaign, 60_000));
					lags.add(lag(orchestrator, sandbox, "R = " + rate, numbers, rate * 0.4,
							Duration.ofSeconds(rate < 100 ? 10 : 15)));
				}
			}
			try (Orchestrator orchestrator = Orchestrator.start(sandbox, "orchestrator.dispatch.calls-per-second=100000",
					"orchestrator.dispatch.burst=100000")) {
				backlogs.add(backlog(orchestrator, sandbox, "no effective limit, " + UNLIMITED_CAMPAIGNS + " campaigns",
						numbers, UNLIMITED_CAMPAIGNS, UNLIMITED_PER_CAMPAIGN, 600_000));
				backlogs.add(backlog(orchestrator, sandbox, "no effective limit, 1 campaign", numbers, 1,
						UNLIMITED_CAMPAIGNS * UNLIMITED_PER_CAMPAIGN / 2, 600_000));
			}
		}
		String report = report(backlogs, lags, (System.nanoTime() - started) / 1e9)
				+ "\nLoad average (1, 5, 15 min) before / after: " + loadBefore + " / " + CpuTime.loadAverage() + "\n";
		Path out = OUT.resolve("dispatch.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		System.out.println(report);

		// what must hold whatever the figures: every trigger reached the sandbox once, and was taken
		for (Backlog backlog : backlogs) {
			assertThat(backlog.duplicates).as("numbers dialled twice in " + backlog.name).isZero();
			assertThat(backlog.callsInRun).as("calls in " + backlog.name).isPositive();
		}
		for (Lag lag : lags) {
			assertThat(lag.missing).as("due recipients never dialled in lag " + lag.name).isZero();
		}
	}

	// -------------------------------------------------------------------------------------------
	// scenarios

	/** (a), (c), (d): a backlog due at once, dispatched for {@link #RUN}. */
	private Backlog backlog(Orchestrator orchestrator, SandboxProcess sandbox, String name, List<String> numbers,
			int campaigns, int perCampaign, int callsPerMinute) throws Exception {
		sandbox.forgetCalls();
		Api api = Api.at(orchestrator.port).newTenant("campaigns:write");
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < campaigns; i++) {
			ids.add(create(api, name + " #" + i, numbers.subList(i * perCampaign, (i + 1) * perCampaign)));
		}
		Instant t0 = release(orchestrator.jdbc, ids, callsPerMinute);
		sleepUntil(t0);
		orchestrator.probes.reset();
		orchestrator.meters.clear();
		long t0Nanos = System.nanoTime();
		sleepUntil(t0.plus(RUN));
		Snapshot snapshot = Snapshot.of(orchestrator.probes, orchestrator.meters, t0Nanos);
		long leftPending = orchestrator.jdbc
			.sql("select count(*) from recipient where campaign_id = any(cast(? as uuid[])) and state = 'PENDING'")
			.param(uuids(ids))
			.query(Long.class)
			.single();
		stop(orchestrator.jdbc, ids);
		List<SandboxProcess.Call> calls = sandbox.calls();
		endCalls(orchestrator.jdbc, ids);

		Backlog result = new Backlog();
		result.name = name;
		result.settings = orchestrator.settings;
		result.campaigns = campaigns;
		result.recipients = campaigns * perCampaign;
		result.leftPending = leftPending;
		result.snapshot = snapshot;
		List<Instant> times = calls.stream().map(SandboxProcess.Call::receivedAt).sorted().toList();
		Instant t1 = t0.plus(RUN);
		result.callsInRun = times.stream().filter(t -> !t.isBefore(t0) && t.isBefore(t1)).count();
		long steady = times.stream().filter(t -> !t.isBefore(t0.plus(WARM_UP)) && t.isBefore(t1)).count();
		result.steadyRate = steady / seconds(RUN.minus(WARM_UP));
		SlidingWindows.Busiest arriving = SlidingWindows.busiest(times, Duration.ofSeconds(1));
		result.maxInOneSecond = arriving.count();
		result.busiestArrivingFrom = arriving.start() == null ? Double.NaN
				: Duration.between(t0, arriving.start()).toMillis() / 1e3;
		// the same count where the triggers left the orchestrator, before the path to the sandbox
		SlidingWindows.Busiest leaving = SlidingWindows.busiest(snapshot.departures()
			.stream()
			.sorted()
			.map(nanos -> Instant.EPOCH.plusNanos(nanos - snapshot.startNanos()))
			.toList(), Duration.ofSeconds(1));
		result.maxLeavingInOneSecond = leaving.count();
		result.busiestLeavingFrom = leaving.start() == null ? Double.NaN
				: Duration.between(Instant.EPOCH, leaving.start()).toMillis() / 1e3;
		result.maxIn100Ms = SlidingWindows.maxInWindow(times, Duration.ofMillis(100));
		// from each number's first trigger leaving the orchestrator (the HTTP client's own queueing included)
		// to the sandbox's stamp of its first arrival, both on this machine's wall clock
		List<Long> transits = new ArrayList<>();
		Map<String, Instant> firstArrivals = new HashMap<>();
		calls.forEach(call -> firstArrivals.merge(call.toNumber(), call.receivedAt(),
				(a, b) -> a.isBefore(b) ? a : b));
		for (Map.Entry<String, Instant> arrival : firstArrivals.entrySet()) {
			Instant departed = snapshot.departedAt().get(arrival.getKey());
			if (departed != null) {
				transits.add(Duration.between(departed, arrival.getValue()).toNanos());
			}
		}
		Collections.sort(transits);
		result.transits = transits;
		result.firstCallAfterMs = times.isEmpty() ? -1 : Duration.between(t0, times.get(0)).toMillis();
		result.duplicates = calls.size() - calls.stream().map(SandboxProcess.Call::toNumber).distinct().count();
		result.perSecond = perSecond(times, t0, (int) RUN.toSeconds());
		return result;
	}

	/** (b): recipients falling due one by one at {@code rate} per second, below the limits. */
	private Lag lag(Orchestrator orchestrator, SandboxProcess sandbox, String name, List<String> numbers, double rate,
			Duration duration) throws Exception {
		sandbox.forgetCalls();
		int count = (int) Math.round(rate * duration.toSeconds());
		Api api = Api.at(orchestrator.port).newTenant("campaigns:write");
		UUID id = create(api, "lag " + name, numbers.subList(0, count));
		Instant t0 = Instant.now().plusSeconds(2);
		long spacingMicros = Math.round(1_000_000 / rate);
		Map<String, Instant> due = new HashMap<>();
		orchestrator.jdbc.sql("""
				with o as (select id, row_number() over (order by id) - 1 as k from recipient where campaign_id = ?)
				update recipient r
				set next_attempt_at = cast(? as timestamptz) + interval '1 microsecond' * (o.k * cast(? as bigint))
				from o where r.id = o.id
				returning r.phone_number, r.next_attempt_at
				""")
			.params(id, Timestamp.from(t0.plusSeconds(1)), spacingMicros)
			.query((rs, row) -> due.put(rs.getString(1), rs.getTimestamp(2).toInstant()))
			.list();
		orchestrator.jdbc.sql("analyze recipient").update();
		orchestrator.jdbc.sql("update campaign set start_at = ?, calls_per_minute = 60000,"
				+ " max_concurrent_calls = 10000000 where id = ?").params(Timestamp.from(t0), id).update();
		sleepUntil(t0);
		orchestrator.probes.reset();
		orchestrator.meters.clear();
		long t0Nanos = System.nanoTime();
		Instant last = Collections.max(due.values());
		sleepUntil(last.plusSeconds(2));
		Snapshot snapshot = Snapshot.of(orchestrator.probes, orchestrator.meters, t0Nanos);
		stop(orchestrator.jdbc, List.of(id));
		List<SandboxProcess.Call> calls = sandbox.calls();
		endCalls(orchestrator.jdbc, List.of(id));

		Lag result = new Lag();
		result.name = name;
		result.rate = rate;
		result.count = count;
		result.snapshot = snapshot;
		List<Long> lags = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (SandboxProcess.Call call : calls) {
			Instant dueAt = due.get(call.toNumber());
			if (dueAt != null && seen.add(call.toNumber())) {
				lags.add(Duration.between(dueAt, call.receivedAt()).toNanos());
			}
		}
		result.missing = count - lags.size();
		Collections.sort(lags);
		result.p50Ms = nearestRank(lags, 50) / 1e6;
		result.p99Ms = nearestRank(lags, 99) / 1e6;
		result.maxMs = lags.isEmpty() ? Double.NaN : lags.get(lags.size() - 1) / 1e6;
		result.minMs = lags.isEmpty() ? Double.NaN : lags.get(0) / 1e6;
		result.calls = lags.size();
		return result;
	}

	/**
	 * A campaign with every recipient planned for tomorrow (so nothing is dialled yet), open all
	 * day every day in London (UK numbers: one zone, no calling-hour floor).
	 */
	private static UUID create(Api api, String name, List<String> numbers) {
		StringBuilder body = new StringBuilder(numbers.size() * 40 + 400);
		body.append("{\"name\":\"").append(name).append("\",\"schedule\":{\"startAt\":\"")
			.append(Instant.now().plus(Duration.ofDays(1)))
			.append("\",\"callingWindow\":").append(LoadFixtures.windowOpenNow())
			.append("},\"retry\":{\"maxAttempts\":1},")
			.append("\"rateLimit\":{\"callsPerMinute\":60000,\"maxConcurrentCalls\":10000},\"recipients\":[");
		for (int i = 0; i < numbers.size(); i++) {
			body.append(i == 0 ? "" : ",")
				.append("{\"phoneNumber\":\"")
				.append(numbers.get(i))
				.append("\",\"metadata\":{\"customer_name\":\"Customer ")
				.append(i)
				.append("\"}}");
		}
		HttpResponse<String> created = api.post("/api/v1/campaigns", body.append("]}").toString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(json(created).at("/counts/pending").asInt()).as(created.body()).isEqualTo(numbers.size());
		return UUID.fromString(json(created).get("id").asString());
	}

	/**
	 * Makes the campaigns' recipients due now, refreshes the planner's statistics (as autoanalyze
	 * would after a bulk load: statistics taken while nothing was pending make dueCampaigns scan
	 * recipient_due without its campaign key, tens of milliseconds a round), and lets the campaigns
	 * start at the instant answered, a moment later; rates as given and concurrency without effect (calls never end during a run). The
	 * campaign API caps callsPerMinute at 60,000 and maxConcurrentCalls at 10,000, so this is SQL.
	 */
	private static Instant release(JdbcClient jdbc, List<UUID> ids, int callsPerMinute) {
		String campaigns = uuids(ids);
		// still SCHEDULED with a start tomorrow: nothing is dialled before the campaign row says so
		jdbc.sql("update recipient set next_attempt_at = now() where campaign_id = any(cast(? as uuid[]))"
				+ " and state = 'PENDING'")
			.param(campaigns)
			.update();
		jdbc.sql("analyze recipient").update();
		Instant t0 = Instant.now().plusMillis(300);
		jdbc.sql("update campaign set start_at = ?, calls_per_minute = ?, max_concurrent_calls = 10000000"
				+ " where id = any(cast(? as uuid[]))").params(Timestamp.from(t0), callsPerMinute, campaigns).update();
		return t0;
	}

	/**
	 * Takes the campaigns out of the dispatcher's rounds (status CANCELLED, so no more claims)
	 * and waits for the round in flight to record its triggers.
	 */
	private static void stop(JdbcClient jdbc, List<UUID> ids) throws InterruptedException {
		String campaigns = uuids(ids);
		jdbc.sql("update campaign set status = 'CANCELLED' where id = any(cast(? as uuid[]))"
				+ " and status in ('SCHEDULED', 'RUNNING')").param(campaigns).update();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline && jdbc
			.sql("select count(*) from recipient where campaign_id = any(cast(? as uuid[])) and state = 'DIALING'")
			.param(campaigns)
			.query(Long.class)
			.single() > 0) {
			Thread.sleep(100);
		}
		Thread.sleep(200);
	}

	/** Ends the calls of a scenario, as the status poller would once they finished. */
	private static void endCalls(JdbcClient jdbc, List<UUID> ids) {
		String campaigns = uuids(ids);
		jdbc.sql("update call_attempt set phase = 'FINAL', status = 'COMPLETED', ended_at = now()"
				+ " where campaign_id = any(cast(? as uuid[])) and phase <> 'FINAL'").param(campaigns).update();
		jdbc.sql("update recipient set state = 'DONE', outcome = case when state = 'PENDING' then 'CANCELLED'"
				+ " else 'COMPLETED' end, next_attempt_at = null,"
				+ " lease_owner = null, lease_expires_at = null where campaign_id = any(cast(? as uuid[]))"
				+ " and state <> 'DONE'")
			.param(campaigns)
			.update();
		jdbc.sql("vacuum analyze recipient").update();
		jdbc.sql("vacuum analyze call_attempt").update();
	}

	// -------------------------------------------------------------------------------------------
	// the orchestrator under test

	/** An orchestrator context: production mode on the test database, dispatch loop on. */
	private static final class Orchestrator implements AutoCloseable {

		final ConfigurableApplicationContext context;

		final int port;

		final DispatchProbes probes;

		final JdbcClient jdbc;

		final DispatchSettings settings;

		final SendDelays meters;

		private Orchestrator(ConfigurableApplicationContext context) {
			this.context = context;
			this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
			this.probes = context.getBean(DispatchProbes.class);
			this.jdbc = context.getBean(JdbcClient.class);
			this.settings = context.getBean(DispatchSettings.class);
			this.meters = new SendDelays(context.getBean(io.micrometer.core.instrument.MeterRegistry.class));
		}

		static Orchestrator start(SandboxProcess sandbox, String... properties) {
			List<String> args = new ArrayList<>(List.of("--server.port=0", "--orchestrator.sandbox.enabled=false",
					"--orchestrator.provider.base-url=" + sandbox.url(), "--orchestrator.dispatch.enabled=true",
					"--orchestrator.dispatch.max-concurrent-calls=10000000", "--orchestrator.status.enabled=false"));
			for (String property : properties) {
				args.add("--" + property);
			}
			// arguments outrank application-test.yml (which turns dispatch off and the sandbox on)
			ConfigurableApplicationContext context = new SpringApplicationBuilder(OrchestratorApplication.class,
					DispatchProbes.Config.class)
				.profiles("test")
				.initializers(new TestDatabase.Initializer())
				.run(args.toArray(String[]::new));
			return new Orchestrator(context);
		}

		@Override
		public void close() {
			context.close();
		}

	}

	// -------------------------------------------------------------------------------------------
	// results

	/** What the probes saw during a measured period. */
	private record Snapshot(long startNanos, double seconds, List<DispatchProbes.StatementCount> statements,
			long commits, long rollbacks, List<DispatchProbes.Round> rounds, List<Long> triggerNanos,
			Map<String, Long> triggerResults, int maxInFlight, SendDelays.Reading sendDelays, List<Long> departures,
			Map<String, Instant> departedAt) {

		static Snapshot of(DispatchProbes probes, SendDelays meters, long startNanos) {
			return new Snapshot(startNanos, (System.nanoTime() - startNanos) / 1e9, probes.statements.all(),
					probes.statements.commits(),
					probes.statements.rollbacks(), probes.rounds.all(), probes.triggers.nanos(),
					probes.triggers.results(), probes.triggers.maxInFlight.get(), meters.read(),
					probes.triggers.departures(), probes.triggers.departedAt());
		}

		long statements(String threads) {
			return statements.stream()
				.filter(s -> threads == null || s.key().threads().equals(threads))
				.mapToLong(DispatchProbes.StatementCount::count)
				.sum();
		}

		long accepted() {
			return rounds.stream().mapToLong(r -> r.result().accepted()).sum();
		}

	}

	private static final class Backlog {

		String name;

		DispatchSettings settings;

		int campaigns;

		int recipients;

		long leftPending;

		Snapshot snapshot;

		long callsInRun;

		double steadyRate;

		int maxInOneSecond;

		int maxLeavingInOneSecond;

		/** Where the busiest second at the sandbox and where the triggers left starts, in seconds from t0. */
		double busiestArrivingFrom;

		double busiestLeavingFrom;

		int maxIn100Ms;

		/** Sorted nanoseconds from each trigger leaving to the sandbox's stamp. */
		List<Long> transits;

		long firstCallAfterMs;

		long duplicates;

		int[] perSecond;

		double target() {
			return settings.callsPerSecond();
		}

	}

	private static final class Lag {

		String name;

		double rate;

		int count;

		int calls;

		int missing;

		double p50Ms;

		double p99Ms;

		double minMs;

		double maxMs;

		Snapshot snapshot;

	}

	private static String report(List<Backlog> backlogs, List<Lag> lags, double totalSeconds) {
		StringBuilder md = new StringBuilder();
		md.append("# Dispatch benchmark\n\n");
		md.append(String.format(Locale.ROOT,
				"The real dispatch loop of an orchestrator context (real clock, %s) against the sandbox in a separate"
						+ " process; figures from the sandbox's `receivedAt` of every trigger. Runs of %d s, steady part"
						+ " from %d s on. Machine: %d cores. Whole benchmark: %.0f s.%n%n",
				backlogs.get(0).settings.triggerThreads() + " trigger threads, lookahead "
						+ backlogs.get(0).settings.lookahead().toMillis() + " ms",
				RUN.toSeconds(), WARM_UP.toSeconds(), Runtime.getRuntime().availableProcessors(), totalSeconds));
		md.append("| scenario | target | measured | met |\n|---|---|---|---|\n");
		for (Backlog b : backlogs) {
			double r = b.target();
			double burst = b.settings.effectiveBurst();
			if (r >= 100_000) {
				double rate = b.steadyRate;
				row(md, String.format(Locale.ROOT, "(c) sustained dispatch rate, no effective limit (R = %,.0f, burst %,.0f), %s",
						r, burst, b.campaigns == 1 ? "one campaign" : b.campaigns + " campaigns"), "≥ 2,000 calls/s",
						String.format(Locale.ROOT, "%,.0f calls/s (%,d calls in %d s)", rate, b.callsInRun, RUN.toSeconds()),
						rate >= 2000);
			}
			else {
				row(md, String.format(Locale.ROOT, "(a) backlog, R = %.0f/s: achieved rate over the steady part", r),
						String.format(Locale.ROOT, "≥ %.1f/s (98 %% of R)", 0.98 * r),
						String.format(Locale.ROOT, "%.1f/s (%.1f %% of R)", b.steadyRate, 100 * b.steadyRate / r),
						b.steadyRate >= 0.98 * r);
				row(md, String.format(Locale.ROOT, "(a) backlog, R = %.0f/s: most calls in any sliding 1 s", r),
						String.format(Locale.ROOT, "≤ %.0f (R + burst %.0f)", r + burst, burst),
						busiest(b.maxInOneSecond, b.busiestArrivingFrom), b.maxInOneSecond <= r + burst);
				row(md, String.format(Locale.ROOT, "(a) backlog, R = %.0f/s: most triggers leaving the orchestrator"
						+ " in any sliding 1 s (before the path to the sandbox)", r),
						String.format(Locale.ROOT, "≤ %.0f (R + burst %.0f)", r + burst, burst),
						busiest(b.maxLeavingInOneSecond, b.busiestLeavingFrom), b.maxLeavingInOneSecond <= r + burst);
				md.append(String.format(Locale.ROOT, "| (a) backlog, R = %.0f/s: from leaving the orchestrator to the"
						+ " sandbox's stamp, p1 / p50 / p99 / max (a spread beyond `path-allowance` compresses the calls at"
						+ " the sandbox) | | %s | |%n", r, transits(b.transits)));
			}
		}
		for (Lag l : lags) {
			row(md, String.format(Locale.ROOT, "(b) lag p50, %s, %.0f due/s", l.name, l.rate), "≤ 50 ms",
					String.format(Locale.ROOT, "%.1f ms", l.p50Ms), l.p50Ms <= 50);
			row(md, String.format(Locale.ROOT, "(b) lag p99, %s, %.0f due/s", l.name, l.rate), "≤ 1 s",
					String.format(Locale.ROOT, "%.1f ms", l.p99Ms), l.p99Ms <= 1000);
		}
		for (Backlog b : backlogs) {
			statementsRow(md, "(d) statements per dispatched call, backlog " + b.name, b.snapshot, b.callsInRun);
		}
		for (Lag l : lags) {
			statementsRow(md, "(d) statements per dispatched call, lag " + l.name, l.snapshot, l.calls);
		}

		md.append("\n## Runs\n\n");
		md.append("| run | recipients | calls in run | steady rate | max in 1 s | max in 100 ms | first call after"
				+ " | left pending | rounds (with work) | claimed per working round | round mean / p99 | DB per working round"
				+ " | trigger p50 / p99 | triggers in flight (max) | send instant to leaving mean / p99 / max | sent too late |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Backlog b : backlogs) {
			Snapshot s = b.snapshot;
			md.append(String.format(Locale.ROOT, "| backlog %s | %,d | %,d | %.1f/s | %d | %d | %d ms | %,d | %s |%n",
					b.name, b.recipients, b.callsInRun, b.steadyRate, b.maxInOneSecond, b.maxIn100Ms, b.firstCallAfterMs,
					b.leftPending, roundColumns(s)));
		}
		for (Lag l : lags) {
			Snapshot s = l.snapshot;
			md.append(String.format(Locale.ROOT, "| lag %s (%.0f due/s, lag min %.1f / max %.1f ms) | %,d | %,d | | | | | %d | %s |%n",
					l.name, l.rate, l.minMs, l.maxMs, l.count, l.calls, l.missing, roundColumns(s)));
		}
		md.append("\nCalls per second of each run (sandbox `receivedAt`, second 0 starts when the backlog falls due):\n\n");
		for (Backlog b : backlogs) {
			md.append("- ").append(b.name).append(": ")
				.append(java.util.Arrays.stream(b.perSecond).mapToObj(String::valueOf).collect(Collectors.joining(" ")))
				.append('\n');
		}
		md.append("\n## Where a working round's time goes\n\nMean milliseconds per working round (a round that"
				+ " claimed something) on the `dispatch-loop` thread, in the first and the last quarter of the run's"
				+ " working rounds; `(outside the database)` is waiting for the triggers (HTTP to the sandbox on the"
				+ " trigger pool) and Java work. First working rounds: start after the backlog fell due / duration /"
				+ " claimed.\n");
		for (Backlog b : backlogs) {
			anatomy(md, "backlog " + b.name, b.snapshot);
		}
		md.append("\n## Statements\n\nEvery statement executed on the orchestrator's `DataSource` during a measured run"
				+ " (dispatch = threads `dispatch-loop`/`dispatch-trigger-*`; other = everything else), most frequent"
				+ " first. Commits are counted apart (they are not statements, but they are round trips).\n");
		for (Backlog b : backlogs) {
			statements(md, "backlog " + b.name, b.snapshot, b.callsInRun);
		}
		for (Lag l : lags) {
			statements(md, "lag " + l.name, l.snapshot, l.calls);
		}
		return md.toString();
	}

	private static String roundColumns(Snapshot s) {
		List<DispatchProbes.Round> working = s.rounds().stream().filter(r -> r.result().didWork()).toList();
		List<Long> nanos = working.stream().map(DispatchProbes.Round::nanos).sorted().toList();
		double claimed = working.stream().mapToLong(r -> r.result().claimed()).average().orElse(0);
		double meanMs = working.stream().mapToLong(DispatchProbes.Round::nanos).average().orElse(0) / 1e6;
		double dbMs = working.stream().mapToLong(DispatchProbes.Round::databaseNanos).average().orElse(0) / 1e6;
		List<Long> triggers = new ArrayList<>(s.triggerNanos());
		Collections.sort(triggers);
		SendDelays.Reading delays = s.sendDelays();
		return String.format(Locale.ROOT, "%,d (%,d) | %.1f | %.1f / %.1f ms | %.1f ms | %.1f / %.1f ms | %d"
				+ " | %.1f / %.1f / %.1f ms | %,d",
				s.rounds().size(), working.size(), claimed, meanMs, nearestRank(nanos, 99) / 1e6, dbMs,
				nearestRank(triggers, 50) / 1e6, nearestRank(triggers, 99) / 1e6, s.maxInFlight(), delays.meanMs(),
				delays.p99Ms(), delays.maxMs(), delays.late());
	}

	/** A busiest second's count and where it starts (the backlog falls due at 0). */
	private static String busiest(int count, double fromSeconds) {
		return String.format(Locale.ROOT, "%d (the second from %+.2f s)", count, fromSeconds);
	}

	private static void anatomy(StringBuilder md, String name, Snapshot s) {
		List<DispatchProbes.Round> working = s.rounds()
			.stream()
			.filter(r -> r.result().didWork())
			.sorted(java.util.Comparator.comparingLong(DispatchProbes.Round::startNanos))
			.toList();
		if (working.size() < 4) {
			return;
		}
		int quarter = working.size() / 4;
		List<DispatchProbes.Round> first = working.subList(0, quarter);
		List<DispatchProbes.Round> last = working.subList(working.size() - quarter, working.size());
		md.append(String.format(Locale.ROOT, "%n### %s: %,d working rounds, %,d in each quarter%n%n", name,
				working.size(), quarter));
		md.append("First working rounds: ")
			.append(working.stream()
				.limit(4)
				.map(r -> String.format(Locale.ROOT, "%.0f ms / %.0f ms / %d", (r.startNanos() - s.startNanos()) / 1e6,
						r.nanos() / 1e6, r.result().claimed()))
				.collect(Collectors.joining("; ")))
			.append("\n\n");
		md.append("| | first quarter: per round | ms per round | last quarter: per round | ms per round |\n|---|---:|---:|---:|---:|\n");
		md.append(String.format(Locale.ROOT, "| whole round (claimed %.1f → %.1f) | 1 | %.1f | 1 | %.1f |%n",
				first.stream().mapToLong(r -> r.result().claimed()).average().orElse(0),
				last.stream().mapToLong(r -> r.result().claimed()).average().orElse(0),
				first.stream().mapToLong(DispatchProbes.Round::nanos).average().orElse(0) / 1e6,
				last.stream().mapToLong(DispatchProbes.Round::nanos).average().orElse(0) / 1e6));
		md.append(String.format(Locale.ROOT, "| (outside the database) | | %.1f | | %.1f |%n",
				first.stream().mapToLong(r -> r.nanos() - r.databaseNanos()).average().orElse(0) / 1e6,
				last.stream().mapToLong(r -> r.nanos() - r.databaseNanos()).average().orElse(0) / 1e6));
		md.append(String.format(Locale.ROOT, "| (in the database) | | %.1f | | %.1f |%n",
				first.stream().mapToLong(DispatchProbes.Round::databaseNanos).average().orElse(0) / 1e6,
				last.stream().mapToLong(DispatchProbes.Round::databaseNanos).average().orElse(0) / 1e6));
		java.util.Set<String> keys = new java.util.TreeSet<>();
		working.forEach(r -> keys.addAll(r.statements().keySet()));
		for (String key : keys) {
			md.append(String.format(Locale.ROOT, "| `%s` | %.2f | %.2f | %.2f | %.2f |%n", key.replace("|", "\\|"),
					mean(first, key, 0), mean(first, key, 1) / 1e6, mean(last, key, 0), mean(last, key, 1) / 1e6));
		}
	}

	private static double mean(List<DispatchProbes.Round> rounds, String key, int field) {
		return rounds.stream().mapToLong(r -> {
			long[] totals = r.statements().get(key);
			return totals == null ? 0 : totals[field];
		}).average().orElse(0);
	}

	private static void statementsRow(StringBuilder md, String scenario, Snapshot s, long calls) {
		double all = (double) s.statements(null) / Math.max(1, calls);
		double dispatch = (double) s.statements("dispatch") / Math.max(1, calls);
		row(md, scenario, "≤ 1.5",
				String.format(Locale.ROOT, "%.2f (dispatch threads %.2f; + %.2f commits) over %,d calls", all, dispatch,
						(double) s.commits() / Math.max(1, calls), calls),
				all <= 1.5);
	}

	private static void statements(StringBuilder md, String name, Snapshot s, long calls) {
		md.append(String.format(Locale.ROOT,
				"%n### %s: %,d statements (%,d dispatch, %,d other), %,d commits, %,d rollbacks, %,d calls, %,d rounds, %.1f s%n%n",
				name, s.statements(null), s.statements("dispatch"), s.statements("other"), s.commits(), s.rollbacks(),
				calls, s.rounds().size(), s.seconds()));
		md.append("| threads | statement | count | per call | per round | total ms | mean ms |\n|---|---|---:|---:|---:|---:|---:|\n");
		for (DispatchProbes.StatementCount c : s.statements()) {
			md.append(String.format(Locale.ROOT, "| %s | `%s` | %,d | %.3f | %.2f | %,.0f | %.2f |%n", c.key().threads(),
					c.key().sql().replace("|", "\\|"), c.count(), (double) c.count() / Math.max(1, calls),
					(double) c.count() / Math.max(1, s.rounds().size()), c.nanos() / 1e6,
					c.nanos() / 1e6 / Math.max(1, c.count())));
		}
		if (!s.triggerResults().isEmpty()) {
			md.append("\nTrigger results: ").append(s.triggerResults()).append('\n');
		}
	}

	private static void row(StringBuilder md, String scenario, String target, String measured, boolean met) {
		md.append("| ").append(scenario).append(" | ").append(target).append(" | ").append(measured).append(" | ")
			.append(met ? "yes" : "**no**").append(" |\n");
	}

	// -------------------------------------------------------------------------------------------
	// helpers

	private static String uuids(List<UUID> ids) {
		return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
	}

	/** Distinct London numbers (+44 20 7xxx xxxx) that libphonenumber accepts. */
	static List<String> numbers(int count) {
		PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
		List<String> numbers = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			numbers.add(LoadFixtures.londonNumber(i * 7L));
		}
		for (int i = 0; i < count; i += 997) {
			try {
				assertThat(phones.isValidNumber(phones.parse(numbers.get(i), "ZZ"))).as(numbers.get(i)).isTrue();
			}
			catch (com.google.i18n.phonenumbers.NumberParseException ex) {
				throw new IllegalStateException(ex);
			}
		}
		assertThat(new HashSet<>(numbers)).hasSize(count);
		return numbers;
	}

	private static String transits(List<Long> sorted) {
		if (sorted.isEmpty()) {
			return "none matched";
		}
		return String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f ms", nearestRank(sorted, 1) / 1e6,
				nearestRank(sorted, 50) / 1e6, nearestRank(sorted, 99) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
	}

	private static int[] perSecond(List<Instant> sorted, Instant t0, int seconds) {
		int[] counts = new int[seconds];
		for (Instant t : sorted) {
			long ms = Duration.between(t0, t).toMillis();
			if (ms >= 0 && ms < seconds * 1000L) {
				counts[(int) (ms / 1000)]++;
			}
		}
		return counts;
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

	static void sleepUntil(Instant instant) throws InterruptedException {
		long millis = Duration.between(Instant.now(), instant).toMillis();
		if (millis > 0) {
			Thread.sleep(millis);
		}
	}

}
