package dev.campaigns.orchestrator.ratelimit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The pure core: hands requests their send instants from the budgets they must all keep.
 * Each request is in a lane (its own budget, a campaign's) and every lane shares the common
 * budgets (the global one); within a lane requests are served in the order given. At each
 * step the lane whose next request can go soonest is served (a tie: the one served least so far): its slot is the latest of the
 * request's own earliest instant, {@code now}, and the earliest slot of every budget it keeps,
 * and every one of those budgets moves on by one interval from it. So each slot conforms to
 * every budget at once (GCRA), and the bound of {@link Pace} holds for each. Requests whose
 * slot would fall after {@code horizon} get none.
 */
public final class Slots {

	private Slots() {
	}

	/**
	 * A lane: its name, its own budget (null: only the common ones), and for each of its
	 * requests, in the order they are served, the earliest it may leave (its recipient's due time).
	 */
	public record Lane(String name, @Nullable Pace own, List<Instant> earliest) {

		public Lane {
			earliest = List.copyOf(earliest);
		}

	}

	/** What scheduling granted: each lane's slots (one per request served, in order) and the budgets' new states. */
	public record Plan(Map<String, List<Instant>> slots, Map<String, PaceState> states) {

		/** The slots granted to a lane's requests, in their order (fewer than asked: the rest got none). */
		public List<Instant> of(String lane) {
			return slots.getOrDefault(lane, List.of());
		}

	}

	/**
	 * Schedules the lanes' requests on the common budgets and their own, from the budgets'
	 * states (a budget absent from {@code states} is fresh).
	 */
	public static Plan schedule(List<Pace> common, List<Lane> lanes, Map<String, PaceState> states, Instant now,
			Instant horizon) {
		Map<String, PaceState> current = new HashMap<>(states);
		Map<String, List<Instant>> granted = new HashMap<>();
		int[] next = new int[lanes.size()];
		while (true) {
			int best = -1;
			Instant bestSlot = null;
			for (int i = 0; i < lanes.size(); i++) {
				Lane lane = lanes.get(i);
				if (next[i] >= lane.earliest().size()) {
					continue;
				}
				Instant slot = slot(common, lane, lane.earliest().get(next[i]), current, now);
				// ties go to the lane served least so far: lanes limited by the common budgets alone alternate
				if (bestSlot == null || slot.isBefore(bestSlot) || (slot.equals(bestSlot) && next[i] < next[best])) {
					best = i;
					bestSlot = slot;
				}
			}
			if (bestSlot == null || bestSlot.isAfter(horizon)) {
				return new Plan(granted, current);
			}
			Lane lane = lanes.get(best);
			for (Pace pace : paces(common, lane)) {
				current.put(pace.name(), state(current, pace, now).after(pace, bestSlot, now));
			}
			granted.computeIfAbsent(lane.name(), name -> new ArrayList<>()).add(bestSlot);
			next[best]++;
		}
	}

	private static Instant slot(List<Pace> common, Lane lane, Instant earliest, Map<String, PaceState> states,
			Instant now) {
		Instant slot = earliest.isAfter(now) ? earliest : now;
		for (Pace pace : paces(common, lane)) {
			Instant paced = state(states, pace, now).earliestSlot(pace, now);
			if (paced.isAfter(slot)) {
				slot = paced;
			}
		}
		return slot;
	}

	private static List<Pace> paces(List<Pace> common, Lane lane) {
		if (lane.own() == null) {
			return common;
		}
		List<Pace> paces = new ArrayList<>(common);
		paces.add(lane.own());
		return paces;
	}

	private static PaceState state(Map<String, PaceState> states, Pace pace, Instant now) {
		PaceState state = states.get(pace.name());
		return state != null ? state : PaceState.fresh(now);
	}

}
