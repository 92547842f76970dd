package dev.campaigns.orchestrator.campaign.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Drops the staging tables of appends that never finished: an upload drops its own when it
 * ends, but not when its replica died on the way. A table's name carries its upload's start
 * ({@link RecipientUpload#PREFIX}); one older than a day belongs to no upload still running.
 */
@Component
class AbandonedUploads {

	private static final Logger log = LoggerFactory.getLogger(AbandonedUploads.class);

	static final Duration ABANDONED_AFTER = Duration.ofDays(1);

	private final JdbcClient jdbc;

	private final Clock clock;

	AbandonedUploads(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${orchestrator.campaign.upload-sweep-interval:PT1H}", initialDelayString = "PT1M")
	void sweep() {
		long cutoff = clock.instant().minus(ABANDONED_AFTER).getEpochSecond();
		List<String> tables = jdbc.sql("select tablename from pg_tables where schemaname = current_schema()"
				+ " and starts_with(tablename, :prefix)")
			.param("prefix", RecipientUpload.PREFIX)
			.query(String.class)
			.list();
		for (String table : tables) {
			if (startedAt(table) < cutoff) {
				jdbc.sql("drop table if exists \"" + table.replace("\"", "\"\"") + "\"").update();
				log.info("Dropped {}, the staging table of an append that never finished", table);
			}
		}
	}

	/** The epoch second in a staging table's name; a name not of that form is never dropped. */
	static long startedAt(String table) {
		String rest = table.substring(RecipientUpload.PREFIX.length());
		int end = rest.indexOf('_');
		try {
			return end < 0 ? Long.MAX_VALUE : Long.parseLong(rest.substring(0, end));
		}
		catch (NumberFormatException ex) {
			return Long.MAX_VALUE;
		}
	}

}
