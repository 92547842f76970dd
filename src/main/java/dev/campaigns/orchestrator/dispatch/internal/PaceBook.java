package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.campaigns.orchestrator.ratelimit.Pace;
import dev.campaigns.orchestrator.ratelimit.PaceState;
import org.jspecify.annotations.Nullable;

/**
 * What this replica knows of the rate budgets: their states as its own last reservation left
 * them. Other replicas only ever take more, so the send instants it counts are an upper
 * bound, which the next reservation corrects; a round asks for no more than that. Kept only for
 * the global budget and the campaigns with work due.
 */
class PaceBook {

	private final Map<String, PaceState> states = new ConcurrentHashMap<>();

	private volatile @Nullable Instant lastRound;

	/** A round starts at {@code now}: if the clock was set back, what was known is on the old timeline. */
	void roundAt(Instant now) {
		Instant last = lastRound;
		lastRound = now;
		if (last != null && now.isBefore(last)) {
			states.clear();
		}
	}

	/** The send instants the budget could still grant from {@code now} to {@code horizon}, as far as known. */
	int slots(Pace pace, Instant now, Instant horizon) {
		return state(pace, now).slotsUntil(pace, now, horizon);
	}

	/** The earliest the budget could grant a send instant, as far as known. */
	Instant earliestSlot(Pace pace, Instant now) {
		return state(pace, now).earliestSlot(pace, now);
	}

	/** What a reservation answered. */
	void learn(Map<String, PaceState> reserved) {
		states.putAll(reserved);
	}

	/** Forgets the budgets of campaigns no longer due (the global one stays). */
	void keepCampaigns(Collection<Pace> due, String campaignPrefix) {
		Set<String> names = ConcurrentHashMap.newKeySet();
		due.forEach(pace -> names.add(pace.name()));
		states.keySet().removeIf(name -> name.startsWith(campaignPrefix) && !names.contains(name));
	}

	private PaceState state(Pace pace, Instant now) {
		PaceState known = states.get(pace.name());
		return known != null ? known : PaceState.fresh(now);
	}

}
