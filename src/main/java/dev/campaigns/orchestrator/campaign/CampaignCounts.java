package dev.campaigns.orchestrator.campaign;

import java.util.EnumMap;
import java.util.Map;

/** How many of a campaign's recipients are in each state, and how the done ones ended. */
public record CampaignCounts(long total, long pending, long dialing, long inCall, long done,
		Map<RecipientOutcome, Long> byOutcome) {

	public CampaignCounts {
		EnumMap<RecipientOutcome, Long> all = new EnumMap<>(RecipientOutcome.class);
		for (RecipientOutcome outcome : RecipientOutcome.values()) {
			all.put(outcome, byOutcome.getOrDefault(outcome, 0L));
		}
		byOutcome = java.util.Collections.unmodifiableMap(all);
	}

	public static CampaignCounts allPending(long total) {
		return new CampaignCounts(total, total, 0, 0, 0, Map.of());
	}

}
