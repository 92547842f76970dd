package dev.campaigns.orchestrator.campaign.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes recipients as {@code COPY ... FROM STDIN (FORMAT csv)} rows: the fastest way into
 * PostgreSQL, one round trip for any number of rows, constant memory. Either straight into
 * {@code recipient} (a new campaign, duplicates already excluded) or, with their index in the
 * request, into an append's staging table ({@link RecipientUpload}, checked by SQL afterwards).
 */
final class RecipientCopy implements AutoCloseable {

	/**
	 * The columns of an append's staging table: those {@link #staged} writes, in order
	 * ({@link #STAGED_COPY}), then {@code matched}, the recipient a row is already, if any, noted
	 * by the attach.
	 */
	static final String STAGED_COLUMNS = """
			idx integer not null, phone_number text not null, country_code text, time_zones text[] not null,
			external_id text, metadata jsonb not null, not_before timestamptz, not_after timestamptz,
			deadline timestamptz, state text not null, outcome text, next_attempt_at timestamptz,
			matched bigint""";

	/** The columns {@link #staged} writes, for the {@code COPY} into a staging table. */
	static final String STAGED_COPY = "idx, phone_number, country_code, time_zones, external_id, metadata, not_before,"
			+ " not_after, deadline, state, outcome, next_attempt_at";

	private static final String INTO_RECIPIENT = "copy recipient (campaign_id, phone_number, country_code, time_zones,"
			+ " external_id, metadata, not_before, not_after, deadline, state, outcome, next_attempt_at, created_at,"
			+ " updated_at) from stdin (format csv)";

	private final Writer out;

	private final JsonMapper json;

	private final @Nullable String campaignId;

	private final @Nullable String now;

	private int rows;

	private RecipientCopy(Writer out, JsonMapper json, @Nullable UUID campaignId, @Nullable Instant now) {
		this.out = out;
		this.json = json;
		this.campaignId = campaignId == null ? null : campaignId.toString();
		this.now = now == null ? null : now.toString();
	}

	/** Rows go straight into {@code recipient} for {@code campaignId}, as {@code PENDING}. */
	static RecipientCopy intoRecipients(Connection connection, JsonMapper json, UUID campaignId, Instant now)
			throws SQLException {
		return new RecipientCopy(open(connection, INTO_RECIPIENT), json, campaignId, now);
	}

	/**
	 * Rows of a staging table ({@link #STAGED_COLUMNS}) go to {@code out}, for a
	 * {@code copy <table> from stdin (format csv)}.
	 */
	static RecipientCopy staged(Writer out, JsonMapper json) {
		return new RecipientCopy(out, json, null, null);
	}

	private static Writer open(Connection connection, String sql) throws SQLException {
		PGCopyOutputStream copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, 1 << 16);
		return new BufferedWriter(new OutputStreamWriter(copy, StandardCharsets.UTF_8), 1 << 16);
	}

	/**
	 * One recipient: pending until {@code nextAttemptAt}, or, without one, done as
	 * {@code EXPIRED} (no lawful opening before its deadline).
	 */
	void add(ValidRecipient recipient, @Nullable Instant deadline, Optional<Instant> nextAttemptAt) {
		try {
			if (campaignId == null) {
				out.write(Integer.toString(recipient.index()));
				out.write(',');
			}
			else {
				out.write(campaignId);
				out.write(',');
			}
			quoted(recipient.phoneNumber());
			out.write(',');
			quoted(recipient.countryCode());
			out.write(',');
			quoted(zones(recipient.zones().iterator()));
			out.write(',');
			quoted(recipient.externalId());
			out.write(',');
			quoted(recipient.metadataJson());
			out.write(',');
			instant(recipient.notBefore());
			out.write(',');
			instant(recipient.notAfter());
			out.write(',');
			instant(deadline);
			out.write(nextAttemptAt.isPresent() ? ",PENDING,," : ",DONE,EXPIRED,");
			instant(nextAttemptAt.orElse(null));
			if (campaignId != null) {
				out.write(',');
				out.write(now);
				out.write(',');
				out.write(now);
			}
			out.write('\n');
			rows++;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int rows() {
		return rows;
	}

	/** Ends the COPY; the rows are in the table (visible to this transaction). */
	@Override
	public void close() {
		try {
			out.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A PostgreSQL array literal, {@code {"Europe/London","Europe/Jersey"}}. */
	private static String zones(Iterator<ZoneId> zones) {
		StringBuilder literal = new StringBuilder("{");
		while (zones.hasNext()) {
			literal.append('"').append(zones.next().getId()).append('"');
			if (zones.hasNext()) {
				literal.append(',');
			}
		}
		return literal.append('}').toString();
	}

	/** CSV: null is an empty unquoted field; text is always quoted, quotes doubled. */
	private void quoted(@Nullable String value) throws IOException {
		if (value == null) {
			return;
		}
		out.write('"');
		int from = 0;
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) == '"') {
				out.write(value, from, i - from + 1);
				out.write('"');
				from = i + 1;
			}
		}
		out.write(value, from, value.length() - from);
		out.write('"');
	}

	private void instant(@Nullable Instant instant) throws IOException {
		if (instant != null) {
			out.write(instant.toString());
		}
	}

}
