package dev.campaigns.orchestrator.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** A recipient as the API shows it (API.md "recipient"). */
public record RecipientView(long id, String phoneNumber, @Nullable String externalId, RecipientState state,
		@Nullable RecipientOutcome outcome, @Nullable String outcomeReason, int attempts, List<String> timeZones,
		@Nullable Instant nextAttemptAt, @Nullable Instant notBefore, @Nullable Instant notAfter,
		@Nullable String lastCallSid, Map<String, String> metadata) {

}
