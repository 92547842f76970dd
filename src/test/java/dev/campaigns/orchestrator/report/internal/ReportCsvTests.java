package dev.campaigns.orchestrator.report.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCsvTests {

	@Test
	void quotesCellsWithCommasQuotesAndLineBreaksOnly() {
		assertThat(RecipientCsv.escape("plain")).isEqualTo("plain");
		assertThat(RecipientCsv.escape("a,b")).isEqualTo("\"a,b\"");
		assertThat(RecipientCsv.escape("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(RecipientCsv.escape("two\nlines")).isEqualTo("\"two\nlines\"");
		assertThat(RecipientCsv.escape("")).isEmpty();
	}

	@Test
	void prefixesCellsThatASpreadsheetWouldRunAsAFormula() {
		assertThat(RecipientCsv.guard("=1+2")).isEqualTo("'=1+2");
		assertThat(RecipientCsv.guard("+1")).isEqualTo("'+1");
		assertThat(RecipientCsv.guard("-5")).isEqualTo("'-5");
		assertThat(RecipientCsv.guard("@SUM(A1)")).isEqualTo("'@SUM(A1)");
		assertThat(RecipientCsv.guard("\tx")).isEqualTo("'\tx");
		assertThat(RecipientCsv.guard("a=b")).isEqualTo("a=b");
		assertThat(RecipientCsv.guard(null)).isEmpty();
	}

	@Test
	void writesRowsWithCrLfLineEnds() throws IOException {
		StringWriter out = new StringWriter();
		RecipientCsv.writeRow(out, List.of("a", "b,c", ""));
		assertThat(out).hasToString("a,\"b,c\",\r\n");
	}

	@Test
	void asksForOneMetadataValuePerKeyInOrder() {
		assertThat(RecipientCsv.rowsQuery(2)).contains(", metadata ->> ?, metadata ->> ? from recipient")
			.endsWith("order by id");
	}

}
