package dev.campaigns.orchestrator.dispatch;

import java.time.Instant;

/**
 * Turns due recipients into calls, at the configured pace, never twice. One round claims
 * what the budgets allow, commits the attempt rows, and only then sends the triggers.
 */
public interface Dispatcher {

	/** Runs one dispatch round at {@code now}; answers what it did. */
	DispatchRound dispatchDue(Instant now);

	/** What one round did. */
	record DispatchRound(int claimed, int accepted, int putBack, int finished, int unknown) {

		public static final DispatchRound NOTHING = new DispatchRound(0, 0, 0, 0, 0);

		public boolean didWork() {
			return claimed > 0;
		}

	}

}
