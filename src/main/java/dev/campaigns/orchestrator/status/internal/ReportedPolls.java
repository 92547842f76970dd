package dev.campaigns.orchestrator.status.internal;

import dev.campaigns.orchestrator.status.PollSettings;

import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;

/**
 * How the agent's reports move a call's next status read, in the SQL of the two statements
 * that set {@code call_attempt.next_poll_at} once a call is live: the poller's write of a live
 * status and the report's own write. The agent knows before the provider's status does:
 * <ul>
 * <li>a report with a {@code disposition} is its last word, said as it hangs up: the status is
 * read {@code after-report} later, and while the call still shows live the pauses grow with
 * the time since the report (never shorter than a second), never later than the plan's;</li>
 * <li>a report without one (detection only, e.g. a person answered) says the call goes on: no
 * read until {@code awaiting-report} after it, unless its last word comes first, and never
 * past the retention deadline; then the plan again.</li>
 * </ul>
 * So a call the agent reports is read about once, just after it ends, whatever its length.
 * Both statements read the row's report columns as they are when they write, so a report that
 * lands while its call is being read still moves the next read.
 */
final class ReportedPolls {

	/**
	 * The next read after a live status: {@code :next} is the plan's, {@code :retention} the
	 * call's retention deadline, {@code :now} this read.
	 */
	static final String AFTER_LIVE_STATUS = """
			case when outcome_reported_at is null then :next
			     when disposition is not null then least(:next, greatest(
			         outcome_reported_at + cast(:afterReport as interval),
			         cast(:now as timestamptz) + greatest(interval '1 second',
			             (cast(:now as timestamptz) - outcome_reported_at) * :stretch)))
			     else greatest(:next, least(outcome_reported_at + cast(:awaitingReport as interval), :retention))
			end""";

	/**
	 * The next read once a report is stored at {@code :now}; {@code :ending} says it has a
	 * disposition. A call being read now (leased) is left to that read's write; an ended call
	 * has no next read.
	 */
	static final String AFTER_REPORT = """
			case when phase <> 'ACTIVE' or lease_owner is not null or next_poll_at is null then next_poll_at
			     when :ending then case when last_polled_at is null
			         then cast(:now as timestamptz) + cast(:afterReport as interval)
			         else least(next_poll_at, cast(:now as timestamptz) + cast(:afterReport as interval)) end
			     else greatest(next_poll_at,
			         least(cast(:now as timestamptz) + cast(:awaitingReport as interval), retention_deadline))
			end""";

	private ReportedPolls() {
	}

	/** Binds the settings both fragments read. */
	static StatementSpec bind(StatementSpec statement, PollSettings settings) {
		return statement.param("afterReport", settings.afterReport().toString())
			.param("awaitingReport", settings.awaitingReport().toString())
			.param("stretch", settings.growth() - 1.0);
	}

}
