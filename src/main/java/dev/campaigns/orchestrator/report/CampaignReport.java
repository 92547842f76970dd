package dev.campaigns.orchestrator.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.campaigns.orchestrator.campaign.CampaignStatus;
import dev.campaigns.orchestrator.campaign.Detection;
import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.connection.ConnectionRef;
import org.jspecify.annotations.Nullable;

/**
 * A campaign's report ({@code GET /api/v1/campaigns/{id}/report}).
 *
 * @param counts recipients by state, and the done ones by outcome
 * @param attempts how many recipients had 0, 1, 2, ... attempts (keys are attempt counts)
 * @param reached recipients with at least one finished attempt: done after dialling, or
 * waiting for a retry, or in their second or later call
 * @param connected recipients whose outcome is {@code COMPLETED}
 * @param connectRate {@code connected / reached}, null while nobody was reached
 * @param unknown recipients ending {@code TRIGGER_UNKNOWN} (the call may have been placed)
 * @param expired recipients ending {@code EXPIRED} (no lawful time before their deadline) or
 * {@code STATUS_EXPIRED} (the provider forgot the call before we saw its end)
 * @param callsPerHour attempts started in each UTC hour of the last 48 hours, oldest first,
 * hours without calls left out
 * @param byConnection the finished attempts on each connection the campaign's calls were placed
 * on, see {@link ConnectionCalls}
 * @param byDetection the campaign's attempts by who answered, as the agents reported it: every
 * detection, 0 where none was reported; attempts without a report are not counted
 * @param byDisposition the {@value CampaignReports#TOP_DISPOSITIONS} dispositions the agents
 * reported most often, most first (ties by disposition), with their attempts
 * @param timeToCompletion from creation to completion, null unless completed
 * @param estimatedFinish see {@link Estimate}
 */
public record CampaignReport(String campaignId, String name, CampaignStatus status, Instant generatedAt,
		Counts counts, Map<Integer, Long> attempts, long reached, long connected, @Nullable Double connectRate,
		long unknown, long expired, List<HourlyCalls> callsPerHour, List<ConnectionCalls> byConnection,
		Map<Detection, Long> byDetection, List<DispositionCount> byDisposition, @Nullable TimeToCompletion timeToCompletion, @Nullable Estimate estimatedFinish) {

	public record Counts(long total, long pending, long dialing, long inCall, long done,
			Map<RecipientOutcome, Long> byOutcome) {
	}

	public record HourlyCalls(Instant hour, long calls) {
	}

	/**
	 * The campaign's finished attempts on one connection; a call still in progress counts once it
	 * ends. The default connection first, then by name.
	 *
	 * @param connection the connection; null for the default connection
	 * @param attempts finished attempts on it
	 * @param byStatus those attempts by final status ({@code COMPLETED}, {@code NO_ANSWER},
	 * {@code BUSY}, {@code FAILED}, {@code CANCELLED}, {@code STATUS_EXPIRED}, {@code TRIGGER_UNKNOWN}),
	 * statuses no attempt ended with left out
	 */
	public record ConnectionCalls(@Nullable ConnectionRef connection, long attempts, Map<String, Long> byStatus) {
	}

	/** How many of the campaign's attempts the agents reported with one disposition. */
	public record DispositionCount(String disposition, long attempts) {
	}

	/** {@code duration} as ISO-8601 ({@code PT1H5M}), and in seconds. */
	public record TimeToCompletion(String duration, long seconds) {
	}

	/**
	 * When the campaign may finish at its own pace: the recipients still pending divided by
	 * its {@code callsPerMinute}, from now (or its start, if later). A lower bound: calling
	 * windows, retries still to come, the global rate and time in calls are left out. Only
	 * for scheduled and running campaigns with recipients to call.
	 */
	public record Estimate(Instant at, long pending, int callsPerMinute, String basis) {
	}

}
