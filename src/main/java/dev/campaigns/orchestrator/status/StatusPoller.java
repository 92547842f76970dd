package dev.campaigns.orchestrator.status;

import java.time.Duration;
import java.time.Instant;

/** Reads the status of calls that are due a poll, and turns final statuses into outcomes. */
public interface StatusPoller {

	/** Runs one polling round at {@code now}, waiting for its answers and recording them. */
	PollRound pollDue(Instant now);

	/**
	 * The polling loop's round at {@code now}: hands the due polls to request threads, which
	 * record their answers as they come, and answers the pause before the next round.
	 */
	Duration pollNext(Instant now);

	/** Waits at most {@code max} for the answers in flight to be recorded (in shutdown). */
	void awaitInFlight(Duration max);

	/** What one round did. */
	record PollRound(int polled, int finished, int expired) {

		public static final PollRound NOTHING = new PollRound(0, 0, 0);

		public boolean didWork() {
			return polled > 0;
		}

	}

}
