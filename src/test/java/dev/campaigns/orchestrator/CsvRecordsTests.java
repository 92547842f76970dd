package dev.campaigns.orchestrator;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CsvRecordsTests {

	static final CsvRecords.Limits ROOMY = new CsvRecords.Limits(32_768, 65_536);

	@Test
	void readsQuotedCellsWithCommasQuotesAndLineBreaksUnderEveryLineEnding() {
		assertThat(records("a,\"b,\"\"c\"\"\nd\"\r\ne,f\rg\n", ROOMY)).containsExactly(List.of("a", "b,\"c\"\nd"),
				List.of("e", "f"), List.of("g"));
	}

	@Test
	void stopsReadingACellAsSoonAsItPassesItsLimit() {
		Counted in = new Counted("phone_number,note\n+14155550101," + "x".repeat(1_000_000) + "\n");
		CsvRecords records = new CsvRecords(new BufferedReader(in), new CsvRecords.Limits(100, 1_000));
		records.next();

		assertThatExceptionOfType(CsvRecords.Malformed.class).isThrownBy(records::next).satisfies(ex -> {
			assertThat(ex.column()).isEqualTo(1);
			assertThat(ex.getMessage()).isEqualTo("is longer than 100 characters (line 2)");
		});
		// a buffer's worth or two of the million, not all of it
		assertThat(in.read).isLessThan(20_000);
		assertThat(records.next()).isNull();
	}

	@Test
	void stopsReadingARecordAsSoonAsItPassesItsLimit() {
		Counted in = new Counted("a,b\n" + "x,".repeat(1_000_000) + "\n");
		CsvRecords records = new CsvRecords(new BufferedReader(in), new CsvRecords.Limits(10, 50));
		records.next();

		assertThatExceptionOfType(CsvRecords.Malformed.class).isThrownBy(records::next).satisfies(ex -> {
			assertThat(ex.column()).isEqualTo(-1);
			assertThat(ex.getMessage()).isEqualTo("is longer than 50 characters (from line 2)");
		});
		assertThat(in.read).isLessThan(20_000);
	}

	@Test
	void aQuotedCellCountsItsTextAgainstTheCellLimitAndWhatWasSentAgainstTheRecordLimit() {
		// 5 characters of text, 10 as sent
		String csv = "\"a\"\"b\"\"c\"\n";

		assertThat(records(csv, new CsvRecords.Limits(4, 100))).isEmpty();
		assertThat(records(csv, new CsvRecords.Limits(5, 10))).containsExactly(List.of("a\"b\"c"));
		assertThat(records(csv, new CsvRecords.Limits(5, 9))).isEmpty();
	}

	@Test
	void limitsMustLeaveRoomForACellAndARecordAtLeastAsLongAsOne() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new CsvRecords.Limits(0, 10));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new CsvRecords.Limits(10, 9));
	}

	/** Every record, or none when one is malformed. */
	private static List<List<String>> records(String csv, CsvRecords.Limits limits) {
		CsvRecords records = new CsvRecords(new BufferedReader(new StringReader(csv)), limits);
		List<List<String>> all = new ArrayList<>();
		try {
			for (List<String> record = records.next(); record != null; record = records.next()) {
				all.add(record);
			}
		}
		catch (CsvRecords.Malformed ex) {
			return List.of();
		}
		return all;
	}

	/** Counts the characters read from it. */
	static final class Counted extends FilterReader {

		long read;

		Counted(String text) {
			super(new StringReader(text));
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			read += Math.max(0, n);
			return n;
		}

		@Override
		public int read() throws IOException {
			int c = super.read();
			read += c < 0 ? 0 : 1;
			return c;
		}

	}

}
