package dev.campaigns.orchestrator.report.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One CSV row per recipient of a campaign (RFC 4180: comma-separated, CRLF line ends, fields
 * with a comma, quote, CR or LF quoted and quotes doubled), streamed from a server-side
 * cursor so a million recipients never sit in memory.
 * <p>
 * Columns: {@code phone_number, external_id, state, outcome, outcome_reason, attempts,
 * last_call_sid, next_attempt_at, created_at, updated_at} (instants in ISO-8601 UTC), then
 * one column per metadata key used by any recipient of the campaign, in alphabetical order,
 * empty where a recipient lacks the key.
 * <p>
 * Formula injection guard: a free-text cell (external id, outcome reason, metadata values)
 * that starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return
 * is prefixed with a single quote, so spreadsheets show it as text instead of running it
 * (OWASP "CSV injection"). The phone number is left alone: it is validated E.164 ({@code +}
 * and digits only), cannot carry a formula, and consumers need it verbatim.
 */
@Component
public class RecipientCsv {

	static final List<String> COLUMNS = List.of("phone_number", "external_id", "state", "outcome", "outcome_reason",
			"attempts", "last_call_sid", "next_attempt_at", "created_at", "updated_at");

	/** Rows fetched per round trip of the cursor. */
	static final int FETCH_SIZE = 2000;

	/** The campaign's metadata keys: one pass over its recipients ({@code recipient_by_campaign}). */
	static final String METADATA_KEYS = """
			select distinct jsonb_object_keys(metadata) as key from recipient where campaign_id = ? order by 1""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	RecipientCsv(DataSource dataSource, PlatformTransactionManager transactions) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setFetchSize(FETCH_SIZE);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
	}

	/**
	 * Writes the campaign's recipients to {@code out} in one read-only repeatable-read
	 * transaction (one consistent snapshot; PostgreSQL streams with a cursor only outside
	 * auto-commit). The caller has checked the campaign belongs to its tenant.
	 */
	public void write(UUID campaign, OutputStream out) {
		readOnly.executeWithoutResult(tx -> {
			List<String> keys = jdbc.queryForList(METADATA_KEYS, String.class, campaign);
			Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
			List<String> header = new ArrayList<>(COLUMNS);
			header.addAll(keys);
			try {
				writeRow(writer, header);
				jdbc.query(connection -> {
					PreparedStatement statement = connection.prepareStatement(rowsQuery(keys.size()));
					statement.setFetchSize(FETCH_SIZE);
					for (int i = 0; i < keys.size(); i++) {
						statement.setString(i + 1, keys.get(i));
					}
					statement.setObject(keys.size() + 1, campaign);
					return statement;
				}, (ResultSet rs) -> writeRecipient(writer, rs, keys.size()));
				writer.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/** Recipients in the order they were added ({@code recipient_by_campaign}), metadata values by key. */
	static String rowsQuery(int keys) {
		StringBuilder sql = new StringBuilder("select phone_number, external_id, state, outcome, outcome_reason,"
				+ " attempts, last_call_sid, next_attempt_at, created_at, updated_at");
		for (int i = 0; i < keys; i++) {
			sql.append(", metadata ->> ?");
		}
		return sql.append(" from recipient where campaign_id = ? order by id").toString();
	}

	private static void writeRecipient(Writer writer, ResultSet rs, int keys) throws SQLException {
		List<String> row = new ArrayList<>(COLUMNS.size() + keys);
		row.add(rs.getString(1));
		row.add(guard(rs.getString(2)));
		row.add(rs.getString(3));
		row.add(nullToEmpty(rs.getString(4)));
		row.add(guard(rs.getString(5)));
		row.add(Integer.toString(rs.getInt(6)));
		row.add(nullToEmpty(rs.getString(7)));
		row.add(instant(rs.getTimestamp(8)));
		row.add(instant(rs.getTimestamp(9)));
		row.add(instant(rs.getTimestamp(10)));
		for (int i = 0; i < keys; i++) {
			row.add(guard(rs.getString(11 + i)));
		}
		try {
			writeRow(writer, row);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void writeRow(Writer writer, List<String> cells) throws IOException {
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				writer.write(',');
			}
			writer.write(escape(cells.get(i)));
		}
		writer.write("\r\n");
	}

	/** RFC 4180: quoted when it holds a comma, quote, CR or LF, with quotes doubled. */
	static String escape(String cell) {
		boolean quote = false;
		for (int i = 0; i < cell.length() && !quote; i++) {
			char c = cell.charAt(i);
			quote = c == ',' || c == '"' || c == '\r' || c == '\n';
		}
		return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
	}

	/** The formula-injection guard of the class comment; null becomes empty. */
	static String guard(@Nullable String cell) {
		if (cell == null || cell.isEmpty()) {
			return "";
		}
		char first = cell.charAt(0);
		return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
				? "'" + cell : cell;
	}

	private static String nullToEmpty(@Nullable String cell) {
		return cell == null ? "" : cell;
	}

	private static String instant(@Nullable Timestamp timestamp) {
		return timestamp == null ? "" : timestamp.toInstant().toString();
	}

}
