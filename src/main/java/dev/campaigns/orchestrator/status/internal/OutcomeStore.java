package dev.campaigns.orchestrator.status.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import dev.campaigns.orchestrator.campaign.Detection;
import dev.campaigns.orchestrator.status.AgentReport;
import dev.campaigns.orchestrator.status.PollSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The agent's outcome report of a call attempt: its V26/V27 columns of {@code call_attempt},
 * and the next status read as the report moves it ({@link ReportedPolls}) when no read is in
 * flight; nothing else, so the dispatcher's and the poller's writes to the same row (lease,
 * status, phase) are never undone by a report, whenever it comes.
 */
@Repository
class OutcomeStore {

	private final JdbcClient jdbc;

	private final PollSettings settings;

	OutcomeStore(JdbcClient jdbc, PollSettings settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/**
	 * The call of the tenant, its recipient's number and its report, if any, locked until the
	 * transaction ends. {@code for no key update} leaves the poller's status events (which only
	 * share-lock the key) alone; its claims skip the row for as long, a few milliseconds.
	 */
	Optional<ReportedCall> lock(String tenant, String callSid) {
		return jdbc.sql("""
				select a.id, r.phone_number, a.detection, a.disposition, a.agent_retry_at, a.agent_notes,
				       a.outcome_sequence, a.outcome_reported_at, a.outcome_report_hash
				from call_attempt a
				  join campaign c on c.id = a.campaign_id
				  join recipient r on r.id = a.recipient_id
				where a.call_sid = :sid and c.tenant = :tenant
				for no key update of a
				""")
			.param("sid", callSid)
			.param("tenant", tenant)
			.query((rs, row) -> new ReportedCall(rs.getLong("id"), rs.getString("phone_number"), report(rs),
					rs.getString("outcome_report_hash")))
			.optional();
	}

	/** Stores the report received at {@code now} on the attempt; answers it as stored. */
	AgentReport write(long attemptId, ReportedOutcome outcome, Instant now) {
		// the next status read moves before the report columns change: the fragment reads the row as it was
		ReportedPolls.bind(jdbc.sql("""
				update call_attempt set detection = :detection, disposition = :disposition,
				    agent_retry_at = :retryAt, agent_notes = :notes, outcome_sequence = :sequence,
				    outcome_reported_at = :now, outcome_report_hash = :hash, next_poll_at = %s
				where id = :id
				""".formatted(ReportedPolls.AFTER_REPORT)), settings)
			.param("ending", outcome.disposition() != null)
			.param("detection", outcome.detection().name())
			.param("disposition", outcome.disposition())
			.param("retryAt", outcome.retryAt() == null ? null : Timestamp.from(outcome.retryAt()))
			.param("notes", outcome.notes())
			.param("sequence", outcome.sequence())
			.param("now", Timestamp.from(now))
			.param("hash", outcome.fingerprint())
			.param("id", attemptId)
			.update();
		return new AgentReport(outcome.detection(), outcome.disposition(), outcome.retryAt(), outcome.notes(),
				outcome.sequence(), now);
	}

	/** The report of a row that selected the outcome columns; null when none was made. */
	static @Nullable AgentReport report(ResultSet rs) throws SQLException {
		Timestamp reportedAt = rs.getTimestamp("outcome_reported_at");
		String detection = rs.getString("detection");
		if (reportedAt == null || detection == null) {
			return null;
		}
		Timestamp retryAt = rs.getTimestamp("agent_retry_at");
		return new AgentReport(Detection.valueOf(detection), rs.getString("disposition"),
				retryAt == null ? null : retryAt.toInstant(), rs.getString("agent_notes"),
				rs.getInt("outcome_sequence"), reportedAt.toInstant());
	}

	/** A call as a report finds it: its attempt, its recipient's number, and the report stored, if any. */
	record ReportedCall(long attemptId, String phoneNumber, @Nullable AgentReport report,
			@Nullable String fingerprint) {
	}

}
