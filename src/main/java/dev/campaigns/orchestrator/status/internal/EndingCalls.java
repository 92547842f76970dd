package dev.campaigns.orchestrator.status.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.StatusResult;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends a polled call with its final status and decides its recipient's next step, in one
 * transaction: apart, a crash or a database restart between the two left the attempt final
 * and its recipient in a call forever (never polled again, so its campaign never completed).
 */
class EndingCalls {

	private final StatusStore store;

	private final NextSteps nextSteps;

	private final MeterRegistry meters;

	private final TransactionTemplate transactions;

	EndingCalls(StatusStore store, NextSteps nextSteps, MeterRegistry meters, TransactionTemplate transactions) {
		this.store = store;
		this.nextSteps = nextSteps;
		this.meters = meters;
		this.transactions = transactions;
	}

	/**
	 * Ends {@code call} with {@code status}; a null {@code raw} or {@code error} keeps the last
	 * one recorded, as a null {@code answer} keeps the last answer's body, duration and end.
	 * Answers the call's campaign, or null when the call is no longer this poller's to end
	 * (another replica took over its lease).
	 */
	@Nullable UUID end(StatusStore.Due call, CallStatus status, @Nullable String raw, @Nullable String error,
			StatusResult.@Nullable Observed answer, Instant now) {
		return transactions.execute(tx -> endAndDecide(call, status, raw, error, answer, now));
	}

	private @Nullable UUID endAndDecide(StatusStore.Due call, CallStatus status, @Nullable String raw,
			@Nullable String error, StatusResult.@Nullable Observed answer, Instant now) {
		StatusStore.Finished finished = store.finish(call, status.name(), raw, error, now, answer);
		if (finished == null) {
			return null;
		}
		meters.counter("orchestrator.status.captured", "status", status.name()).increment();
		DistributionSummary.builder("orchestrator.status.polls.per.call")
			.register(meters)
			.record(finished.pollCount());
		if (status != CallStatus.STATUS_EXPIRED) {
			// the call ended after the previous poll: an upper bound of the delay from end to capture
			Instant previous = call.lastPolledAt() != null ? call.lastPolledAt() : finished.triggeredAt();
			Timer.builder("orchestrator.status.capture.delay")
				.register(meters)
				.record(Duration.between(previous, now));
		}
		nextSteps.ended(finished, call.callSid(), status);
		nextSteps.record(finished, status, nextSteps.decision(finished, status, now), "IN_CALL", "the call ended ",
				now);
		return finished.campaignId();
	}

}
