package dev.campaigns.orchestrator.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.campaigns.orchestrator.campaign.internal.RecipientPlan;
import dev.campaigns.orchestrator.campaign.internal.ValidRecipient;
import org.jspecify.annotations.Nullable;

/**
 * A dry run of a campaign: for each valid recipient its zones and first lawful instant
 * (null: it would expire uncalled), and when the campaign would finish at its rate if every
 * first call were the last.
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

	/**
	 * Plans the recipients: each one's first lawful instant, and a finish estimate that gives
	 * calls out at the campaign's rate, each no sooner than its recipient may be called.
	 */
	static Plan plan(CampaignSchedule schedule, RateLimit rate, List<ValidRecipient> recipients, Instant now) {
		RecipientPlan plan = new RecipientPlan(schedule, now);
		List<PlannedRecipient> planned = new ArrayList<>(recipients.size());
		for (ValidRecipient recipient : recipients) {
			planned.add(new PlannedRecipient(recipient.index(), recipient.phoneNumber(),
					recipient.zones().stream().map(ZoneId::getId).toList(),
					plan.firstAttempt(recipient).orElse(null)));
		}
		Duration spacing = Duration.ofNanos(60_000_000_000L / rate.callsPerMinute());
		List<Instant> firsts = planned.stream()
			.map(PlannedRecipient::firstCallableAt)
			.filter(java.util.Objects::nonNull)
			.sorted(Comparator.naturalOrder())
			.toList();
		Instant slot = null;
		for (Instant first : firsts) {
			slot = slot == null || first.isAfter(slot.plus(spacing)) ? first : slot.plus(spacing);
		}
		return new Plan(firsts.size(), firsts.isEmpty() ? null : firsts.get(0), slot, planned);
	}

}
