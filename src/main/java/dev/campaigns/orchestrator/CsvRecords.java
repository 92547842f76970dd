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
 * input that is not in its charset is {@link Malformed} too.
 */
public final class CsvRecords {

	private final Reader in;

	private int line = 1;

	private boolean atEnd;

	public CsvRecords(Reader in) {
		this.in = in;
	}

	/** The line the next record starts on, counting from 1. */
	public int line() {
		return line;
	}

	/**
	 * The next record's cells, or null at the end of the input. A blank line is one empty cell.
	 *
	 * @throws Malformed for a quote that is never closed or input the decoder cannot read
	 */
	public @Nullable List<String> next() {
		if (atEnd) {
			return null;
		}
		try {
			List<String> cells = new ArrayList<>();
			StringBuilder cell = new StringBuilder();
			boolean quoted = false;
			boolean any = false;
			int startLine = line;
			while (true) {
				int c = in.read();
				if (c == -1) {
					atEnd = true;
					if (quoted) {
						throw new Malformed("has a quote that is never closed (from line " + startLine + ")");
					}
					if (!any && cell.isEmpty() && cells.isEmpty()) {
						return null;
					}
					cells.add(cell.toString());
					return cells;
				}
				any = true;
				if (quoted) {
					if (c == '"') {
						in.mark(1);
						int peek = in.read();
						if (peek == '"') {
							cell.append('"');
						}
						else {
							quoted = false;
							if (peek != -1) {
								in.reset();
							}
							else {
								atEnd = true;
								cells.add(cell.toString());
								return cells;
							}
						}
					}
					else {
						if (c == '\n') {
							line++;
						}
						cell.append((char) c);
					}
				}
				else if (c == '"' && cell.isEmpty()) {
					quoted = true;
				}
				else if (c == ',') {
					cells.add(cell.toString());
					cell.setLength(0);
				}
				else if (c == '\r') {
					// CRLF or a lone CR end the record; the LF after a CR is skipped
					in.mark(1);
					if (in.read() != '\n') {
						in.reset();
					}
					line++;
					cells.add(cell.toString());
					return cells;
				}
				else if (c == '\n') {
					line++;
					cells.add(cell.toString());
					return cells;
				}
				else {
					cell.append((char) c);
				}
			}
		}
		catch (CharacterCodingException ex) {
			atEnd = true;
			throw new Malformed("is not valid UTF-8 (line " + line + ")");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Input that is not CSV; the message says why, phrased to follow "row N". */
	public static final class Malformed extends RuntimeException {

		Malformed(String reason) {
			super(reason, null, false, false);
		}

	}

}
