package dev.campaigns.orchestrator.campaign.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * ISO-8601 instants as clients write them: {@code Z} or an explicit offset, in the years 1
 * to 9999. Java reads years far beyond that ({@code +999999999-12-31T23:59:59Z}), which
 * PostgreSQL cannot store.
 */
final class Instants {

	private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999Z");

	private Instants() {
	}

	static @Nullable Instant parse(String value) {
		try {
			Instant instant = OffsetDateTime.parse(value.trim()).toInstant();
			return instant.isBefore(FIRST) || instant.isAfter(LAST) ? null : instant;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
