package dev.campaigns.orchestrator.campaign.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import dev.campaigns.orchestrator.compliance.CallingHourFloor;
import org.jspecify.annotations.Nullable;

/**
 * A recipient that passed every ingest rule; {@code index} is its position in the request,
 * {@code metadataJson} its metadata as serialised once for the size check and for storage,
 * {@code floors} the regional calling-hour rules for its number.
 */
public record ValidRecipient(int index, String phoneNumber, @Nullable String countryCode, List<ZoneId> zones,
		@Nullable String externalId, @Nullable Instant notBefore, @Nullable Instant notAfter,
		Map<String, String> metadata, String metadataJson, List<CallingHourFloor> floors) {

}
