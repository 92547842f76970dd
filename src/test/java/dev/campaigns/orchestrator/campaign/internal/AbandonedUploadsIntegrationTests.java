package dev.campaigns.orchestrator.campaign.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** What a replica that died mid-upload left behind is dropped; what an upload still uses is not. */
@IntegrationTest
class AbandonedUploadsIntegrationTests {

	@Autowired
	AbandonedUploads sweep;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Clock clock;

	@Test
	void dropsStagingTablesOlderThanADayAndNoOthers() {
		Instant now = clock.instant();
		String abandoned = RecipientUpload.PREFIX + now.minus(Duration.ofHours(25)).getEpochSecond() + "_dead";
		String running = RecipientUpload.PREFIX + now.minus(Duration.ofHours(23)).getEpochSecond() + "_slow";
		String unknown = RecipientUpload.PREFIX + "notes";
		for (String table : new String[] { abandoned, running, unknown }) {
			jdbc.sql("create unlogged table " + table + " (" + RecipientCopy.STAGED_COLUMNS + ")").update();
		}

		sweep.sweep();

		assertThat(exists(abandoned)).isFalse();
		assertThat(exists(running)).isTrue();
		assertThat(exists(unknown)).isTrue();
		jdbc.sql("drop table " + running + ", " + unknown).update();
	}

	private boolean exists(String table) {
		return jdbc.sql("select count(*) from pg_tables where tablename = ?").param(table).query(Long.class)
			.single() == 1;
	}

}
