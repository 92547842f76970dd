package dev.campaigns.orchestrator.campaign.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.campaigns.orchestrator.Text;
import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.campaign.RecipientDraft;
import dev.campaigns.orchestrator.compliance.CallingHourFloor;
import dev.campaigns.orchestrator.compliance.CallingHourFloors;
import dev.campaigns.orchestrator.schedule.TimeZones;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules a recipient must meet before it is stored, so that nothing is refused at dial
 * time that could have been refused at ingest (DESIGN.md "Metadata"). Pure and thread-safe.
 */
public final class RecipientValidation {

	/** PolyAI: the base64 of the metadata's JSON must be under 26 KB. */
	static final int MAX_METADATA_BASE64_BYTES = 26 * 1024;

	private static final int MAX_EXTERNAL_ID = 200;

	private static final int MAX_NUMBER_LENGTH = 32;

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	private final JsonMapper json;

	private final TimeZones.Cached zoneCache = new TimeZones.Cached();

	public RecipientValidation(JsonMapper json) {
		this.json = json;
	}

	/**
	 * The recipient ready to store, or null with every problem added to {@code errors}.
	 */
	public @Nullable ValidRecipient validate(int index, @Nullable RecipientDraft draft, RecipientRules rules,
			List<FieldError> errors) {
		if (draft == null) {
			errors.add(FieldError.ofRecipient(index, "recipient", "must be an object, not null"));
			return null;
		}
		ZoneId campaignDefault = rules.defaultZone();
		int before = errors.size();
		String countryCode = countryCode(index, draft.countryCode(), errors);
		// a blank countryCode is none (countryCode answers null without an error); only one given and refused has
		// its own error already
		boolean countryCodeGiven = draft.countryCode() != null && !draft.countryCode().isBlank();
		PhoneNumber number = number(index, draft.phoneNumber(), countryCode, countryCodeGiven, errors);
		ZoneId explicitZone = null;
		if (draft.timeZone() != null && !draft.timeZone().isBlank()) {
			explicitZone = TimeZones.iana(draft.timeZone().trim()).orElse(null);
			if (explicitZone == null) {
				errors.add(FieldError.ofRecipient(index, "timeZone", "must be an IANA time zone such as Europe/London"));
			}
		}
		String externalId = text(index, "externalId", draft.externalId(), MAX_EXTERNAL_ID, errors);
		Instant notBefore = instant(index, "notBefore", draft.notBefore(), errors);
		Instant notAfter = instant(index, "notAfter", draft.notAfter(), errors);
		if (notBefore != null && notAfter != null && !notAfter.isAfter(notBefore)) {
			errors.add(FieldError.ofRecipient(index, "notAfter", "must be after notBefore"));
		}
		Map<String, String> metadata = metadata(index, draft.metadata(), errors);
		String metadataJson = metadata.isEmpty() ? "{}" : json.writeValueAsString(metadata);
		if (base64Length(metadataJson.getBytes(StandardCharsets.UTF_8).length) >= MAX_METADATA_BASE64_BYTES) {
			errors.add(FieldError.ofRecipient(index, "metadata", "is too large: its base64 must be under 26 KB"));
		}
		List<ZoneId> zones = List.of();
		if (number != null && (draft.timeZone() == null || explicitZone != null)) {
			zones = zoneCache.candidates(explicitZone, number, campaignDefault);
			if (zones.isEmpty()) {
				errors.add(FieldError.ofRecipient(index, "timeZone",
						"the number's time zone is unknown: give timeZone, or a defaultTimeZone for the campaign"));
			}
		}
		List<CallingHourFloor> floors = number == null ? List.of() : CallingHourFloors.forNumber(number);
		if (!zones.isEmpty() && !rules.everOpen(zones, floors)) {
			errors.add(FieldError.ofRecipient(index, "timeZone", zones.size() > 1
					? "the calling window never holds in all of the number's time zones at once ("
							+ String.join(", ", RecipientPlan.zoneIds(zones)) + ")"
					: "the calling window never overlaps the legal calling hours for this number"
							+ floors.stream().map(floor -> " (" + floor.name() + ")").reduce("", String::concat)));
		}
		if (errors.size() > before || number == null) {
			return null;
		}
		return new ValidRecipient(index, phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164),
				countryCode, zones, externalId, notBefore, notAfter, metadata, metadataJson, floors);
	}

	private @Nullable String countryCode(int index, @Nullable String given, List<FieldError> errors) {
		if (given == null || given.isBlank()) {
			return null;
		}
		String region = given.trim().toUpperCase(Locale.ROOT);
		if (!phones.getSupportedRegions().contains(region)) {
			errors.add(FieldError.ofRecipient(index, "countryCode", "must be an ISO 3166-1 alpha-2 country code"));
			return null;
		}
		return region;
	}

	private @Nullable PhoneNumber number(int index, @Nullable String given, @Nullable String region,
			boolean regionGiven, List<FieldError> errors) {
		if (given == null || given.isBlank()) {
			errors.add(FieldError.ofRecipient(index, "phoneNumber", "is required"));
			return null;
		}
		String raw = given.trim();
		if (raw.length() > MAX_NUMBER_LENGTH || Text.hasControlCharacter(raw)) {
			errors.add(FieldError.ofRecipient(index, "phoneNumber", "is not a phone number"));
			return null;
		}
		if (!raw.startsWith("+") && region == null) {
			if (!regionGiven) {
				errors.add(FieldError.ofRecipient(index, "phoneNumber",
						"must be in E.164 format (+ and country code), or come with a countryCode"));
			}
			return null;
		}
		try {
			PhoneNumber number = E164.read(raw, phones);
			if (number == null || !phones.isValidNumber(number)) {
				// not plain E.164, or not valid as read: libphonenumber's full parser decides
				number = phones.parse(raw, region != null ? region : "ZZ");
			}
			if (!phones.isValidNumber(number)) {
				errors.add(FieldError.ofRecipient(index, "phoneNumber", "is not a valid number in its numbering plan"));
				return null;
			}
			if (!phones.canBeInternationallyDialled(number)) {
				errors.add(FieldError.ofRecipient(index, "phoneNumber", "cannot be dialled from outside its country"));
				return null;
			}
			return number;
		}
		catch (NumberParseException ex) {
			errors.add(FieldError.ofRecipient(index, "phoneNumber", "is not a phone number"));
			return null;
		}
	}

	private static @Nullable String text(int index, String field, @Nullable String value, int maxLength,
			List<FieldError> errors) {
		if (value == null) {
			return null;
		}
		if (value.length() > maxLength) {
			errors.add(FieldError.ofRecipient(index, field, "must be at most " + maxLength + " characters"));
			return null;
		}
		if (Text.hasControlCharacter(value)) {
			errors.add(FieldError.ofRecipient(index, field, "must not contain control characters"));
			return null;
		}
		return value;
	}

	private static @Nullable Instant instant(int index, String field, @Nullable String value, List<FieldError> errors) {
		if (value == null || value.isBlank()) {
			return null;
		}
		Instant instant = Instants.parse(value);
		if (instant == null) {
			errors.add(FieldError.ofRecipient(index, field,
					"must be an ISO-8601 instant with an offset, e.g. 2026-11-23T15:00:00Z"));
		}
		return instant;
	}

	private Map<String, String> metadata(int index, @Nullable Map<String, @Nullable Object> given,
			List<FieldError> errors) {
		if (given == null || given.isEmpty()) {
			return Map.of();
		}
		Map<String, String> metadata = new LinkedHashMap<>();
		boolean valid = true;
		for (Map.Entry<String, @Nullable Object> entry : given.entrySet()) {
			String key = entry.getKey();
			String field = "metadata." + printable(key);
			if (!isHeaderToken(key)) {
				errors.add(FieldError.ofRecipient(index, field,
						"key must be 1-64 header-safe characters (letters, digits and !#$%&'*+.^_`|~-)"));
				valid = false;
			}
			else if (!(entry.getValue() instanceof String value)) {
				errors.add(FieldError.ofRecipient(index, field, "value must be a string"));
				valid = false;
			}
			else if (Text.hasControlCharacter(value)) {
				errors.add(FieldError.ofRecipient(index, field,
						"value must not contain CR, LF or other control characters"));
				valid = false;
			}
			else {
				metadata.put(key, value);
			}
		}
		return valid ? metadata : Map.of();
	}

	/** RFC 9110 token: metadata keys travel as SIP header names. */
	static boolean isHeaderToken(String key) {
		if (key.isEmpty() || key.length() > 64) {
			return false;
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$%&'*+.^_`|~-".indexOf(c) >= 0;
			if (!token) {
				return false;
			}
		}
		return true;
	}

	static int base64Length(int bytes) {
		return 4 * ((bytes + 2) / 3);
	}

	/** A key as it may be echoed in an error: control characters made visible, length bounded. */
	private static String printable(String key) {
		StringBuilder out = new StringBuilder();
		key.codePoints().limit(64).forEach(c -> {
			if (c < 0x20 || c == 0x7f) {
				out.append(String.format("\\u%04x", c));
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return out.toString();
	}

}
