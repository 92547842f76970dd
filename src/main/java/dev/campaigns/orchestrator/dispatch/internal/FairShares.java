package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a round's budget is shared between the campaigns with work due: least recently served
 * first (ties by id), split among as many as can each get a useful batch ({@link #MIN_SHARE}),
 * each given at most its room; what one cannot use goes to the next in turn, and what is still
 * left after the last goes back to the earlier ones (water-filling: nothing is left unused while
 * a campaign has room).
 * At low rates one campaign takes a round's few slots and the next takes the next round's; at
 * high rates all share every round; either way a huge campaign does not starve a small one.
 */
final class FairShares {

	/** The least a campaign is given in a round shared with others. */
	static final int MIN_SHARE = 8;

	private FairShares() {
	}

	/** A campaign with work due: how many it may start now, and when it was last served (null: never). */
	record Candidate(UUID id, int room, Instant lastServed) {
	}

	/** Each campaign's share of {@code budget}, in turn order; campaigns given nothing are absent. */
	static Map<UUID, Integer> split(int budget, List<Candidate> candidates) {
		List<Candidate> turns = new ArrayList<>(candidates);
		turns.removeIf(candidate -> candidate.room() <= 0);
		turns.sort(Comparator.comparing(Candidate::lastServed).thenComparing(Candidate::id));
		Map<UUID, Integer> shares = new LinkedHashMap<>();
		int sharing = Math.max(1, Math.min(turns.size(), budget / MIN_SHARE));
		int left = budget;
		for (int i = 0; i < turns.size() && left > 0; i++) {
			int even = (int) Math.ceil((double) left / Math.max(1, sharing - i));
			int share = Math.min(turns.get(i).room(), even);
			shares.put(turns.get(i).id(), share);
			left -= share;
		}
		// what the later ones could not use goes back to the earlier ones in turn, up to their room
		for (int i = 0; i < turns.size() && left > 0; i++) {
			Candidate candidate = turns.get(i);
			int more = Math.min(left, candidate.room() - shares.getOrDefault(candidate.id(), 0));
			if (more > 0) {
				shares.merge(candidate.id(), more, Integer::sum);
				left -= more;
			}
		}
		return shares;
	}

}
