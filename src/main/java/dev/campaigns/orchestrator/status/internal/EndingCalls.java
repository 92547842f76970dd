package dev.campaigns.orchestrator.status.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.compliance.CallingHourFloor;
import dev.campaigns.orchestrator.compliance.CallingHourFloors;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.StatusResult;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import dev.campaigns.orchestrator.status.RetryDecision;
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

	private final CampaignSettingsReader settingsReader;

	private final MeterRegistry meters;

	private final TransactionTemplate transactions;

	EndingCalls(StatusStore store, CampaignSettingsReader settingsReader, MeterRegistry meters,
			TransactionTemplate transactions) {
		this.store = store;
		this.settingsReader = settingsReader;
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
		decide(finished, status, now);
		return finished.campaignId();
	}

	private void decide(StatusStore.Finished finished, CallStatus status, Instant now) {
		List<ZoneId> zones = finished.zones().stream().map(ZoneId::of).toList();
		List<CallingHourFloor> floors = CallingHourFloors.forE164(finished.phoneNumber());
		List<CallingWindow> windows = new ArrayList<>();
		windows.add(settingsReader.window(finished.callingWindow()));
		windows.addAll(CallingHourFloors.windows(floors));
		Integer cap = floors.stream()
			.map(CallingHourFloor::maxAttemptsPer24Hours)
			.filter(Objects::nonNull)
			.min(Integer::compare)
			.orElse(null);
		List<Instant> recent = cap == null ? List.of()
				: store.attemptsOfNumber(finished.tenant(), finished.phoneNumber(), now.minus(Duration.ofHours(24)));
		boolean campaignGoesOn = "RUNNING".equals(finished.campaignStatus())
				|| "PAUSED".equals(finished.campaignStatus()) || "SCHEDULED".equals(finished.campaignStatus());
		RetryDecision decision = RetryDecision.after(status, finished.attempts(),
				settingsReader.retryPolicy(finished.retryPolicy()), windows, zones, now, finished.notBefore(),
				finished.deadline(), cap, recent);
		if (decision instanceof RetryDecision.Again again && campaignGoesOn) {
			store.recipientAgain(finished.recipientId(), RetryDecision.outcome(status).name(), again.at(), now);
		}
		else if (decision instanceof RetryDecision.Done done) {
			store.recipientDone(finished.recipientId(), done.outcome().name(), done.reason(), now);
		}
		else {
			store.recipientDone(finished.recipientId(), RetryDecision.outcome(status).name(),
					"the campaign is " + finished.campaignStatus().toLowerCase(Locale.ROOT), now);
		}
	}

}
