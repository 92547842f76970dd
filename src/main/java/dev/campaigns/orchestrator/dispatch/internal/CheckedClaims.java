package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.compliance.CallingHourFloor;
import dev.campaigns.orchestrator.compliance.CallingHourFloors;
import dev.campaigns.orchestrator.compliance.Suppressions;
import dev.campaigns.orchestrator.dispatch.internal.ClaimStore.Claimed;
import dev.campaigns.orchestrator.dispatch.internal.ClaimStore.DueCampaign;
import dev.campaigns.orchestrator.schedule.CallingWindow;

/**
 * A round's claimed recipients sorted by {@link Callability}: the callable ones per campaign
 * (earliest deadline first, so a short budget serves them first), the suppressed, and those
 * to put back with the reason. One do-not-call query per tenant.
 */
class CheckedClaims {

	private final Callability callability;

	private final CampaignSettingsReader settingsReader;

	private final Suppressions suppressions;

	CheckedClaims(Callability callability, CampaignSettingsReader settingsReader, Suppressions suppressions) {
		this.callability = callability;
		this.settingsReader = settingsReader;
		this.suppressions = suppressions;
	}

	/** The claims of a round, checked. */
	record Checked(Map<UUID, List<Claimed>> callable, List<Claimed> suppressed, List<AttemptStore.PutBack> putBack) {
	}

	Checked check(Map<UUID, DueCampaign> campaigns, Map<UUID, List<Claimed>> claimed, Instant now) {
		Map<String, Set<String>> suppressed = suppressedByTenant(campaigns, claimed);
		Map<UUID, List<Claimed>> callable = new LinkedHashMap<>();
		List<Claimed> done = new ArrayList<>();
		List<AttemptStore.PutBack> putBack = new ArrayList<>();
		claimed.forEach((id, recipients) -> {
			DueCampaign campaign = campaigns.get(id);
			CallingWindow window = settingsReader.window(campaign.callingWindow());
			List<Claimed> ok = new ArrayList<>();
			for (Claimed recipient : recipients) {
				Instant at = recipient.dueAt().isAfter(now) ? recipient.dueAt() : now;
				CallRule.Verdict verdict = callability.check(recipient, at, context(campaign, window, recipient,
						suppressed.getOrDefault(campaign.tenant(), Set.of())));
				if (verdict == null) {
					ok.add(recipient);
				}
				else if (verdict instanceof CallRule.Suppressed) {
					done.add(recipient);
				}
				else if (verdict instanceof CallRule.Deferred deferred) {
					putBack.add(new AttemptStore.PutBack(recipient, deferred.nextAt(), deferred.reason(),
							deferred.detail(), now));
				}
			}
			ok.sort(Comparator.comparing(Claimed::deadline, Comparator.nullsLast(Comparator.naturalOrder()))
				.thenComparing(Claimed::dueAt));
			callable.put(id, ok);
		});
		return new Checked(callable, done, putBack);
	}

	private Map<String, Set<String>> suppressedByTenant(Map<UUID, DueCampaign> campaigns,
			Map<UUID, List<Claimed>> claimed) {
		Map<String, List<String>> numbers = new HashMap<>();
		claimed.forEach((id, recipients) -> numbers.computeIfAbsent(campaigns.get(id).tenant(), t -> new ArrayList<>())
			.addAll(recipients.stream().map(Claimed::phoneNumber).toList()));
		Map<String, Set<String>> suppressed = new HashMap<>();
		numbers.forEach((tenant, list) -> suppressed.put(tenant,
				list.isEmpty() ? Set.of() : suppressions.suppressedAmong(tenant, list)));
		return suppressed;
	}

	private static CallRule.Context context(DueCampaign campaign, CallingWindow window, Claimed recipient,
			Set<String> suppressed) {
		List<CallingHourFloor> floors = CallingHourFloors.forE164(recipient.phoneNumber());
		List<CallingWindow> windows = new ArrayList<>(1 + floors.size());
		windows.add(window);
		windows.addAll(CallingHourFloors.windows(floors));
		return new CallRule.Context(campaign.tenant(), suppressed, windows,
				recipient.zones().stream().map(ZoneId::of).toList(), floors);
	}

}
