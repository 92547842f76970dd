package dev.campaigns.orchestrator.campaign.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.campaigns.orchestrator.campaign.Campaign;
import dev.campaigns.orchestrator.campaign.CampaignSchedule;
import dev.campaigns.orchestrator.compliance.CallingHourFloor;
import dev.campaigns.orchestrator.compliance.CallingHourFloors;
import dev.campaigns.orchestrator.schedule.CallTimes;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.jspecify.annotations.Nullable;

/**
 * When new recipients of one campaign are first due, and by when they must be called. One
 * plan serves one request; recipients sharing zones and floors share the computation.
 * Not thread-safe.
 */
public final class RecipientPlan {

	private final CampaignSchedule schedule;

	private final Instant earliest;

	private final Map<List<Object>, Optional<Instant>> openings = new HashMap<>();

	public RecipientPlan(CampaignSchedule schedule, Instant now) {
		this.schedule = schedule;
		this.earliest = schedule.startAt() != null && schedule.startAt().isAfter(now) ? schedule.startAt() : now;
	}

	public static RecipientPlan of(Campaign campaign, Instant now) {
		return new RecipientPlan(campaign.schedule(), now);
	}

	/** The earlier of the recipient's {@code notAfter} and the campaign's end. */
	public @Nullable Instant deadline(ValidRecipient recipient) {
		Instant end = schedule.endAt();
		Instant notAfter = recipient.notAfter();
		if (end == null) {
			return notAfter;
		}
		return notAfter == null || end.isBefore(notAfter) ? end : notAfter;
	}

	/**
	 * The first lawful instant to call: inside the campaign's window and every regional floor
	 * in all of the recipient's zones, not before the campaign's start or the recipient's
	 * {@code notBefore}, and before its deadline. Empty: the recipient has expired.
	 */
	public Optional<Instant> firstAttempt(ValidRecipient recipient) {
		Instant from = recipient.notBefore() != null && recipient.notBefore().isAfter(earliest)
				? recipient.notBefore() : earliest;
		Instant deadline = deadline(recipient);
		Optional<Instant> opening = openings.computeIfAbsent(List.of(recipient.zones(), recipient.floors(), from),
				key -> CallTimes.nextOpening(windows(schedule.callingWindow(), recipient.floors()), recipient.zones(),
						from));
		return opening.filter(at -> deadline == null || at.isBefore(deadline));
	}

	/** The campaign's window narrowed by the floors. */
	static List<CallingWindow> windows(CallingWindow campaignWindow, List<CallingHourFloor> floors) {
		List<CallingWindow> windows = new ArrayList<>(1 + floors.size());
		windows.add(campaignWindow);
		windows.addAll(CallingHourFloors.windows(floors));
		return windows;
	}

	static List<String> zoneIds(List<ZoneId> zones) {
		return zones.stream().map(ZoneId::getId).toList();
	}

}
