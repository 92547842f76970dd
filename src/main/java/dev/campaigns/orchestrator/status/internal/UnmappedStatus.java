package dev.campaigns.orchestrator.status.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * When a status string that neither the dialect documents nor a mapping names has lasted past
 * the expected end of a call, and is worth reporting: a call is expected to ring for at most
 * {@link #RINGING_ALLOWANCE} and then talk for {@code expectedTalkTime}, so a string seen
 * unchanged for longer than both is most likely how the provider ended the call, in words the
 * service cannot read. Pure.
 */
final class UnmappedStatus {

	/**
	 * How long a call may ring before it is answered or given up: networks and providers give up
	 * on an unanswered call well within a minute.
	 */
	static final Duration RINGING_ALLOWANCE = Duration.ofMinutes(1);

	private UnmappedStatus() {
	}

	/** When an unmapped string first seen at {@code statusSince} becomes worth reporting. */
	static Instant staleAt(Instant statusSince, Duration expectedTalkTime) {
		return statusSince.plus(RINGING_ALLOWANCE).plus(expectedTalkTime);
	}

	/** Whether an unmapped string first seen at {@code statusSince} and still answered at {@code now} is stale. */
	static boolean stale(Instant statusSince, Instant now, Duration expectedTalkTime) {
		return !now.isBefore(staleAt(statusSince, expectedTalkTime));
	}

}
