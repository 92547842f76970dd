package dev.campaigns.orchestrator.status.internal;

import java.sql.Timestamp;
import java.time.Instant;

import dev.campaigns.orchestrator.connection.Line;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.status.PollSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reports a call whose status string is stale and unmapped ({@link UnmappedStatus}), once per
 * call: the metric {@code orchestrator.status.unmapped}, tagged with the call's connection, a
 * warning, and one {@code OBSERVED} line in its recipient's trail that names the string and how
 * to map it. The call is polled on as before, and ends by its retention deadline.
 */
@Repository
class UnmappedStatusReports {

	private static final Logger log = LoggerFactory.getLogger(UnmappedStatusReports.class);

	private final JdbcClient jdbc;

	private final MeterRegistry meters;

	private final PollSettings settings;

	UnmappedStatusReports(JdbcClient jdbc, MeterRegistry meters, PollSettings settings) {
		this.jdbc = jdbc;
		this.meters = meters;
		this.settings = settings;
	}

	/**
	 * Reports {@code live} seen of {@code call} at {@code now} if it is an unmapped string past
	 * its expected end, and the call was not reported before (written only while the call is
	 * leased to this poller, before the poll's own record releases it).
	 */
	void reportIfStale(StatusStore.Due call, StatusOutcome.Live live, Instant now) {
		if (live.status() != CallStatus.UNRECOGNISED
				|| !UnmappedStatus.stale(live.statusSince(), now, settings.expectedTalkTime())) {
			return;
		}
		String connection = Line.keyOf(call.connection());
		int reported = jdbc.sql("""
				with a as (
				    update call_attempt set unmapped_reported_at = :now
				    where id = :id and phase = 'ACTIVE' and lease_owner = :owner and unmapped_reported_at is null
				    returning recipient_id, attempt, call_sid
				)
				insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail, call_sid)
				select recipient_id, :now, attempt, 'OBSERVED', 'UNMAPPED_STATUS', :detail, call_sid from a
				""")
			.param("now", Timestamp.from(now))
			.param("id", call.attemptId())
			.param("owner", call.leaseOwner())
			.param("detail", detail(live, call))
			.update();
		if (reported == 1) {
			meters.counter("orchestrator.status.unmapped", "connection", connection).increment();
			// the call's sid, the provider's string and the connection only: no number
			log.warn("Call {} has answered '{}' since {}, past the expected end of a call, on connection {}: a status"
					+ " its dialect does not document and no status mapping names; it is polled on until {}",
					call.callSid(), live.rawStatus(), live.statusSince(), connection, live.retentionDeadline());
		}
	}

	private static String detail(StatusOutcome.Live live, StatusStore.Due call) {
		String where = call.connection() == null ? "orchestrator.provider.status-mapping (the default connection)"
				: "the statusMapping of provider connection " + call.connection();
		return "the provider has answered '" + live.rawStatus() + "' since " + live.statusSince()
				+ ", past the expected end of a call: a status its dialect does not document and no mapping names;"
				+ " the call is polled on until its retention deadline (" + live.retentionDeadline()
				+ "), then ends STATUS_EXPIRED unless a final status comes. Map it in " + where
				+ ", e.g. {\"" + live.rawStatus() + "\": {\"status\": \"NO_ANSWER\"}}";
	}

}
