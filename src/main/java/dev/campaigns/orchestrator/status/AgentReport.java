package dev.campaigns.orchestrator.status;

import java.time.Instant;

import dev.campaigns.orchestrator.campaign.Detection;
import org.jspecify.annotations.Nullable;

/**
 * What the agent reported a call achieved ({@code POST /api/v1/calls/{callSid}/outcome}), as
 * stored with the call attempt.
 *
 * @param detection who answered
 * @param disposition the agent's own result code, e.g. {@code appointment_confirmed}
 * @param retryAt when the agent asks the recipient to be called again; null for no wish
 * @param notes the agent's free-text notes
 * @param sequence the report's sequence: a report is replaced only by one with a higher sequence
 * @param reportedAt when the stored report was received
 */
public record AgentReport(Detection detection, @Nullable String disposition, @Nullable Instant retryAt,
		@Nullable String notes, int sequence, Instant reportedAt) {
}
