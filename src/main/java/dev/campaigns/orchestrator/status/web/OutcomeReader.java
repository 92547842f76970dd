package dev.campaigns.orchestrator.status.web;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.campaigns.orchestrator.StrictJson;
import dev.campaigns.orchestrator.Text;
import dev.campaigns.orchestrator.campaign.Detection;
import dev.campaigns.orchestrator.status.internal.ReportedOutcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an outcome report's body: {@code detection} required, the rest optional ({@code null}
 * as good as absent), every field at fault named, unknown fields refused.
 */
final class OutcomeReader {

	static final int LONGEST_DISPOSITION = 200;

	static final int LONGEST_NOTES = 2000;

	/** How far ahead {@code retryAt} may lie. */
	static final Duration FURTHEST_RETRY = Duration.ofDays(366);

	/** How far in the past {@code retryAt} may lie (a clock's skew, a late report): it then means "as soon as lawful". */
	static final Duration OLDEST_RETRY = Duration.ofDays(1);

	private OutcomeReader() {
	}

	/** One thing wrong with a report. */
	record FieldViolation(String field, String reason) {
	}

	/** A report that cannot be taken as sent (400). */
	static final class InvalidOutcome extends RuntimeException {

		private final transient List<FieldViolation> violations;

		InvalidOutcome(List<FieldViolation> violations) {
			super("invalid outcome report", null, false, false);
			this.violations = List.copyOf(violations);
		}

		List<FieldViolation> violations() {
			return violations;
		}

	}

	/** @throws InvalidOutcome naming each field that cannot be read, and why */
	static ReportedOutcome read(JsonMapper strict, byte[] body, Instant now) {
		JsonNode tree = tree(strict, body);
		List<FieldViolation> violations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> field : tree.properties()) {
			if (!List.of("detection", "disposition", "retryAt", "notes", "sequence").contains(field.getKey())) {
				violations.add(new FieldViolation(StrictJson.name(field.getKey()), "is not a field of this API"));
			}
		}
		Detection detection = detection(tree.get("detection"), violations);
		String disposition = text("disposition", tree.get("disposition"), LONGEST_DISPOSITION, violations);
		Instant retryAt = retryAt(tree.get("retryAt"), now, violations);
		String notes = text("notes", tree.get("notes"), LONGEST_NOTES, violations);
		int sequence = sequence(tree.get("sequence"), violations);
		if (!violations.isEmpty()) {
			throw new InvalidOutcome(violations);
		}
		return new ReportedOutcome(detection, disposition, retryAt, notes, sequence);
	}

	private static JsonNode tree(JsonMapper strict, byte[] body) {
		if (!StrictJson.isUtf8(body)) {
			throw invalid("body", "is not valid UTF-8");
		}
		JsonNode tree;
		try {
			tree = strict.readTree(body);
		}
		catch (JacksonException ex) {
			throw invalid("body", "is not valid JSON (a field given twice is refused too)");
		}
		if (tree == null || !tree.isObject()) {
			throw invalid("body", "must be a JSON object like {\"detection\": \"VOICEMAIL\"}");
		}
		return tree;
	}

	private static @Nullable Detection detection(@Nullable JsonNode value, List<FieldViolation> violations) {
		String allowed = "must be one of " + Arrays.toString(Detection.values());
		if (value == null || value.isNull()) {
			violations.add(new FieldViolation("detection", "is required: " + allowed));
			return null;
		}
		if (value.isString()) {
			for (Detection detection : Detection.values()) {
				if (detection.name().equals(value.asString())) {
					return detection;
				}
			}
		}
		violations.add(new FieldViolation("detection", allowed));
		return null;
	}

	private static @Nullable String text(String field, @Nullable JsonNode value, int longest,
			List<FieldViolation> violations) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			violations.add(new FieldViolation(field, "has the wrong type: expected a string"));
			return null;
		}
		String text = value.asString();
		String problem = text.isBlank() ? "must not be blank (leave it out instead)"
				: Text.hasControlCharacter(text) ? "must not contain control characters (line breaks included)"
						: text.codePointCount(0, text.length()) > longest ? "must be at most " + longest + " characters"
								: null;
		if (problem != null) {
			violations.add(new FieldViolation(field, problem));
			return null;
		}
		return text;
	}

	private static @Nullable Instant retryAt(@Nullable JsonNode value, Instant now, List<FieldViolation> violations) {
		if (value == null || value.isNull()) {
			return null;
		}
		String expected = "must be an ISO-8601 instant with its offset, e.g. 2030-01-07T17:00:00+01:00";
		if (!value.isString()) {
			violations.add(new FieldViolation("retryAt", expected));
			return null;
		}
		Instant at;
		try {
			// PostgreSQL keeps microseconds: what is answered now is what is read later
			at = OffsetDateTime.parse(value.asString()).toInstant().truncatedTo(ChronoUnit.MICROS);
		}
		catch (DateTimeParseException ex) {
			violations.add(new FieldViolation("retryAt", expected));
			return null;
		}
		if (at.isAfter(now.plus(FURTHEST_RETRY))) {
			violations.add(new FieldViolation("retryAt", "must be at most " + FURTHEST_RETRY.toDays() + " days ahead"));
			return null;
		}
		if (at.isBefore(now.minus(OLDEST_RETRY))) {
			violations.add(new FieldViolation("retryAt", "must not be more than a day in the past"));
			return null;
		}
		return at;
	}

	private static int sequence(@Nullable JsonNode value, List<FieldViolation> violations) {
		if (value == null || value.isNull()) {
			return 0;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
			violations.add(new FieldViolation("sequence", "must be a whole number from 0 to " + Integer.MAX_VALUE));
			return 0;
		}
		return value.intValue();
	}

	private static InvalidOutcome invalid(String field, String reason) {
		return new InvalidOutcome(List.of(new FieldViolation(field, reason)));
	}

}
