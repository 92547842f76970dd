package dev.campaigns.orchestrator.compliance;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Personal data is kept no longer than needed: recipients of campaigns that finished more
 * than {@code personalDataRetention} ago lose their number, metadata, external id and
 * reasons (also in their trail and their calls' provider errors); counts, outcomes and call
 * histories stay for reports. Webhook events (which carry external ids) and their delivery
 * records older than the retention are deleted. The do-not-call list is kept: it exists so
 * that a number is never called again.
 */
@Service
public class DataRetention {

	private static final Logger log = LoggerFactory.getLogger(DataRetention.class);

	private final JdbcClient jdbc;

	private final ComplianceSettings settings;

	private final Clock clock;

	DataRetention(JdbcClient jdbc, ComplianceSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${orchestrator.compliance.purge-interval:PT1H}", initialDelayString = "PT5M")
	void scheduled() {
		Instant cutoff = clock.instant().minus(settings.personalDataRetention());
		anonymiseFinishedBefore(cutoff);
		deleteEventsBefore(cutoff);
	}

	/** Deletes webhook events created before {@code cutoff}, with their deliveries; answers how many. */
	public int deleteEventsBefore(Instant cutoff) {
		int deleted = jdbc.sql("delete from outbox where created_at < :cutoff")
			.param("cutoff", Timestamp.from(cutoff))
			.update();
		if (deleted > 0) {
			log.info("Deleted {} webhook events created before {}", deleted, cutoff);
		}
		return deleted;
	}

	/** Anonymises the recipients of campaigns finished before {@code cutoff}; answers how many. */
	public int anonymiseFinishedBefore(Instant cutoff) {
		// the trail's sentences may quote the provider's reasons (which may name the number): they go too
		int anonymised = jdbc.sql("""
				with anonymised as (
				    update recipient r set phone_number = 'anonymised-' || r.id, metadata = '{}', external_id = null,
				        outcome_reason = null, country_code = null, updated_at = :now
				    from campaign c
				    where c.id = r.campaign_id and c.status in ('COMPLETED', 'CANCELLED') and c.completed_at < :cutoff
				      and r.phone_number not like 'anonymised-%'
				    returning r.id
				), trail as (
				    update recipient_event e set detail = null from anonymised a where e.recipient_id = a.id
				), calls as (
				    update call_attempt t set error = null from anonymised a where t.recipient_id = a.id
				)
				select count(*) from anonymised
				""")
			.param("now", Timestamp.from(clock.instant()))
			.param("cutoff", Timestamp.from(cutoff))
			.query(Integer.class)
			.single();
		if (anonymised > 0) {
			log.info("Anonymised {} recipients of campaigns finished before {}", anonymised, cutoff);
		}
		return anonymised;
	}

}
