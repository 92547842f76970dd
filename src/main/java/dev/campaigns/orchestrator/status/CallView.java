package dev.campaigns.orchestrator.status;

import java.time.Instant;
import java.util.List;

import dev.campaigns.orchestrator.connection.ConnectionRef;
import org.jspecify.annotations.Nullable;

/**
 * One call attempt with its full status history (API.md "call").
 *
 * @param endedAt when the call's final status was first seen (the poll that saw it)
 * @param connection the connection the call was placed on; null for the default connection
 * @param outcome what the agent reported the call achieved; null until it reports
 * @param providerAnswer what the provider's last status answer said beyond the status; null
 * before one was read
 */
public record CallView(String callSid, long recipientId, int attempt, @Nullable String status,
		@Nullable String rawStatus, @Nullable Instant triggeredAt, @Nullable Instant endedAt, int polls,
		@Nullable ConnectionRef connection, List<Event> history, @Nullable AgentReport outcome,
		@Nullable ProviderAnswer providerAnswer) {

	/**
	 * The provider's last status answer, kept as it came (cut to 4 KB, control characters
	 * replaced), with the call's duration and end where the answer gave them.
	 *
	 * @param durationSeconds the call's duration as the provider counts it; null when no answer gave it
	 * @param endedAt when the call ended as the provider says; null when no answer said
	 * @param body the last status answer's body
	 */
	public record ProviderAnswer(@Nullable Integer durationSeconds, @Nullable Instant endedAt, String body) {
	}

	/** A status as it was seen, in order. */
	public record Event(String status, @Nullable String rawStatus, Instant observedAt) {
	}

}
