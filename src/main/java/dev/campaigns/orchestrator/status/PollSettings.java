package dev.campaigns.orchestrator.status;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How calls are followed to their final status ({@code orchestrator.status.*}).
 *
 * @param enabled run the poller in this process (default true)
 * @param firstPoll when a new call is first polled: about when an unanswered one has stopped
 * ringing, so a call nobody answers is read once (default 27 s)
 * @param ringingInterval the first pause while a call is queued or ringing; grows by
 * {@code growth} with each poll in the same status (default 8 s)
 * @param expectedTalkTime when an answered call is polled next: a typical conversation
 * (default 50 s)
 * @param inProgressInterval the pause once a call has talked longer than expected; grows by
 * {@code growth} (default 15 s)
 * @param growth how much longer each further pause in the same status is (default 1.5)
 * @param maxInterval the longest pause between two polls of one call, which bounds how late
 * an end is seen (default 60 s)
 * @param retentionSafety no pause is longer than this share of the provider's status
 * retention, so an end is always seen before the status is forgotten (default 0.25)
 * @param notVisibleRetry the pause after a 404 while the call cannot have been forgotten yet
 * (default 5 s)
 * @param requestsPerSecond status requests per second on each provider connection without a rate of
 * its own, all replicas together (default 50)
 * @param batchSize most calls claimed for polling in one statement (default 200)
 * @param threads status requests in flight at once per replica (default 32)
 * @param interval pause between rounds when nothing was due (default 200 ms)
 * @param lease how long a claimed poll belongs to this replica (default 1 min)
 * @param afterReport how soon after the agent's final report (one with a {@code disposition}:
 * the agent is hanging up) the call's status is read, leaving the provider this long to see
 * the end; while the call still shows live, the pause grows with the time since the report
 * (default 2 s)
 * @param awaitingReport how long after the agent's detection-only report (no
 * {@code disposition}: the call goes on) the call is left unpolled, its final report expected
 * first; after it, polls follow the plan again (default 5 min)
 */
@ConfigurationProperties("orchestrator.status")
public record PollSettings(@DefaultValue("true") boolean enabled, @DefaultValue("27s") Duration firstPoll,
		@DefaultValue("8s") Duration ringingInterval, @DefaultValue("50s") Duration expectedTalkTime,
		@DefaultValue("15s") Duration inProgressInterval, @DefaultValue("1.5") double growth,
		@DefaultValue("60s") Duration maxInterval, @DefaultValue("0.25") double retentionSafety,
		@DefaultValue("5s") Duration notVisibleRetry, @DefaultValue("50") double requestsPerSecond,
		@DefaultValue("200") int batchSize, @DefaultValue("32") int threads,
		@DefaultValue("200ms") Duration interval, @DefaultValue("1m") Duration lease,
		@DefaultValue("2s") Duration afterReport, @DefaultValue("5m") Duration awaitingReport) {

	public PollSettings {
		requirePositive("first-poll", firstPoll);
		requirePositive("ringing-interval", ringingInterval);
		requirePositive("in-progress-interval", inProgressInterval);
		requirePositive("max-interval", maxInterval);
		requirePositive("after-report", afterReport);
		if (growth < 1.0) {
			throw new IllegalArgumentException("orchestrator.status.growth must be at least 1: " + growth);
		}
		if (!(retentionSafety > 0.0 && retentionSafety < 1.0)) {
			throw new IllegalArgumentException(
					"orchestrator.status.retention-safety must be between 0 and 1 (exclusive): " + retentionSafety);
		}
		if (afterReport.compareTo(maxInterval) > 0) {
			throw new IllegalArgumentException("orchestrator.status.after-report (" + afterReport
					+ ") must not exceed orchestrator.status.max-interval (" + maxInterval + ")");
		}
		if (awaitingReport.isNegative()) {
			throw new IllegalArgumentException("orchestrator.status.awaiting-report must not be negative");
		}
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("orchestrator.status." + name + " must be positive: " + value);
		}
	}

}
