package dev.campaigns.orchestrator.campaign;

import java.time.Instant;

import dev.campaigns.orchestrator.connection.ConnectionRef;
import org.jspecify.annotations.Nullable;

/**
 * One call attempt of a recipient, as its detail lists them (the full status history is at
 * {@code GET /api/v1/calls/{callSid}}).
 *
 * @param attempt 1 for the first call
 * @param callSid the provider's call id; null while the trigger is unanswered, or when it is unknowable
 * @param status the call's canonical status; null while the trigger is unanswered
 * @param connection the connection the call was placed on; null for the default connection
 * @param detection who answered, as the agent reported it ({@code HUMAN}, {@code VOICEMAIL},
 * {@code IVR}, {@code NOT_IN_SERVICE}, {@code OPERATOR}, {@code UNKNOWN}); null until it reports
 * @param disposition the agent's result code, when it gave one (the whole report is the call's)
 */
public record RecipientCall(int attempt, @Nullable String callSid, @Nullable String status,
		@Nullable Instant triggeredAt, @Nullable Instant endedAt, @Nullable ConnectionRef connection,
		@Nullable String detection, @Nullable String disposition) {
}
