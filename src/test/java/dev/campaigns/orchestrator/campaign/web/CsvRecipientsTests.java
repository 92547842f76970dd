package dev.campaigns.orchestrator.campaign.web;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.campaigns.orchestrator.CsvRecords;
import dev.campaigns.orchestrator.campaign.RecipientDraft;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CsvRecipientsTests {

	@Test
	void readsKnownColumnsAndTurnsTheRestIntoMetadata() {
		List<RecipientDraft> rows = read("""
				phone_number,country_code,time_zone,external_id,not_before,not_after,customer_name,appointment
				+442079460001,,Europe/London,appt-1,,2026-11-23T15:00:00Z,Paul Smith,2026-11-23
				4155550101,US,,appt-2,,,,
				""");

		assertThat(rows).hasSize(2);
		assertThat(rows.get(0)).isEqualTo(new RecipientDraft("+442079460001", null, "Europe/London", "appt-1", null,
				"2026-11-23T15:00:00Z", Map.of("customer_name", "Paul Smith", "appointment", "2026-11-23")));
		assertThat(rows.get(1).countryCode()).isEqualTo("US");
		assertThat(rows.get(1).metadata()).isEmpty();
	}

	@Test
	void quotedCellsKeepCommasQuotesAndLineBreaks() {
		List<RecipientDraft> rows = read("phone_number,note\r\n\"+14155550101\",\"a, \"\"b\"\"\nc\"\r\n");

		assertThat(rows).singleElement().satisfies(row -> assertThat(row.metadata()).containsEntry("note", "a, \"b\"\nc"));
	}

	@Test
	void columnsMayComeInAnyOrderAndBlankLinesAreSkipped() {
		List<RecipientDraft> rows = read("external_id,phone_number\nx1,+14155550101\n\nx2,+14155550102");

		assertThat(rows).extracting(RecipientDraft::externalId).containsExactly("x1", "x2");
	}

	@Test
	void aHeaderWithoutPhoneNumberIsRejected() {
		assertThatExceptionOfType(MalformedRequest.class).isThrownBy(() -> read("number,name\n+14155550101,x\n"))
			.satisfies(ex -> assertThat(ex.errors()).singleElement()
				.satisfies(error -> assertThat(error.reason()).contains("phone_number")));
	}

	@Test
	void aRowWithTheWrongNumberOfCellsIsNamedByIndex() {
		assertThatExceptionOfType(MalformedRequest.class)
			.isThrownBy(() -> read("phone_number,name\n+14155550101,a\n+14155550102\n"))
			.satisfies(ex -> assertThat(ex.errors().get(0).index()).isEqualTo(1));
	}

	@Test
	void anUnclosedQuoteIsAnError() {
		assertThatExceptionOfType(MalformedRequest.class)
			.isThrownBy(() -> read("phone_number\n\"+14155550101\n"));
	}

	@Test
	void aByteOrderMarkIsNotPartOfTheFirstColumnName() {
		assertThat(read("\uFEFFphone_number\n+14155550101\n")).hasSize(1);
	}

	@Test
	void aCellOverItsLimitIsNamedByItsRowAndColumn() {
		assertThatExceptionOfType(MalformedRequest.class)
			.isThrownBy(() -> read("phone_number,note\n+14155550101,short\n+14155550102,0123456789abc\n",
					new CsvRecords.Limits(12, 100)))
			.satisfies(ex -> assertThat(ex.errors()).singleElement().satisfies(error -> {
				assertThat(error.index()).isEqualTo(1);
				assertThat(error.field()).isEqualTo("note");
				assertThat(error.reason()).isEqualTo("is longer than 12 characters (line 3)");
			}));
	}

	@Test
	void aRecordOverItsLimitIsNamedByItsRow() {
		assertThatExceptionOfType(MalformedRequest.class)
			.isThrownBy(() -> read("phone_number,a,b,c\n+14155550101,aaaaaaaaa,bbbbbbbbb,ccccccccc\n",
					new CsvRecords.Limits(12, 30)))
			.satisfies(ex -> assertThat(ex.errors()).singleElement().satisfies(error -> {
				assertThat(error.index()).isZero();
				assertThat(error.field()).isEqualTo("row");
				assertThat(error.reason()).isEqualTo("is longer than 30 characters (from line 2)");
			}));
	}

	@Test
	void aHeaderCellOverItsLimitIsAFaultOfTheHeader() {
		assertThatExceptionOfType(MalformedRequest.class)
			.isThrownBy(() -> read("phone_number,a_very_long_column\n+14155550101,x\n", new CsvRecords.Limits(12, 100)))
			.satisfies(ex -> assertThat(ex.errors()).singleElement().satisfies(error -> {
				assertThat(error.index()).isNull();
				assertThat(error.field()).isEqualTo("header");
				assertThat(error.reason()).isEqualTo("column 2 is longer than 12 characters (line 1)");
			}));
	}

	private static List<RecipientDraft> read(String csv) {
		return read(csv, new CsvRecords.Limits(32_768, 65_536));
	}

	private static List<RecipientDraft> read(String csv, CsvRecords.Limits limits) {
		CsvRecipients recipients = new CsvRecipients(new BufferedReader(new StringReader(csv)), limits);
		List<RecipientDraft> rows = new ArrayList<>();
		recipients.forEachRemaining(rows::add);
		return rows;
	}

}
