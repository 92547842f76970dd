package dev.campaigns.orchestrator.campaign.internal;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.postgresql.copy.PGCopyOutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * One append's recipients, staged in an unlogged table of their own before they are attached
 * to their campaign ({@link IngestWriter#attach}). Rows are buffered in memory and copied a
 * chunk at a time, each chunk on a connection borrowed for that {@code COPY} alone and given
 * back at once: an upload that streams in slowly holds neither a connection nor a lock while
 * it waits for its bytes, and its memory is two chunks whatever its size. A chunk is copied on
 * {@code copier} while the next one is read and validated, so PostgreSQL stores while Java
 * validates. Closing drops the table; the table's name carries the upload's start, so that
 * what a replica that died mid-upload left behind is dropped later ({@link AbandonedUploads}).
 * Not thread-safe: one request thread adds, finishes and closes.
 */
public final class RecipientUpload implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RecipientUpload.class);

	/** Every staging table's name starts so: {@code ingest_upload_<epoch second>_<random>}. */
	static final String PREFIX = "ingest_upload_";

	/** Bytes of rows buffered before they are copied: a few tens of thousands of recipients. */
	private static final int CHUNK = 4 << 20;

	private final DataSource dataSource;

	private final Executor copier;

	private final String table;

	private final ByteArrayOutputStream chunk = new ByteArrayOutputStream(1 << 16);

	private final Writer out = new BufferedWriter(new OutputStreamWriter(chunk, StandardCharsets.UTF_8), 1 << 16);

	private final RecipientCopy rows;

	/** The chunk being copied, if any: one at a time, in order. */
	private @Nullable CompletableFuture<Void> copying;

	/** Written by the copy that creates the table; read after joining it. */
	private volatile boolean created;

	RecipientUpload(DataSource dataSource, Executor copier, JsonMapper json, Instant startedAt) {
		this.dataSource = dataSource;
		this.copier = copier;
		this.table = PREFIX + startedAt.getEpochSecond() + "_"
				+ HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
		this.rows = RecipientCopy.staged(out, json);
	}

	/** The staging table; it holds every row added once {@link #finish} returned. */
	String table() {
		return table;
	}

	/** Rows added so far. */
	int rows() {
		return rows.rows();
	}

	/**
	 * A valid recipient with its index in the request: pending until {@code nextAttemptAt}, or,
	 * without one, done as {@code EXPIRED}.
	 */
	public void add(ValidRecipient recipient, @Nullable Instant deadline, Optional<Instant> nextAttemptAt) {
		rows.add(recipient, deadline, nextAttemptAt);
		if (chunk.size() >= CHUNK) {
			copyChunk();
		}
	}

	/** Copies the rows still buffered, and waits: the table exists and holds every row added. */
	void finish() {
		copyChunk();
		awaitCopy();
	}

	/** Hands the buffered rows to the copier, once the chunk before them is copied. */
	private void copyChunk() {
		try {
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] buffered = chunk.toByteArray();
		chunk.reset();
		awaitCopy();
		copying = CompletableFuture.runAsync(() -> copy(buffered), copier);
	}

	/** Waits for the chunk being copied, if any; its failure is this upload's. */
	private void awaitCopy() {
		CompletableFuture<Void> last = copying;
		copying = null;
		if (last == null) {
			return;
		}
		try {
			last.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw ex;
		}
	}

	/** On the copier: creates the table first, then copies the rows, on a connection of its own. */
	private void copy(byte[] buffered) {
		try (Connection connection = dataSource.getConnection()) {
			if (!created) {
				try (Statement statement = connection.createStatement()) {
					// unlogged: none of it goes to the WAL; a crash of PostgreSQL empties it, but ends the upload too
					statement.execute("create unlogged table " + table + " (" + RecipientCopy.STAGED_COLUMNS + ")");
				}
				created = true;
			}
			if (buffered.length > 0) {
				try (PGCopyOutputStream copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class),
						"copy " + table + " (" + RecipientCopy.STAGED_COPY + ") from stdin (format csv)", 1 << 16)) {
					copy.write(buffered);
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot stage recipients", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Drops the staging table: staged rows are only ever read by the attach, which is over.
	 * Failing that, the answer stands (the attach committed or not) and the sweep drops it.
	 */
	@Override
	public void close() {
		try {
			awaitCopy();
		}
		catch (RuntimeException ex) {
			// the upload failed already; what matters now is its table
		}
		if (!created) {
			return;
		}
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("drop table if exists " + table);
		}
		catch (SQLException ex) {
			log.warn("Cannot drop the staging table {} now; the sweep of abandoned uploads will: {}", table,
					ex.getMessage());
		}
	}

}
