package dev.campaigns.orchestrator.compliance;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
 * <p>
 * History only grows, so each statement touches at most {@link #BATCH} rows through an index
 * (V12__history_indexes.sql): short transactions and locks, however much is due, and a
 * campaign once erased is marked and never read again.
 */
@Service
public class DataRetention {

	/** Rows one statement anonymises or deletes at most. */
	static final int BATCH = 10_000;

	/** Finished campaigns not erased yet ({@code campaign_to_erase}). */
	static final String CAMPAIGNS_TO_ERASE = """
			select id from campaign
			where status in ('COMPLETED', 'CANCELLED') and personal_data_erased_at is null and completed_at < :cutoff
			order by completed_at""";

	/**
	 * The next batch of a campaign's recipients after {@code :after} ({@code recipient_by_campaign}),
	 * anonymised with their trail ({@code recipient_event_by_recipient}) and their calls' errors
	 * and kept provider answers ({@code call_attempt_by_recipient}); answers how many recipients the batch read, its last
	 * id, and how many of them were anonymised (a rerun finds some done already). The trail's sentences may quote the provider's
	 * reasons, which may name the number: they go too, as do the provider's status answers, which
	 * may echo it.
	 */
	static final String ERASE_BATCH = """
			with batch as (
			    select id from recipient where campaign_id = :campaign and id > :after order by id limit :batch
			), anonymised as (
			    update recipient set phone_number = 'anonymised-' || id, metadata = '{}', external_id = null,
			        outcome_reason = null, country_code = null, updated_at = :now
			    where id = any(array(select id from batch)) and phone_number not like 'anonymised-%'
			    returning id
			), trail as (
			    update recipient_event set detail = null
			    where recipient_id = any(array(select id from anonymised)) and detail is not null
			), calls as (
			    update call_attempt set error = null, raw_answer = null
			    where recipient_id = any(array(select id from anonymised))
			      and (error is not null or raw_answer is not null)
			)
			select (select count(*) from batch) as read, (select max(id) from batch) as last,
			       (select count(*) from anonymised) as anonymised""";

	static final String MARK_ERASED = """
			update campaign set personal_data_erased_at = :now where id = :campaign""";

	/**
	 * A batch of webhook events created before {@code :cutoff} ({@code outbox_by_created}); their
	 * deliveries go by cascade ({@code webhook_delivery_by_outbox}).
	 */
	static final String DELETE_EVENTS = """
			delete from outbox
			where id = any(array(select id from outbox where created_at < :cutoff limit :batch))""";

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
		return deleteEventsBefore(cutoff, BATCH);
	}

	int deleteEventsBefore(Instant cutoff, int batch) {
		int deleted = 0;
		int last;
		do {
			last = jdbc.sql(DELETE_EVENTS).param("cutoff", Timestamp.from(cutoff)).param("batch", batch).update();
			deleted += last;
		}
		while (last > 0);
		if (deleted > 0) {
			log.info("Deleted {} webhook events created before {}", deleted, cutoff);
		}
		return deleted;
	}

	/** Anonymises the recipients of campaigns finished before {@code cutoff}; answers how many. */
	public int anonymiseFinishedBefore(Instant cutoff) {
		return anonymiseFinishedBefore(cutoff, BATCH);
	}

	int anonymiseFinishedBefore(Instant cutoff, int batch) {
		List<UUID> campaigns = jdbc.sql(CAMPAIGNS_TO_ERASE)
			.param("cutoff", Timestamp.from(cutoff))
			.query(UUID.class)
			.list();
		int anonymised = 0;
		for (UUID campaign : campaigns) {
			anonymised += erase(campaign, batch);
		}
		if (anonymised > 0) {
			log.info("Anonymised {} recipients of {} campaigns finished before {}", anonymised, campaigns.size(),
					cutoff);
		}
		return anonymised;
	}

	/** Anonymises a finished campaign's recipients batch by batch, in id order, then marks it. */
	private int erase(UUID campaign, int batch) {
		long after = 0;
		int anonymised = 0;
		Erased erased;
		do {
			erased = jdbc.sql(ERASE_BATCH)
				.param("campaign", campaign)
				.param("after", after)
				.param("batch", batch)
				.param("now", Timestamp.from(clock.instant()))
				.query((rs, i) -> new Erased(rs.getInt("read"), rs.getLong("last"), rs.getInt("anonymised")))
				.single();
			anonymised += erased.anonymised();
			after = erased.last();
		}
		while (erased.read() == batch);
		jdbc.sql(MARK_ERASED).param("now", Timestamp.from(clock.instant())).param("campaign", campaign).update();
		return anonymised;
	}

	/** One batch: recipients read, the last one's id (0 when none), recipients anonymised. */
	private record Erased(int read, long last, int anonymised) {
	}

}
