package dev.campaigns.orchestrator.campaign;

import java.time.Duration;

import dev.campaigns.orchestrator.CsvRecords;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on what one request may bring ({@code orchestrator.campaign.*}). Each is enforced
 * while the body is read, so no body, however large, takes more memory than they allow.
 *
 * @param maxJsonBody largest JSON body accepted, else 413 (default 64MB)
 * @param maxCsvBody largest CSV body accepted, else 413 (default 512MB)
 * @param maxRecipientsPerRequest most recipients in one JSON request, else 400; the body is
 * read no further than the first one past it (default 100,000)
 * @param maxCsvRows most rows in one CSV upload, else 400 (default 1,000,000)
 * @param maxCsvCell most characters in one CSV cell (quotes undone), else 400 naming its row and
 * column; above the longest value a recipient's metadata may hold (default 32,768)
 * @param maxCsvRecord most characters in one CSV record (separators, quotes and line break
 * included), else 400 naming its row; at least {@code max-csv-cell} (default 65,536)
 * @param maxReportedErrors most errors listed in one 400 answer; the total is always given
 * (default 1,000)
 * @param idempotencyKeyRetention how long an {@code Idempotency-Key} is remembered (default 24 h)
 */
@ConfigurationProperties("orchestrator.campaign")
public record IngestLimits(@DefaultValue("64MB") DataSize maxJsonBody, @DefaultValue("512MB") DataSize maxCsvBody,
		@DefaultValue("100000") int maxRecipientsPerRequest, @DefaultValue("1000000") int maxCsvRows,
		@DefaultValue("32768") int maxCsvCell, @DefaultValue("65536") int maxCsvRecord,
		@DefaultValue("1000") int maxReportedErrors, @DefaultValue("PT24H") Duration idempotencyKeyRetention) {

	public IngestLimits {
		require(maxRecipientsPerRequest > 0, "max-recipients-per-request", maxRecipientsPerRequest);
		require(maxCsvRows > 0, "max-csv-rows", maxCsvRows);
		require(maxCsvCell > 0, "max-csv-cell", maxCsvCell);
		require(maxCsvRecord >= maxCsvCell, "max-csv-record", maxCsvRecord + " (below max-csv-cell)");
		require(maxReportedErrors > 0, "max-reported-errors", maxReportedErrors);
	}

	/** The CSV bounds of one cell and one record, for a reader of CSV bodies. */
	public CsvRecords.Limits csv() {
		return new CsvRecords.Limits(maxCsvCell, maxCsvRecord);
	}

	private static void require(boolean holds, String name, Object value) {
		if (!holds) {
			throw new IllegalArgumentException("orchestrator.campaign." + name + " cannot be " + value
					+ ": it must be at least 1, and max-csv-record at least max-csv-cell");
		}
	}

}
