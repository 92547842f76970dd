package dev.campaigns.orchestrator;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * RFC 4180 records, read one at a time so that memory does not grow with the input: quoted
 * cells may hold commas, doubled quotes and line breaks; CRLF, LF or a lone CR end a record.
 * The reader must be able to {@link Reader#mark mark} one character (a
 * {@link java.io.BufferedReader}); give it a decoder that reports malformed input, and
 * input that is not in its charset is {@link Malformed} too. A cell or a record longer than
 * its {@link Limits limit} is {@link Malformed} as soon as it passes it: no more of it is read,
 * so memory stays bounded whatever the input.
 */
public final class CsvRecords {

	private final Reader in;

	private final Limits limits;

	private int line = 1;

	/** Characters of the record being read, so far. */
	private int length;

	private boolean atEnd;

	public CsvRecords(Reader in, Limits limits) {
		this.in = in;
		this.limits = limits;
	}

	/**
	 * The longest cell (its text, quotes undone) and the longest record (as sent: separators,
	 * quotes and line breaks included), in characters.
	 */
	public record Limits(int cell, int record) {

		public Limits {
			if (cell < 1 || record < cell) {
				throw new IllegalArgumentException("a CSV cell's limit must be at least 1 and a record's at least a"
						+ " cell's: " + cell + ", " + record);
			}
		}

	}

	/** The line the next record starts on, counting from 1. */
	public int line() {
		return line;
	}

	/**
	 * The next record's cells, or null at the end of the input. A blank line is one empty cell.
	 *
	 * @throws Malformed for a quote that is never closed, input the decoder cannot read, or a
	 * cell or record over its limit
	 */
	public @Nullable List<String> next() {
		if (atEnd) {
			return null;
		}
		try {
			return record();
		}
		catch (CharacterCodingException ex) {
			atEnd = true;
			throw new Malformed("is not valid UTF-8 (line " + line + ")");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private @Nullable List<String> record() throws IOException {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		int startLine = line;
		length = 0;
		int c = read(startLine);
		if (c == -1) {
			atEnd = true;
			return null;
		}
		while (true) {
			if (c == '"' && cell.isEmpty()) {
				quoted(cell, cells.size(), startLine);
			}
			else if (c == ',') {
				cells.add(cell.toString());
				cell.setLength(0);
			}
			else if (c == '\r' || c == '\n') {
				if (c == '\r') {
					// CRLF or a lone CR end the record; the LF after a CR is skipped
					in.mark(1);
					if (in.read() != '\n') {
						in.reset();
					}
				}
				line++;
				cells.add(cell.toString());
				return cells;
			}
			else {
				append(cell, (char) c, cells.size());
			}
			c = read(startLine);
			if (c == -1) {
				atEnd = true;
				cells.add(cell.toString());
				return cells;
			}
		}
	}

	/**
	 * A quoted cell's text, its opening quote read: commas, line breaks and doubled quotes are
	 * text, up to the closing quote, which this reads too.
	 */
	private void quoted(StringBuilder cell, int column, int startLine) throws IOException {
		while (true) {
			int c = read(startLine);
			if (c == -1) {
				atEnd = true;
				throw new Malformed("has a quote that is never closed (from line " + startLine + ")");
			}
			if (c == '"') {
				in.mark(1);
				int peek = in.read();
				if (peek != '"') {
					if (peek != -1) {
						in.reset();
					}
					return;
				}
				length++;
			}
			else if (c == '\n') {
				line++;
			}
			append(cell, (char) c, column);
		}
	}

	/** One character of the record, counted against its limit; -1 at the end of the input. */
	private int read(int startLine) throws IOException {
		int c = in.read();
		if (c != -1 && ++length > limits.record()) {
			throw tooLong("is longer than " + limits.record() + " characters (from line " + startLine + ")", -1);
		}
		return c;
	}

	private void append(StringBuilder cell, char c, int column) {
		if (cell.length() == limits.cell()) {
			throw tooLong("is longer than " + limits.cell() + " characters (line " + line + ")", column);
		}
		cell.append(c);
	}

	private Malformed tooLong(String reason, int column) {
		atEnd = true;
		return new Malformed(reason, column);
	}

	/**
	 * Input that is not CSV; the message says why, phrased to follow "row N" (or, when the
	 * fault is one cell's, its column's name).
	 */
	public static final class Malformed extends RuntimeException {

		private final int column;

		Malformed(String reason) {
			this(reason, -1);
		}

		Malformed(String reason, int column) {
			super(reason, null, false, false);
			this.column = column;
		}

		/** The cell at fault, counting from 0 in its record, or -1 when the fault is not one cell's. */
		public int column() {
			return column;
		}

	}

}
