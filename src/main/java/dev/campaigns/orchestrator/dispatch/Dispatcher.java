package dev.campaigns.orchestrator.dispatch;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns due recipients into calls, at the configured pace, never twice. A round claims what
 * the budgets allow, commits the attempt rows, and only then sends the triggers.
 */
public interface Dispatcher {

	/**
	 * Runs one dispatch round at {@code now} and waits for its triggers' answers, recorded
	 * before it returns; answers what it did.
	 */
	DispatchRound dispatchDue(Instant now);

	/**
	 * One round of the dispatch loop: records the answers that arrived since the last round,
	 * then, if a claim is due, claims and sends without waiting for the answers (so claims
	 * overlap the provider's requests). Answers what it did and how long to pause.
	 */
	DispatchRound dispatchNext(Instant now);

	/** Waits up to {@code max} for the triggers in flight, then records their answers (shutdown). */
	void awaitInFlight(Duration max);

	/**
	 * New work may be due that no round knew of (a campaign created or resumed, recipients
	 * appended): the next {@link #dispatchNext} claims at once rather than when the last round
	 * said (its buckets still decide what it may take).
	 */
	void expectNewWork();

	/**
	 * What one round did, and how long until the next round is worth its round trips
	 * (zero: at once).
	 */
	record DispatchRound(int claimed, int accepted, int putBack, int finished, int unknown, Duration pause) {

		public static final DispatchRound NOTHING = new DispatchRound(0, 0, 0, 0, 0, Duration.ZERO);

		public boolean didWork() {
			return claimed > 0;
		}

	}

}
