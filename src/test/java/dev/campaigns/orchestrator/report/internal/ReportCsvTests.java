package dev.campaigns.orchestrator.report.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

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
	void writesRowsWithCrLfLineEndsGuardingEveryCell() throws IOException {
		StringWriter out = new StringWriter();
		RecipientCsv.writeRow(out, List.of("a", "b,c", "", "+cmd|'calc'!A0", "=1,2"));
		assertThat(out).hasToString("a,\"b,c\",,'+cmd|'calc'!A0,\"'=1,2\"\r\n");
	}

	@Test
	void readsEachRowsMetadataWholeWithOneParameterWhateverTheNumberOfKeys() {
		assertThat(RecipientCsv.ROWS).containsOnlyOnce("?").contains("metadata::text").endsWith("order by r.id");
		assertThat(RecipientCsv.ROWS).doesNotContain("->>");
	}

	@Test
	void spreadsAMetadataObjectByKeyAsPostgresReadsIt() {
		JsonMapper json = JsonMapper.builder().build();

		assertThat(RecipientCsv.metadata(json, "{\"a\": \"x, y\", \"n\": 3, \"gone\": null}")).containsOnly(
				entry("a", "x, y"), entry("n", "3"));
		assertThat(RecipientCsv.metadata(json, "{}")).isEmpty();
		assertThat(RecipientCsv.metadata(json, null)).isEmpty();
	}

}
