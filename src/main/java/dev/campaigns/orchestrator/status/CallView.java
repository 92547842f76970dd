package dev.campaigns.orchestrator.status;

import java.time.Instant;
import java.util.List;

import dev.campaigns.orchestrator.connection.ConnectionRef;
import org.jspecify.annotations.Nullable;

/**
 * One call attempt with its full status history (API.md "call").
 *
 * @param connection the connection the call was placed on; null for the default connection
 * @param outcome what the agent reported the call achieved; null until it reports
 */
public record CallView(String callSid, long recipientId, int attempt, @Nullable String status,
		@Nullable String rawStatus, @Nullable Instant triggeredAt, @Nullable Instant endedAt, int polls,
		@Nullable ConnectionRef connection, List<Event> history, @Nullable AgentReport outcome) {

	/** A status as it was seen, in order. */
	public record Event(String status, @Nullable String rawStatus, Instant observedAt) {
	}

}
