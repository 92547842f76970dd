package dev.campaigns.orchestrator.status;

import java.time.Instant;

/** Reads the status of calls that are due a poll, and turns final statuses into outcomes. */
public interface StatusPoller {

	/** Runs one polling round at {@code now}. */
	PollRound pollDue(Instant now);

	/** What one round did. */
	record PollRound(int polled, int finished, int expired) {

		public static final PollRound NOTHING = new PollRound(0, 0, 0);

		public boolean didWork() {
			return polled > 0;
		}

	}

}
