package dev.campaigns.orchestrator.status.internal;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.campaigns.orchestrator.connection.ConnectionRefs;
import dev.campaigns.orchestrator.status.CallView;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reading call attempts and their history, within a tenant. */
@Repository
public class CallQueries {

	private final JdbcClient jdbc;

	private final ConnectionRefs connections;

	CallQueries(JdbcClient jdbc, ConnectionRefs connections) {
		this.jdbc = jdbc;
		this.connections = connections;
	}

	public Optional<CallView> find(String callSid, String tenant) {
		return jdbc.sql("""
				select a.id, a.call_sid, a.recipient_id, a.attempt, a.status, a.raw_status, a.triggered_at, a.ended_at,
				       a.poll_count, a.connection_id, a.detection, a.disposition, a.agent_retry_at, a.agent_notes,
				       a.outcome_sequence, a.outcome_reported_at, a.raw_answer, a.provider_duration_seconds,
				       a.provider_ended_at
				from call_attempt a join campaign c on c.id = a.campaign_id
				where a.call_sid = :sid and c.tenant = :tenant
				""")
			.param("sid", callSid)
			.param("tenant", tenant)
			.query((rs, row) -> {
				long id = rs.getLong("id");
				return new CallView(rs.getString("call_sid"), rs.getLong("recipient_id"), rs.getInt("attempt"),
						rs.getString("status"), rs.getString("raw_status"), instant(rs.getTimestamp("triggered_at")),
						instant(rs.getTimestamp("ended_at")), rs.getInt("poll_count"),
						connections.find(rs.getObject("connection_id", UUID.class)), history(id),
						OutcomeStore.report(rs),
						rs.getString("raw_answer") == null ? null
								: new CallView.ProviderAnswer(rs.getObject("provider_duration_seconds", Integer.class),
										instant(rs.getTimestamp("provider_ended_at")), rs.getString("raw_answer")));
			})
			.optional();
	}

	private List<CallView.Event> history(long attemptId) {
		return jdbc.sql("select status, raw_status, observed_at from call_status_event where call_attempt_id = :id"
				+ " order by id")
			.param("id", attemptId)
			.query((rs, row) -> new CallView.Event(rs.getString("status"), rs.getString("raw_status"),
					rs.getTimestamp("observed_at").toInstant()))
			.list();
	}

	private static java.time.Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

}
