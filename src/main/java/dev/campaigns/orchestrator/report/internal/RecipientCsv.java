package dev.campaigns.orchestrator.report.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
 * Columns: {@code phone_number, external_id, state, outcome, outcome_reason, detection,
 * disposition, attempts, last_call_sid, next_attempt_at, created_at, updated_at} (instants in
 * ISO-8601 UTC; {@code detection} and {@code disposition} as the agent reported them on the
 * call {@code last_call_sid} names, empty without such a call or report), then one column per
 * metadata key used by any recipient of the campaign, in alphabetical order, empty where a
 * recipient lacks the key. However many keys there are: each row's metadata is read whole and
 * spread over the columns here, never as one select-list entry or bind parameter per key
 * (PostgreSQL allows 1,664 entries in a select list, its protocol 65,535 parameters in a
 * statement).
 * <p>
 * Formula injection guard: every cell, header included, goes through {@link #cell}: one that
 * starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return is
 * prefixed with a single quote, so spreadsheets show it as text instead of running it (OWASP
 * "CSV injection"). Free text (the metadata, the agent's disposition) is where a formula would
 * hide. The one exception is the phone number: it is validated E.164 ({@code +} and digits
 * only) or anonymised, cannot carry a formula, and consumers need it verbatim.
 */
@Component
public class RecipientCsv {

	static final List<String> COLUMNS = List.of("phone_number", "external_id", "state", "outcome", "outcome_reason",
			"detection", "disposition", "attempts", "last_call_sid", "next_attempt_at", "created_at", "updated_at");

	/** Rows fetched per round trip of the cursor. */
	static final int FETCH_SIZE = 2000;

	/** The campaign's metadata keys: one pass over its recipients ({@code recipient_by_campaign}). */
	static final String METADATA_KEYS = """
			select distinct jsonb_object_keys(metadata) as key from recipient where campaign_id = ? order by 1""";

	/**
	 * Recipients in the order they were added ({@code recipient_by_campaign}), metadata whole,
	 * with the agent's report on their last call: one probe per row of the unique index on
	 * {@code call_attempt.call_sid} ({@code call_attempt_call_sid_key}, V1__domain.sql). The
	 * {@code limit} keeps the lateral subquery a per-row probe: flattened into a plain join, the
	 * planner may hash the whole of {@code call_attempt}, every campaign's attempts.
	 */
	static final String ROWS = """
			select r.phone_number, r.external_id, r.state, r.outcome, r.outcome_reason, last_call.detection,
			       last_call.disposition, r.attempts, r.last_call_sid, r.next_attempt_at, r.created_at, r.updated_at,
			       r.metadata::text
			from recipient r
			left join lateral (
			    select a.detection, a.disposition from call_attempt a where a.call_sid = r.last_call_sid limit 1
			) last_call on true
			where r.campaign_id = ? order by r.id""";

	/** Where the CSV goes: opened only once the header is known, so a failure before it is a plain error. */
	@FunctionalInterface
	public interface Download {

		OutputStream open() throws IOException;

	}

	private final JdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	private final JsonMapper json;

	RecipientCsv(DataSource dataSource, PlatformTransactionManager transactions, JsonMapper json) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setFetchSize(FETCH_SIZE);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.json = json;
	}

	/**
	 * Writes the campaign's recipients in one read-only repeatable-read transaction (one
	 * consistent snapshot, so the header names every key of the rows; PostgreSQL streams with
	 * a cursor only outside auto-commit). The download is opened after the keys are read: a
	 * failure until then leaves the response untouched for an error answer. The caller has
	 * checked the campaign belongs to its tenant.
	 */
	public void write(UUID campaign, Download download) {
		readOnly.executeWithoutResult(tx -> {
			List<String> keys = jdbc.queryForList(METADATA_KEYS, String.class, campaign);
			try {
				Writer writer = new BufferedWriter(new OutputStreamWriter(download.open(), StandardCharsets.UTF_8),
						64 * 1024);
				List<String> header = new ArrayList<>(COLUMNS);
				header.addAll(keys);
				writeRow(writer, header);
				jdbc.query(ROWS, (ResultSet rs) -> writeRecipient(writer, rs, keys), campaign);
				writer.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private void writeRecipient(Writer writer, ResultSet rs, List<String> keys) throws SQLException {
		try {
			writer.write(escape(rs.getString(1)));
			writeCells(writer, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
					rs.getString(7), Integer.toString(rs.getInt(8)), rs.getString(9), instant(rs.getTimestamp(10)),
					instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)));
			Map<String, String> metadata = metadata(json, rs.getString(13));
			for (String key : keys) {
				writer.write(',');
				writer.write(cell(metadata.get(key)));
			}
			writer.write("\r\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writeCells(Writer writer, @Nullable String... cells) throws IOException {
		for (String cell : cells) {
			writer.write(',');
			writer.write(cell(cell));
		}
	}

	/** A row of cells, each through {@link #cell}. */
	static void writeRow(Writer writer, List<String> cells) throws IOException {
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				writer.write(',');
			}
			writer.write(cell(cells.get(i)));
		}
		writer.write("\r\n");
	}

	/** A recipient's metadata by key, values as {@code ->>} reads them (null where JSON null). */
	static Map<String, String> metadata(JsonMapper json, @Nullable String text) {
		if (text == null || text.equals("{}")) {
			return Map.of();
		}
		JsonNode object = json.readTree(text);
		Map<String, String> values = new HashMap<>(object.size() * 2);
		for (Map.Entry<String, JsonNode> entry : object.properties()) {
			JsonNode value = entry.getValue();
			if (!value.isNull()) {
				values.put(entry.getKey(), value.isString() ? value.asString() : value.toString());
			}
		}
		return values;
	}

	/** A cell as written: the formula-injection guard of the class comment, then RFC 4180 quoting. */
	static String cell(@Nullable String value) {
		return escape(guard(value));
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

	private static @Nullable String instant(@Nullable Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant().toString();
	}

}
