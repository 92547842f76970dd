package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a round's budget is shared between the campaigns with work due, by their priorities.
 * Each campaign has a weight, 2^(priority − 1): 1 for priority 1 to 16 for priority 5.
 * <ol>
 * <li><b>Turns.</b> The campaign that has waited longest since it was last served, its wait
 * multiplied by its weight, goes first (never served: first of all; ties by higher priority,
 * then by id). A campaign's claim grows with every round it waits, so none is starved: a
 * priority-1 campaign waits at most about 16 times as long as the others between its turns.
 * At equal priorities this is least recently served first.</li>
 * <li><b>Sharers.</b> The budget is split among as many campaigns, in turn order, as can each
 * get a useful batch ({@link #MIN_SHARE}): each gets that batch (or its room, if less); the
 * rest goes to them in proportion to their weights, each at most its room, what one cannot
 * use going to the others (weighted water-filling).</li>
 * <li><b>Leftover.</b> What the sharers cannot use goes to the campaigns after them in
 * turn, each up to its room: nothing is left unused while a campaign has room.</li>
 * </ol>
 * At low rates one campaign takes a round's few slots, in turn; at high rates all share every
 * round; either way a huge campaign does not starve a small one, and a high priority one is
 * served first and most without starving a low priority one.
 */
final class FairShares {

	/** The least a campaign is given in a round shared with others. */
	static final int MIN_SHARE = 8;

	private FairShares() {
	}

	/**
	 * A campaign with work due: how many it may start now, when it was last served
	 * ({@link Instant#MIN}: never), and its priority (1 to 5, 5 the most urgent).
	 */
	record Candidate(UUID id, int room, Instant lastServed, int priority) {

		Candidate {
			if (priority < 1 || priority > 5) {
				throw new IllegalArgumentException("priority must be between 1 and 5: " + priority);
			}
		}

		/** 2^(priority − 1): a priority-5 campaign weighs as much as sixteen of priority 1. */
		int weight() {
			return 1 << (priority - 1);
		}

		/** How strongly it claims a turn at {@code now}: how long it has waited, times its weight. */
		Duration claim(Instant now) {
			Duration waited = Duration.between(lastServed, now);
			// not Duration.multipliedBy, which goes through BigDecimal
			return Duration.ofSeconds(Math.multiplyExact(waited.getSeconds(), weight()),
					(long) waited.getNano() * weight());
		}

	}

	/**
	 * Each campaign's share of {@code budget} in a round at {@code now}, in turn order; campaigns
	 * given nothing are absent.
	 */
	static Map<UUID, Integer> split(int budget, List<Candidate> candidates, Instant now) {
		List<Candidate> turns = new ArrayList<>(candidates);
		turns.removeIf(candidate -> candidate.room() <= 0);
		if (turns.isEmpty() || budget <= 0) {
			return Map.of();
		}
		turns.sort(Comparator.comparing((Candidate candidate) -> candidate.claim(now))
			.reversed()
			.thenComparing(Comparator.comparingInt(Candidate::priority).reversed())
			.thenComparing(Candidate::id));
		int[] shares = new int[turns.size()];
		int sharing = Math.max(1, Math.min(turns.size(), budget / MIN_SHARE));
		int left = shareAmongSharers(budget, turns.subList(0, sharing), shares);
		// what the sharers could not use goes to the campaigns after them, in turn, up to their room
		for (int i = sharing; i < turns.size() && left > 0; i++) {
			shares[i] = Math.min(left, turns.get(i).room());
			left -= shares[i];
		}
		Map<UUID, Integer> split = new LinkedHashMap<>();
		for (int i = 0; i < turns.size(); i++) {
			if (shares[i] > 0) {
				split.put(turns.get(i).id(), shares[i]);
			}
		}
		return split;
	}

	/**
	 * A batch each ({@link #MIN_SHARE} or the room, while the budget lasts), then the rest in
	 * proportion to the weights, up to each room: the ones that would overflow first take their
	 * room, the others share what is left by weight. Answers what is left over.
	 */
	private static int shareAmongSharers(int budget, List<Candidate> sharers, int[] shares) {
		int left = budget;
		for (int i = 0; i < sharers.size() && left > 0; i++) {
			shares[i] = Math.min(left, Math.min(MIN_SHARE, sharers.get(i).room()));
			left -= shares[i];
		}
		List<Integer> byFill = new ArrayList<>();
		long weights = 0;
		for (int i = 0; i < sharers.size(); i++) {
			if (shares[i] < sharers.get(i).room()) {
				byFill.add(i);
				weights += sharers.get(i).weight();
			}
		}
		// spare room per weight, least first: once one takes its proportional share rather than
		// its room, every one after it can take its proportional share too, and the last takes the rest
		byFill.sort(Comparator
			.comparingDouble(i -> (double) (sharers.get(i).room() - shares[i]) / sharers.get(i).weight()));
		for (int i : byFill) {
			if (left == 0) {
				break;
			}
			Candidate sharer = sharers.get(i);
			long proportional = (left * (long) sharer.weight() + weights - 1) / weights;
			int more = (int) Math.min(sharer.room() - shares[i], proportional);
			shares[i] += more;
			left -= more;
			weights -= sharer.weight();
		}
		return left;
	}

}
