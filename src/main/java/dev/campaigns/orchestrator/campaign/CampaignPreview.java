package dev.campaigns.orchestrator.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.campaigns.orchestrator.campaign.internal.ValidRecipient;
import org.jspecify.annotations.Nullable;

/**
 * A dry run of a campaign: for each valid recipient its zones and first callable instant,
 * and when the campaign would finish at its rate if every first call were the last.
 */
public final class CampaignPreview {

	private CampaignPreview() {
	}

	/** The plan (null if the campaign's own settings are invalid) and the problems found. */
	public record Result(@Nullable Plan plan, IngestResult.@Nullable Invalid invalid) {
	}

	public record Plan(int callable, @Nullable Instant firstCallAt, @Nullable Instant estimatedFinishAt,
			List<PlannedRecipient> recipients) {
	}

	public record PlannedRecipient(int index, String phoneNumber, List<String> timeZones,
			@Nullable Instant firstCallableAt) {
	}

	static Plan plan(CampaignSchedule schedule, RateLimit rate, List<ValidRecipient> recipients, Instant now) {
		Instant start = schedule.startAt() != null && schedule.startAt().isAfter(now) ? schedule.startAt() : now;
		List<PlannedRecipient> planned = new ArrayList<>(recipients.size());
		for (ValidRecipient recipient : recipients) {
			Instant first = recipient.notBefore() != null && recipient.notBefore().isAfter(start)
					? recipient.notBefore() : start;
			planned.add(new PlannedRecipient(recipient.index(), recipient.phoneNumber(),
					recipient.zones().stream().map(ZoneId::getId).toList(), first));
		}
		Duration spacing = Duration.ofNanos(60_000_000_000L / rate.callsPerMinute());
		Instant slot = null;
		for (Instant first : planned.stream()
			.map(PlannedRecipient::firstCallableAt)
			.sorted(Comparator.naturalOrder())
			.toList()) {
			slot = slot == null || first.isAfter(slot.plus(spacing)) ? first : slot.plus(spacing);
		}
		Instant firstCall = planned.stream()
			.map(PlannedRecipient::firstCallableAt)
			.min(Comparator.naturalOrder())
			.orElse(null);
		return new Plan(planned.size(), firstCall, slot, planned);
	}

}
