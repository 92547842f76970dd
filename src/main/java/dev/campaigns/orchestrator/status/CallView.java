package dev.campaigns.orchestrator.status;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** One call attempt with its full status history (API.md "call"). */
public record CallView(String callSid, long recipientId, int attempt, @Nullable String status,
		@Nullable String rawStatus, @Nullable Instant triggeredAt, @Nullable Instant endedAt, int polls,
		List<Event> history) {

	/** A status as it was seen, in order. */
	public record Event(String status, @Nullable String rawStatus, Instant observedAt) {
	}

}
