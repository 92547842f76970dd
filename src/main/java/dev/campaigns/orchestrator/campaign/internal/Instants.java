package dev.campaigns.orchestrator.campaign.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/** ISO-8601 instants as clients write them: {@code Z} or an explicit offset. */
final class Instants {

	private Instants() {
	}

	static @Nullable Instant parse(String value) {
		try {
			return OffsetDateTime.parse(value.trim()).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
