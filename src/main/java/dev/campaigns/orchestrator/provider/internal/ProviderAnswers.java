package dev.campaigns.orchestrator.provider.internal;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import dev.campaigns.orchestrator.provider.ProviderSettings;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading what a provider's answer says beyond its status code: its JSON, its reason in its
 * own words (cut and made safe to store), its {@code Retry-After} (bounded).
 */
final class ProviderAnswers {

	private static final int MAX_REASON_LENGTH = 300;

	private final ProviderSettings settings;

	private final JsonMapper json;

	private final Clock clock;

	ProviderAnswers(ProviderSettings settings, JsonMapper json, Clock clock) {
		this.settings = settings;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * {@code Retry-After} as delta-seconds or an HTTP date, at most {@code max-retry-after}; the
	 * configured default otherwise.
	 */
	Duration retryAfter(HttpResponse<String> response) {
		Duration asked = response.headers()
			.firstValue("Retry-After")
			.map(String::trim)
			.map(this::parseRetryAfter)
			.filter(pause -> !pause.isNegative())
			.orElse(settings.defaultRetryAfter());
		return asked.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : asked;
	}

	private @Nullable Duration parseRetryAfter(String value) {
		try {
			// a number of seconds too large for a long is as good as the maximum
			return value.length() > 12 && value.chars().allMatch(Character::isDigit) ? settings.maxRetryAfter()
					: Duration.ofSeconds(Long.parseLong(value));
		}
		catch (NumberFormatException notSeconds) {
			try {
				Instant until = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				return Duration.between(clock.instant(), until);
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	/** The provider's own words for a failure, for the recipient's record and the operator. */
	String reason(HttpResponse<String> response) {
		JsonNode answer = parse(response.body());
		String words = answer == null ? null : DialectProtocol.firstText(answer, "message", "detail", "error");
		return "HTTP " + response.statusCode() + ": " + abbreviate(words != null ? words : response.body());
	}

	@Nullable JsonNode parse(String body) {
		try {
			JsonNode node = json.readTree(body);
			return node != null && node.isObject() ? node : null;
		}
		catch (JacksonException notJson) {
			return null;
		}
	}

	/** The provider's text cut to {@link #MAX_REASON_LENGTH}, control characters replaced (it is stored and shown). */
	static String abbreviate(String text) {
		String cut = text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH) + "…";
		return cut.codePoints().map(c -> Character.isISOControl(c) ? '\uFFFD' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
	}

}
