package dev.campaigns.orchestrator.status.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;

import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.campaign.Detection;
import dev.campaigns.orchestrator.compliance.CallingHourFloor;
import dev.campaigns.orchestrator.compliance.CallingHourFloors;
import dev.campaigns.orchestrator.notify.Outbox;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import dev.campaigns.orchestrator.status.RetryDecision;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Decides and records a recipient's next step after its call ended: when the poller ends the
 * call, and again when the agent's report about it comes after that. The lawful times are the
 * campaign's window, the number's calling-hour floors and its 24-hour attempt cap.
 */
@Component
class NextSteps {

	private final StatusStore store;

	private final CampaignSettingsReader settingsReader;

	private final Outbox outbox;

	NextSteps(StatusStore store, CampaignSettingsReader settingsReader, Outbox outbox) {
		this.store = store;
		this.settingsReader = settingsReader;
		this.outbox = outbox;
	}

	/**
	 * Records {@code call.ended} for {@code finished}, a call that ended with {@code status}:
	 * every attempt the poller ends, with what the agent detected if it reported by then.
	 */
	void ended(StatusStore.Finished finished, String callSid, CallStatus status) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("campaignId", finished.campaignId());
		event.put("recipientId", finished.recipientId());
		event.put("callSid", callSid);
		event.put("attempt", finished.attempts());
		event.put("status", status.name());
		event.put("detection", finished.detection());
		event.put("endedAt", finished.endedAt().toString());
		outbox.record(finished.tenant(), Outbox.CALL_ENDED, event);
	}

	/** The decision for the recipient of {@code finished}, a call that ended with {@code status}. */
	RetryDecision decision(StatusStore.Finished finished, CallStatus status, Instant now) {
		RetryDecision decision = RetryDecision.after(
				new RetryDecision.Ended(status, finished.attempts(), finished.endedAt(), detection(finished),
						finished.agentRetryAt()),
				settingsReader.retryPolicy(finished.retryPolicy()), lawful(finished, now), now);
		boolean campaignGoesOn = "RUNNING".equals(finished.campaignStatus())
				|| "PAUSED".equals(finished.campaignStatus()) || "SCHEDULED".equals(finished.campaignStatus());
		if (decision instanceof RetryDecision.Again again && !campaignGoesOn) {
			return new RetryDecision.Done(again.outcome(),
					"the campaign is " + finished.campaignStatus().toLowerCase(Locale.ROOT));
		}
		return decision;
	}

	/**
	 * Records {@code decision} for the recipient of {@code finished}, which is in state
	 * {@code from} ({@code IN_CALL}, or {@code PENDING} when a late report re-decides);
	 * {@code context} opens the trail entry's detail.
	 */
	void record(StatusStore.Finished finished, CallStatus status, RetryDecision decision, String from, String context,
			Instant now) {
		if (decision instanceof RetryDecision.Again again) {
			Detection detection = detection(finished);
			String ended = context + status + (detection == null ? "" : ", the agent detected " + detection);
			store.recipientAgain(finished.recipientId(), from, again.outcome().name(), ended + "; " + again.why(),
					again.at(), again.retryAfter(), now);
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("campaignId", finished.campaignId());
			event.put("recipientId", finished.recipientId());
			event.put("attempts", finished.attempts());
			event.put("outcome", again.outcome().name());
			event.put("detection", detection == null ? null : detection.name());
			event.put("nextAttemptAt", again.at().toString());
			event.put("why", again.why());
			outbox.record(finished.tenant(), Outbox.RECIPIENT_RETRY_SCHEDULED, event);
		}
		else if (decision instanceof RetryDecision.Done done) {
			store.recipientDone(finished.recipientId(), from, done.outcome().name(), done.reason(), now);
		}
	}

	private static @Nullable Detection detection(StatusStore.Finished finished) {
		return finished.detection() == null ? null : Detection.valueOf(finished.detection());
	}

	private RetryDecision.Lawful lawful(StatusStore.Finished finished, Instant now) {
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
		return new RetryDecision.Lawful(windows, zones, finished.notBefore(), finished.deadline(), cap, recent);
	}

}
