package dev.campaigns.orchestrator.campaign;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One recipient as posted (JSON or a CSV row), before validation. Metadata values are kept
 * as parsed, so a number or an object where a string belongs is reported, not coerced.
 */
@Schema(name = "NewRecipient")
public record RecipientDraft(@Nullable String phoneNumber, @Nullable String countryCode, @Nullable String timeZone,
		@Nullable String externalId, @Nullable String notBefore, @Nullable String notAfter,
		@Nullable Map<String, @Nullable Object> metadata) {

}
