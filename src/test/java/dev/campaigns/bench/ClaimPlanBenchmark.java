package dev.campaigns.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher's queries at scale ({@code bench/run claim-plan}): 1M due PENDING recipients in
 * one running campaign (plus 2,000 of its calls in progress), 200k PENDING recipients not yet due
 * in a second running campaign, and 10M DONE recipients in ten finished campaigns, generated with
 * {@code generate_series}; then {@code EXPLAIN (ANALYZE, BUFFERS)} of the claim's inner select
 * exactly as {@code ClaimStore.claim} sends it (custom and generic plan, since the JDBC driver
 * prepares a statement on the server from its fifth execution), of the whole claim statement (in
 * a rolled-back transaction), of {@code dueCampaigns} and of {@code activeCalls}. Writes the plans
 * verbatim to {@code target/benchmarks/dispatch-explain.txt} and a summary to
 * {@code target/benchmarks/claim-plan.md}, then asserts the claim and {@code dueCampaigns} read
 * {@code recipient} through {@code recipient_due}, never by a sequential scan.
 */
@IntegrationTest
class ClaimPlanBenchmark {

	private static final int DUE = 1_000_000;

	private static final int IN_CALL = 2_000;

	private static final int NOT_DUE = 200_000;

	private static final int DONE_CAMPAIGNS = 10;

	private static final int DONE_PER_CAMPAIGN = 1_000_000;

	/** ClaimStore.claim's inner select, as sent (named parameters become $n). */
	private static final String CLAIM_SELECT = """
			select id from recipient
			        where campaign_id = $1 and state = 'PENDING' and next_attempt_at <= $2
			        order by deadline, next_attempt_at
			        limit $3
			        for update skip locked""";

	/**
	 * ClaimStore.claim, whole, exactly as the dispatcher sends it (read from the class, named
	 * parameters as $n; due by the round's instant: a claim ahead differs only in that parameter):
	 * every campaign's share in one statement, each a lateral probe of the inner select above.
	 */
	private static final String CLAIM = dispatchSql("CLAIM").replace(":campaigns", "$1").replace(":now", "$2")
		.replace(":due", "$2").replace(":shares", "$3").replace(":replica", "$4").replace(":lease", "$5");

	/**
	 * ClaimStore.dueWork, exactly as the dispatcher sends it (read from the class, named
	 * parameters as $n): the round's housekeeping (scheduled starts) and its due
	 * campaigns with their capped active counts, in one statement.
	 */
	// the horizon a round probes by: the lookahead's default past the round's instant
	private static final String DUE_WORK = dispatchSql("DUE_WORK").replace(":now", "$1")
		.replace(":ahead", "(cast($1 as timestamptz) + interval '300 milliseconds')");

	/** A statement of ClaimStore, read from the class. */
	private static String dispatchSql(String name) {
		try {
			java.lang.reflect.Field field = Class.forName("dev.campaigns.orchestrator.dispatch.internal.ClaimStore")
				.getDeclaredField(name);
			field.setAccessible(true);
			return (String) field.get(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Autowired
	DataSource dataSource;

	@Test
	void claimAndDueCampaignsUseTheDueIndexAtScale() throws Exception {
		UUID due = UUID.randomUUID();
		UUID waiting = UUID.randomUUID();
		StringBuilder explain = new StringBuilder();
		List<String[]> summary = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		double generateSeconds;
		try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
			long start = System.nanoTime();
			sql.execute("set synchronous_commit = off");
			sql.execute("set maintenance_work_mem = '512MB'");
			for (int i = 0; i < DONE_CAMPAIGNS; i++) {
				UUID finished = UUID.randomUUID();
				campaign(connection, finished, "COMPLETED");
				sql.executeUpdate(String.format(Locale.ROOT, """
						insert into recipient (campaign_id, phone_number, time_zones, metadata, state, outcome,
						    attempts, created_at, updated_at)
						select '%s', '+1' || (2000000000 + n), '{America/New_York}',
						       jsonb_build_object('customer_name', 'Customer ' || n), 'DONE', 'COMPLETED', 1,
						       now() - interval '30 days', now() - interval '29 days'
						from generate_series(1, %d) n""", finished, DONE_PER_CAMPAIGN));
				System.out.printf(Locale.ROOT, "claim-plan: %,d DONE recipients after %.0f s%n",
						(i + 1L) * DONE_PER_CAMPAIGN, (System.nanoTime() - start) / 1e9);
			}
			campaign(connection, due, "RUNNING");
			// due since up to an hour; a quarter with a deadline (notAfter or the campaign's end)
			sql.executeUpdate(String.format(Locale.ROOT, """
					insert into recipient (campaign_id, phone_number, time_zones, metadata, state, attempts,
					    next_attempt_at, deadline, created_at, updated_at)
					select '%s', '+1' || (2000000000 + n), '{Europe/London}',
					       jsonb_build_object('customer_name', 'Customer ' || n), 'PENDING', 0,
					       now() - (n %% 3600) * interval '1 second',
					       case when n %% 4 = 0 then now() + interval '1 day' + (n %% 1440) * interval '1 minute' end,
					       now() - interval '1 hour', now() - interval '1 hour'
					from generate_series(1, %d) n""", due, DUE));
			sql.executeUpdate(String.format(Locale.ROOT, """
					insert into recipient (campaign_id, phone_number, time_zones, state, attempts, last_call_sid,
					    created_at, updated_at)
					select '%s', '+1' || (3000000000 + n), '{Europe/London}', 'IN_CALL', 1, 'OUT-' || n,
					       now() - interval '1 hour', now()
					from generate_series(1, %d) n""", due, IN_CALL));
			campaign(connection, waiting, "RUNNING");
			// a running campaign whose recipients all wait (a retry backoff, or their window is closed)
			sql.executeUpdate(String.format(Locale.ROOT, """
					insert into recipient (campaign_id, phone_number, time_zones, state, attempts, next_attempt_at,
					    created_at, updated_at)
					select '%s', '+1' || (2000000000 + n), '{America/Los_Angeles}', 'PENDING', 0,
					       now() + interval '1 day' + (n %% 3600) * interval '1 second',
					       now() - interval '1 hour', now() - interval '1 hour'
					from generate_series(1, %d) n""", waiting, NOT_DUE));
			generateSeconds = (System.nanoTime() - start) / 1e9;
			start = System.nanoTime();
			sql.execute("vacuum analyze recipient");
			sql.execute("vacuum analyze campaign");
			double vacuumSeconds = (System.nanoTime() - start) / 1e9;
			explain.append(String.format(Locale.ROOT,
					"Data: %,d DONE recipients in %d COMPLETED campaigns; campaign %s RUNNING with %,d PENDING due"
							+ " recipients and %,d IN_CALL; campaign %s RUNNING with %,d PENDING recipients due tomorrow."
							+ "%nGenerated in %.0f s; vacuum analyze %.0f s. Table recipient: %s, indexes: %s.%n",
					(long) DONE_CAMPAIGNS * DONE_PER_CAMPAIGN, DONE_CAMPAIGNS, due, DUE, IN_CALL, waiting, NOT_DUE,
					generateSeconds, vacuumSeconds, single(sql, "select pg_size_pretty(pg_table_size('recipient'))"),
					single(sql, "select pg_size_pretty(pg_indexes_size('recipient'))")));
			explain.append(single(sql, "select string_agg(indexrelname || ' ' || pg_size_pretty(pg_relation_size(indexrelid)), ', ' order by indexrelname)"
					+ " from pg_stat_user_indexes where relname = 'recipient'")).append("\n");

			String now = "now()";
			String replica = "'bench-replica'";
			String lease = "now() + interval '2 minutes'";
			String dueArgs = "'" + due + "', " + now + ", 100";
			for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
				sql.execute("set plan_cache_mode = " + mode);
				String plan = explain(connection, "claim_select_" + mode, "(uuid, timestamptz, int)", CLAIM_SELECT,
						dueArgs);
				section(explain, "claim, inner select (" + mode + ")", CLAIM_SELECT, plan);
				summarize(summary, problems, "claim inner select, " + mode, plan, true,
						median(connection, CLAIM_SELECT, due, Timestamp.from(Instant.now()), 100));
			}
			sql.execute("set plan_cache_mode = auto");
			// the due campaign's share and the waiting one's (none due: its probe stops at once), as a round
			// with both plentiful sends them
			String plan = explain(connection, "claim_whole", "(text[], timestamptz, int[], text, timestamptz)", CLAIM,
					"array['" + due + "', '" + waiting + "'], " + now + ", array[100, 100], " + replica + ", " + lease);
			section(explain, "claim, whole statement, two campaigns' shares (rolled back)", CLAIM, plan);
			summarize(summary, problems, "claim, whole statement (two shares of 100, one campaign due; rolled back)",
					plan, true, Double.NaN);
			for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
				sql.execute("set plan_cache_mode = " + mode);
				plan = explain(connection, "due_work_" + mode, "(timestamptz)", DUE_WORK, now);
				section(explain, "dueWork (" + mode + ", rolled back)", DUE_WORK, plan);
				summarize(summary, problems, "dueWork (housekeeping + due campaigns + kept active counts), " + mode, plan,
						true, median(connection, DUE_WORK, Timestamp.from(Instant.now())));
			}
			sql.execute("set plan_cache_mode = auto");
		}

		Path out = Path.of("target", "benchmarks");
		Files.createDirectories(out);
		Files.writeString(out.resolve("dispatch-explain.txt"), explain.toString());
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
				# Claim plan benchmark

				%,d DONE recipients (%d finished campaigns), %,d PENDING due + %,d IN_CALL in one running campaign,
				%,d PENDING not yet due in another running campaign; generated in %.0f s. Plans verbatim in
				`target/benchmarks/dispatch-explain.txt`.

				| statement | reads recipient through | EXPLAIN ANALYZE execution | median of 20 executions | target | met |
				|---|---|---:|---:|---|---|
				""", (long) DONE_CAMPAIGNS * DONE_PER_CAMPAIGN, DONE_CAMPAIGNS, DUE, IN_CALL, NOT_DUE, generateSeconds));
		for (String[] row : summary) {
			md.append("| ").append(String.join(" | ", row)).append(" |\n");
		}
		Files.writeString(out.resolve("claim-plan.md"), md.toString());
		System.out.println(md);
		System.out.println(explain);
		assertThat(problems).as("plans that do not read recipient through recipient_due").isEmpty();
	}

	private static void campaign(Connection connection, UUID id, String status) throws SQLException {
		try (PreparedStatement insert = connection.prepareStatement("""
				insert into campaign (id, tenant, name, status, calling_window, retry_policy, calls_per_minute,
				    max_concurrent_calls, call_options, created_at, updated_at, start_at)
				values (?, 'bench-plan', 'claim plan', ?,
				    '{"start":"00:00","end":"23:59","days":["MON","TUE","WED","THU","FRI","SAT","SUN"]}',
				    '{"maxAttempts":3,"backoff":"PT30M","retryOn":["NO_ANSWER","BUSY","FAILED"]}', 60000, 10000,
				    '{"environment":"live"}', now() - interval '1 day', now(), now() - interval '1 day')
				""")) {
			insert.setObject(1, id);
			insert.setString(2, status);
			insert.executeUpdate();
		}
	}

	/** EXPLAIN (ANALYZE, BUFFERS) of a prepared statement, in a transaction rolled back afterwards. */
	private static String explain(Connection connection, String name, String types, String sql, String args)
			throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.execute("prepare " + name + types + " as " + sql);
			StringBuilder plan = new StringBuilder();
			try (ResultSet rs = statement.executeQuery("explain (analyze, buffers) execute " + name
					+ (args == null ? "" : "(" + args + ")"))) {
				while (rs.next()) {
					plan.append(rs.getString(1)).append('\n');
				}
			}
			return plan.toString();
		}
		finally {
			connection.rollback();
			try (Statement statement = connection.createStatement()) {
				statement.execute("deallocate all");
			}
			connection.commit();
			connection.setAutoCommit(autoCommit);
		}
	}

	/**
	 * The median time of 20 executions after 5 warm-ups, with bound parameters as the application
	 * sends them (so the driver prepares on the server and PostgreSQL may switch to a generic plan,
	 * under the session's plan_cache_mode), each in a rolled-back transaction.
	 */
	private static double median(Connection connection, String sql, Object... params) throws SQLException {
		List<Long> nanos = new ArrayList<>();
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try (PreparedStatement statement = connection.prepareStatement(sql.replaceAll("\\$[0-9]+", "?"))) {
			// a $n may occur several times: bind each occurrence, in order
			Matcher placeholder = Pattern.compile("\\$([0-9]+)").matcher(sql);
			for (int i = 1; placeholder.find(); i++) {
				statement.setObject(i, params[Integer.parseInt(placeholder.group(1)) - 1]);
			}
			for (int i = 0; i < 25; i++) {
				long start = System.nanoTime();
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						// read every row
					}
				}
				if (i >= 5) {
					nanos.add(System.nanoTime() - start);
				}
				connection.rollback();
			}
		}
		finally {
			connection.setAutoCommit(autoCommit);
		}
		Collections.sort(nanos);
		return nanos.get(nanos.size() / 2) / 1e6;
	}

	private static void section(StringBuilder explain, String title, String sql, String plan) {
		explain.append("\n==== ").append(title).append(" ====\n").append(sql).append("\n----\n").append(plan);
	}

	private static final Pattern EXECUTION = Pattern.compile("Execution Time: ([0-9.]+) ms");

	private static final Pattern RECIPIENT_ACCESS = Pattern
		.compile("((?:Parallel )?(?:Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan|Bitmap Index Scan)"
				+ "(?: Backward)?(?: using \\w+)? on recipient\\b[^\\n(]*)");

	private static void summarize(List<String[]> summary, List<String> problems, String name, String plan,
			boolean mustUseDueIndex, double medianMs) {
		Matcher execution = EXECUTION.matcher(plan);
		String executionMs = execution.find() ? execution.group(1) + " ms" : "?";
		List<String> accesses = new ArrayList<>();
		Matcher access = RECIPIENT_ACCESS.matcher(plan);
		while (access.find()) {
			accesses.add(access.group(1).trim());
		}
		boolean seqScan = plan.contains("Seq Scan on recipient");
		boolean ok = !mustUseDueIndex || (plan.contains("recipient_due") && !seqScan);
		if (!ok) {
			problems.add(name + ": " + accesses);
		}
		summary.add(new String[] { name, "`" + String.join("`, `", accesses) + "`", executionMs,
				Double.isNaN(medianMs) ? "—" : String.format(Locale.ROOT, "%.2f ms", medianMs),
				mustUseDueIndex ? "index scan on `recipient_due`, no Seq Scan on recipient" : "(for information)",
				!mustUseDueIndex ? "—" : ok ? "yes" : "**no**" });
	}

	private static String single(Statement sql, String query) throws SQLException {
		try (ResultSet rs = sql.executeQuery(query)) {
			rs.next();
			return rs.getString(1);
		}
	}

}
