package dev.campaigns.orchestrator.status.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.campaigns.orchestrator.connection.CallLines;
import dev.campaigns.orchestrator.connection.Line;
import dev.campaigns.orchestrator.connection.UnreadableCredential;
import dev.campaigns.orchestrator.ratelimit.Pace;
import dev.campaigns.orchestrator.ratelimit.PaceState;
import dev.campaigns.orchestrator.ratelimit.RateLimits;
import dev.campaigns.orchestrator.ratelimit.Slots;
import org.jspecify.annotations.Nullable;

/**
 * Status requests' budgets, one per provider connection, shared by all replicas, apart from
 * the triggers': {@code status} for the default connection, {@code status-connection-<id>}
 * for a stored one, at the connection's own status rate or the deployment's. A 429 on one
 * connection slows only that connection's polls. A round takes each connection's tokens
 * first, in one transaction, and claims no more of its polls than it was granted.
 */
class StatusBudgets {

	/** The default connection's budget, named as before there were several. */
	static final String DEFAULT = "status";

	private final RateLimits rateLimits;

	private final CallLines lines;

	private final double requestsPerSecond;

	/** The paces last used per connection key, for a 429 to throttle the budget it came from. */
	private final Map<String, Pace> paces = new ConcurrentHashMap<>();

	/**
	 * @param requestsPerSecond the deployment's status rate, for every connection without its own
	 */
	StatusBudgets(RateLimits rateLimits, CallLines lines, double requestsPerSecond) {
		this.rateLimits = rateLimits;
		this.lines = lines;
		this.requestsPerSecond = requestsPerSecond;
	}

	/** What one connection was granted for a round: its budget, the tokens taken, and its share of them. */
	record Taken(@Nullable UUID connection, Pace pace, RateLimits.Take take, int share) {
	}

	/** What a round may claim: per connection, a share no larger than the tokens it took. */
	record Grant(List<Taken> taken) {

		/** The shares to claim, connections granted nothing left out. */
		List<StatusStore.Share> shares() {
			return taken.stream()
				.filter(one -> one.share() > 0)
				.map(one -> new StatusStore.Share(one.connection(), one.share()))
				.toList();
		}

	}

	/**
	 * Takes the tokens of the connections with polls due, up to {@code most} in all: each
	 * connection asks its own budget for as many as it has due (at most {@code most}), and what
	 * the budgets grant is shared out in turns, the connections nearest to a deadline first.
	 * What a share leaves of a connection's take goes back with {@link #giveBack}.
	 */
	Grant take(List<StatusStore.Pending> pending, int most, Instant now) {
		List<Pace> own = new ArrayList<>(pending.size());
		List<Slots.Lane> lanes = new ArrayList<>(pending.size());
		for (StatusStore.Pending connection : pending) {
			Pace pace = pace(connection.connection(), connection.version());
			own.add(pace);
			lanes.add(new Slots.Lane(pace.name(), pace,
					Collections.nCopies(Math.min(connection.due(), Math.max(0, most)), now)));
		}
		Slots.Plan plan = rateLimits.reserve(List.of(), lanes, now, now);
		List<Integer> granted = own.stream().map(pace -> plan.of(pace.name()).size()).toList();
		List<Integer> shares = shares(granted, most);
		List<Taken> taken = new ArrayList<>(pending.size());
		for (int i = 0; i < pending.size(); i++) {
			Pace pace = own.get(i);
			PaceState after = plan.states().getOrDefault(pace.name(), PaceState.fresh(now));
			taken.add(new Taken(pending.get(i).connection(), pace, new RateLimits.Take(granted.get(i), after),
					shares.get(i)));
		}
		return new Grant(taken);
	}

	/** Returns the tokens each connection took and did not claim polls for. */
	void giveBack(Grant grant, List<StatusStore.Due> claimed, Instant now) {
		Map<String, Integer> used = new HashMap<>();
		claimed.forEach(call -> used.merge(Line.keyOf(call.connection()), 1, Integer::sum));
		for (Taken one : grant.taken()) {
			int unused = one.take().granted() - used.getOrDefault(Line.keyOf(one.connection()), 0);
			rateLimits.giveBack(one.pace(), one.take(), unused, now);
		}
	}

	/** The status requests per second the connection at that version may make, all replicas together. */
	double rateOf(@Nullable UUID connection, long version) {
		return pace(connection, version).perSecond();
	}

	/** A 429 on {@code connection}'s status requests: its budget alone grants nothing for {@code retryAfter}. */
	void throttle(@Nullable UUID connection, Duration retryAfter, Instant now) {
		String key = Line.keyOf(connection);
		Pace pace = paces.getOrDefault(key, paceOf(key, null, requestsPerSecond));
		rateLimits.throttle(pace, retryAfter, now);
	}

	/**
	 * The budget of a connection at its current version; one whose line cannot be opened keeps
	 * the deployment's rate (its polls are claimed all the same, to be found unreadable).
	 */
	private Pace pace(@Nullable UUID connection, long version) {
		String key = Line.keyOf(connection);
		@Nullable Double rate;
		try {
			rate = lines.line(connection, version).statusRequestsPerSecond();
		}
		catch (UnreadableCredential | NoSuchElementException ex) {
			rate = null;
		}
		Pace pace = paceOf(key, rate, requestsPerSecond);
		paces.put(key, pace);
		return pace;
	}

	/**
	 * The status budget of the connection named {@code key}: {@link #DEFAULT} for the default
	 * connection, {@code status-<key>} for another; at {@code rate}, or {@code fallback} when
	 * null, and a second's worth at once.
	 */
	static Pace paceOf(String key, @Nullable Double rate, double fallback) {
		double perSecond = rate != null ? rate : fallback;
		return new Pace(Line.DEFAULT.equals(key) ? DEFAULT : DEFAULT + "-" + key, perSecond, Math.max(1, perSecond));
	}

	/**
	 * Shares out up to {@code most} among connections granted {@code granted} each, in turns,
	 * one at a time, in the order given: every connection gets its turn before any gets a
	 * second, and none gets more than it was granted.
	 */
	static List<Integer> shares(List<Integer> granted, int most) {
		int[] shares = new int[granted.size()];
		int left = Math.max(0, most);
		boolean given = true;
		while (left > 0 && given) {
			given = false;
			for (int i = 0; i < shares.length && left > 0; i++) {
				if (shares[i] < granted.get(i)) {
					shares[i]++;
					left--;
					given = true;
				}
			}
		}
		List<Integer> result = new ArrayList<>(shares.length);
		for (int share : shares) {
			result.add(share);
		}
		return result;
	}

}
