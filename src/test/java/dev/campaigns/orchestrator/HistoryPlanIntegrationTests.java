package dev.campaigns.orchestrator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Work that runs again and again while history grows, against {@link HistoryFixtures}' ~300k
 * rows a table: each statement exactly as its class sends it, {@code EXPLAIN (FORMAT JSON)} in
 * the custom and the generic plan (the driver prepares a statement on the server from its
 * fifth execution), never a sequential scan of a big table, always the index that serves it.
 * The plans (custom, {@code EXPLAIN ANALYZE} in a rolled-back transaction) go to
 * {@code target/benchmarks/history-plans.md}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryPlanIntegrationTests {

	private static final String REPORT = "dev.campaigns.orchestrator.report.internal.ReportStore";

	private static final String RETENTION = "dev.campaigns.orchestrator.compliance.DataRetention";

	private static final String IDEMPOTENCY = "dev.campaigns.orchestrator.campaign.internal.IdempotencyKeys";

	private static final Pattern NAMED = Pattern.compile("(?<!:):([a-z]+)");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HistoryFixtures history = new HistoryFixtures();

	private final StringBuilder plans = new StringBuilder();

	private Connection connection;

	@BeforeAll
	void loadHistory() throws SQLException {
		TestDatabase.Connection database = TestDatabase.connection();
		connection = DriverManager.getConnection(database.url(), database.username(), database.password());
		long start = System.nanoTime();
		history.load(connection);
		plans.append(String.format(Locale.ROOT, "History generated and analysed in %.0f s: %s.%n",
				(System.nanoTime() - start) / 1e9, sizes()));
	}

	@AfterAll
	void forgetHistory() throws SQLException, IOException {
		try {
			history.forget(connection);
		}
		finally {
			connection.close();
		}
		Path out = Path.of("target", "benchmarks");
		Files.createDirectories(out);
		Files.writeString(out.resolve("history-plans.md"), plans);
	}

	@Test
	void theDashboardRefreshReadsOnlyTheWatchedCampaignsIndexEntries() throws SQLException {
		String campaign = "'" + history.watched + "'";
		assertReads("refresh: tally", sql(REPORT, "TALLY"), "(uuid)", campaign, "recipient_report");
		assertReads("refresh: calls per hour", sql(REPORT, "CALLS_PER_HOUR"), "(uuid, timestamptz)",
				campaign + ", now() - interval '48 hours'", "call_attempt_by_campaign_recent");
		assertReads("refresh: last call end", sql(REPORT, "LAST_CALL_END"), "(uuid)", campaign,
				"call_attempt_finished");
		assertReads("refresh: finished calls (chart)", sql(REPORT, "FINISHED_CALLS"), "(uuid, timestamptz)",
				campaign + ", now() - interval '24 hours'", "call_attempt_finished");
		assertReads("refresh: finished attempts by connection", sql(REPORT, "BY_CONNECTION"), "(uuid)", campaign,
				"call_attempt_by_connection");
	}

	@Test
	void theRetentionPurgeFindsCampaignsToEraseWithoutReadingErasedHistory() throws SQLException {
		assertReads("purge: campaigns to erase", sql(RETENTION, "CAMPAIGNS_TO_ERASE", "cutoff"), "(timestamptz)",
				"now() - interval '90 days'", "campaign_to_erase");
	}

	@Test
	void theRetentionPurgeErasesABatchOfRecipientsWithTheirTrailsAndCallsByIndex() throws SQLException {
		assertReads("purge: erase a batch of a campaign's recipients",
				sql(RETENTION, "ERASE_BATCH", "campaign", "after", "batch", "now"), "(uuid, bigint, int, timestamptz)",
				"'" + history.due + "', 0, 10000, now()", "recipient_by_campaign", "recipient_pkey",
				"recipient_event_by_recipient", "call_attempt_by_recipient");
	}

	@Test
	void theEventPurgeDeletesABatchByAgeAndItsDeliveriesByEvent() throws SQLException {
		assertReads("purge: a batch of old webhook events", sql(RETENTION, "DELETE_EVENTS", "cutoff", "batch"),
				"(timestamptz, int)", "now() - interval '90 days', 10000", "outbox_by_created", "outbox_pkey");
		// what the foreign key's cascade runs for every deleted event
		assertReads("purge: an event's deliveries (on delete cascade)",
				"delete from only webhook_delivery where $1 = outbox_id", "(bigint)",
				single("select min(id) from outbox where tenant = '" + history.tenant + "'"), "webhook_delivery_by_outbox");
	}

	@Test
	void theIdempotencyPurgeDeletesABatchByExpiry() throws SQLException {
		assertReads("purge: a batch of expired idempotency keys", sql(IDEMPOTENCY, "FORGET_EXPIRED", "now", "batch"),
				"(timestamptz, int)", "now(), 10000", "idempotency_key_expiry");
	}

	/**
	 * Asserts the statement reads through every one of {@code indexes} and scans no big table
	 * sequentially, in the custom and the generic plan; records its custom plan, executed.
	 */
	private void assertReads(String name, String sql, String types, String args, String... indexes)
			throws SQLException {
		for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
			List<Scan> scans = new ArrayList<>();
			collect(json.readTree(explain(sql, types, args, mode, "format json")).get(0).get("Plan"), scans);
			assertThat(scans).as("%s (%s): %s", name, mode, scans)
				.noneMatch(scan -> scan.type().contains("Seq Scan") && HistoryFixtures.TABLES.contains(scan.relation()));
			assertThat(scans).as("%s (%s): %s", name, mode, scans).extracting(Scan::index).contains(indexes);
		}
		plans.append("\n### ").append(name).append("\n\n```sql\n").append(sql).append("\n```\n\n```\n")
			.append(explain(sql, types, args, "force_custom_plan", "analyze, buffers"))
			.append("```\n");
	}

	/** EXPLAIN of the prepared statement, in a transaction rolled back afterwards (EXPLAIN ANALYZE executes it). */
	private String explain(String sql, String types, String args, String mode, String options) throws SQLException {
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.execute("set local plan_cache_mode = " + mode);
			statement.execute("prepare history_plan " + types + " as " + sql);
			StringBuilder plan = new StringBuilder();
			try (ResultSet rs = statement.executeQuery(
					"explain (" + options + ") execute history_plan (" + args + ")")) {
				while (rs.next()) {
					plan.append(rs.getString(1)).append('\n');
				}
			}
			return plan.toString();
		}
		finally {
			connection.rollback();
			try (Statement statement = connection.createStatement()) {
				statement.execute("deallocate history_plan");
			}
			connection.setAutoCommit(true);
		}
	}

	private record Scan(String type, String relation, String index) {
	}

	private static void collect(JsonNode node, List<Scan> scans) {
		String type = node.path("Node Type").asString("");
		if (type.contains("Scan")) {
			scans.add(new Scan(type, node.path("Relation Name").asString(""), node.path("Index Name").asString("")));
		}
		for (JsonNode child : node.path("Plans")) {
			collect(child, scans);
		}
	}

	/** A statement of a class, as it sends it: named parameters in the given order, or {@code ?}, as $n. */
	private static String sql(String className, String field, String... names) {
		String sql;
		try {
			java.lang.reflect.Field constant = Class.forName(className).getDeclaredField(field);
			constant.setAccessible(true);
			sql = (String) constant.get(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
		Matcher named = NAMED.matcher(sql);
		StringBuilder numbered = new StringBuilder();
		while (named.find()) {
			int index = List.of(names).indexOf(named.group(1));
			assertThat(index).as("parameter :%s of %s.%s", named.group(1), className, field).isNotNegative();
			named.appendReplacement(numbered, "\\$" + (index + 1));
		}
		named.appendTail(numbered);
		StringBuilder positional = new StringBuilder();
		int n = 0;
		for (char c : numbered.toString().toCharArray()) {
			positional.append(c == '?' ? "$" + (++n) : String.valueOf(c));
		}
		return positional.toString();
	}

	private String sizes() throws SQLException {
		return single("select string_agg(relname || ' ' || n_live_tup, ', ' order by relname) from pg_stat_user_tables"
				+ " where relname = any(array['" + String.join("','", HistoryFixtures.TABLES) + "'])");
	}

	private String single(String query) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
			rs.next();
			return rs.getString(1);
		}
	}

}
