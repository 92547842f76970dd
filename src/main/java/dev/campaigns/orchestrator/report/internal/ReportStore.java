package dev.campaigns.orchestrator.report.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.CampaignStatus;
import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.campaign.RecipientState;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The report's SQL, all of it reads. Each query names the index that serves it
 * (V1__domain.sql, V3__status.sql, V4__report.sql, V12__history_indexes.sql,
 * V25__report_by_connection.sql, V27__call_outcome_report.sql). The dashboard refreshes a running campaign every five seconds
 * with {@link #CAMPAIGN}, {@link #TALLY}, {@link #CALLS_PER_HOUR}, {@link #BY_CONNECTION},
 * {@link #LAST_CALL_END} and {@link #FINISHED_CALLS}: none of them reads more than the
 * campaign's own entries of an index.
 */
@Repository
public class ReportStore {

	/** The campaign row, tenant-scoped (primary key). */
	static final String CAMPAIGN = """
			select id, name, status, created_at, completed_at, start_at, calls_per_minute
			from campaign where id = ? and tenant = ?""";

	/**
	 * Recipients by state, outcome and attempts: an index-only scan of {@code recipient_report}
	 * (campaign_id, state, outcome, attempts) plus a hash aggregate into a few dozen rows.
	 */
	static final String TALLY = """
			select state, outcome, attempts, count(*) as recipients
			from recipient where campaign_id = ?
			group by state, outcome, attempts""";

	/** Attempts started per UTC hour since an instant: {@code call_attempt_by_campaign_recent}. */
	static final String CALLS_PER_HOUR = """
			select date_bin('1 hour', created_at, timestamptz '2000-01-01 00:00:00+00') as hour, count(*) as calls
			from call_attempt where campaign_id = ? and created_at >= ?
			group by 1 order by 1""";

	/**
	 * Finished calls per 10 minutes by final status, for the dashboard's chart: an index-only
	 * range of {@code call_attempt_finished} (campaign_id, ended_at) include (status).
	 */
	static final String FINISHED_CALLS = """
			select date_bin('10 minutes', ended_at, timestamptz '2000-01-01 00:00:00+00') as bucket, status,
			       count(*) as calls
			from call_attempt
			where campaign_id = ? and phase = 'FINAL' and ended_at >= ?
			group by 1, 2 order by 1""";

	/** The latest end of a call of the campaign, where the chart ends: one entry of {@code call_attempt_finished}. */
	static final String LAST_CALL_END = """
			select max(ended_at) from call_attempt where campaign_id = ? and phase = 'FINAL'""";

	/**
	 * The campaign's finished attempts by connection and final status: an index-only scan of the
	 * campaign's entries of {@code call_attempt_by_connection} (campaign_id, connection_id, status),
	 * grouped as they come, into a few rows.
	 */
	static final String BY_CONNECTION = """
			select connection_id, status, count(*) as calls
			from call_attempt
			where campaign_id = ? and phase = 'FINAL'
			group by 1, 2""";

	/**
	 * The campaign's attempts by the detection their agent reported: an index-only scan of the
	 * campaign's entries of {@code call_attempt_outcomes} (campaign_id, detection, disposition)
	 * where detection is not null (V27__call_outcome_report.sql), at most six groups.
	 */
	static final String BY_DETECTION = """
			select detection, count(*) as calls
			from call_attempt
			where campaign_id = ? and detection is not null
			group by 1""";

	/** The dispositions reported most often: the same entries of {@code call_attempt_outcomes}. */
	static final String BY_DISPOSITION = """
			select disposition, count(*) as calls
			from call_attempt
			where campaign_id = ? and detection is not null and disposition is not null
			group by 1 order by 2 desc, 1 limit ?""";

	/** Recipients that ended badly, for the dashboard: {@code recipient_report} then the heap. */
	static final String PROBLEMS = """
			select phone_number, external_id, outcome, outcome_reason, attempts, updated_at
			from recipient
			where campaign_id = ? and state = 'DONE'
			  and outcome in ('FAILED', 'INVALID', 'TRIGGER_UNKNOWN', 'EXPIRED', 'STATUS_EXPIRED')
			order by id limit ?""";

	private final JdbcClient jdbc;

	ReportStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public record CampaignRow(UUID id, String name, CampaignStatus status, Instant createdAt,
			@Nullable Instant completedAt, @Nullable Instant startAt, int callsPerMinute) {
	}

	public record TallyRow(RecipientState state, @Nullable RecipientOutcome outcome, int attempts, long recipients) {
	}

	public record Bucket(Instant start, long calls) {
	}

	public record StatusBucket(Instant start, String status, long calls) {
	}

	/** Finished attempts on a connection (null: the default) with a final status. */
	public record ConnectionStatusCount(@Nullable UUID connection, String status, long calls) {
	}

	/** Attempts with one reported value (a detection or a disposition). */
	public record ReportedCount(String value, long calls) {
	}

	public record ProblemRecipient(String phoneNumber, @Nullable String externalId, RecipientOutcome outcome,
			@Nullable String reason, int attempts, Instant updatedAt) {
	}

	public Optional<CampaignRow> campaign(UUID id, String tenant) {
		return jdbc.sql(CAMPAIGN)
			.params(id, tenant)
			.query((rs, i) -> new CampaignRow(rs.getObject("id", UUID.class), rs.getString("name"),
					CampaignStatus.valueOf(rs.getString("status")), instant(rs.getTimestamp("created_at")),
					nullableInstant(rs.getTimestamp("completed_at")), nullableInstant(rs.getTimestamp("start_at")),
					rs.getInt("calls_per_minute")))
			.optional();
	}

	public List<TallyRow> tally(UUID campaign) {
		return jdbc.sql(TALLY).params(campaign).query((rs, i) -> {
			String outcome = rs.getString("outcome");
			return new TallyRow(RecipientState.valueOf(rs.getString("state")),
					outcome == null ? null : RecipientOutcome.valueOf(outcome), rs.getInt("attempts"),
					rs.getLong("recipients"));
		}).list();
	}

	public List<Bucket> callsPerHour(UUID campaign, Instant since) {
		return jdbc.sql(CALLS_PER_HOUR)
			.params(campaign, Timestamp.from(since))
			.query((rs, i) -> new Bucket(instant(rs.getTimestamp("hour")), rs.getLong("calls")))
			.list();
	}

	public Optional<Instant> lastCallEnd(UUID campaign) {
		return jdbc.sql(LAST_CALL_END).params(campaign).query(Timestamp.class).optional().map(Timestamp::toInstant);
	}

	public List<StatusBucket> finishedCalls(UUID campaign, Instant since) {
		return jdbc.sql(FINISHED_CALLS)
			.params(campaign, Timestamp.from(since))
			.query((rs, i) -> new StatusBucket(instant(rs.getTimestamp("bucket")), rs.getString("status"),
					rs.getLong("calls")))
			.list();
	}

	public List<ConnectionStatusCount> byConnection(UUID campaign) {
		return jdbc.sql(BY_CONNECTION)
			.params(campaign)
			.query((rs, i) -> new ConnectionStatusCount(rs.getObject("connection_id", UUID.class),
					rs.getString("status"), rs.getLong("calls")))
			.list();
	}

	public List<ReportedCount> byDetection(UUID campaign) {
		return jdbc.sql(BY_DETECTION)
			.params(campaign)
			.query((rs, i) -> new ReportedCount(rs.getString("detection"), rs.getLong("calls")))
			.list();
	}

	public List<ReportedCount> byDisposition(UUID campaign, int top) {
		return jdbc.sql(BY_DISPOSITION)
			.params(campaign, top)
			.query((rs, i) -> new ReportedCount(rs.getString("disposition"), rs.getLong("calls")))
			.list();
	}

	public List<ProblemRecipient> problems(UUID campaign, int limit) {
		return jdbc.sql(PROBLEMS)
			.params(campaign, limit)
			.query((rs, i) -> new ProblemRecipient(rs.getString("phone_number"), rs.getString("external_id"),
					RecipientOutcome.valueOf(rs.getString("outcome")), rs.getString("outcome_reason"),
					rs.getInt("attempts"), instant(rs.getTimestamp("updated_at"))))
			.list();
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp.toInstant();
	}

	private static @Nullable Instant nullableInstant(@Nullable Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

}
