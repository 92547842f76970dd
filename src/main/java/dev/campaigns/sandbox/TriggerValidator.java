package dev.campaigns.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a trigger body as the PolyAI docs describe: an E.164 number, or a national number
 * with its {@code country_code}; string-only metadata whose base64 form is under 26 KB; a
 * known encryption mode; and for the agents API a known environment. Unknown fields are
 * ignored.
 */
final class TriggerValidator {

	/** The docs' limit on the base64 form of the metadata JSON: it must be less than 26 KB. */
	static final int METADATA_BASE64_LIMIT = 26 * 1024;

	private static final Pattern E164 = Pattern.compile("\\+\\d{8,15}");

	private final JsonMapper json;

	private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();

	TriggerValidator(JsonMapper json) {
		this.json = json;
	}

	/** The call {@code body} asks for in {@code dialect}, or why it is refused (always 400). */
	TriggerCheck check(Dialect dialect, @Nullable String body) {
		try {
			return request(dialect, body);
		}
		catch (Refused refused) {
			return refused.rejection;
		}
	}

	private CallRequest request(Dialect dialect, @Nullable String body) {
		JsonNode root = parseObject(body);
		Dialect.BodyFields fields = dialect.fields();
		String toNumber = requiredString(root, fields.toNumber());
		String countryCode = optionalString(root, fields.countryCode());
		String dialledNumber = dialledNumber(fields, toNumber, countryCode);
		String encryption = optionalString(root, fields.encryption());
		if (encryption == null) {
			encryption = dialect.defaultEncryption();
		}
		else if (!dialect.encryptions().contains(encryption)) {
			throw new Refused("invalid_encryption", fields.encryption() + " '" + encryption + "' is not one of "
					+ String.join(", ", dialect.encryptions()));
		}
		String environment = null;
		String variantId = null;
		if (dialect.requiresEnvironment()) {
			environment = requiredString(root, "environment");
			if (!Dialect.AGENT_ENVIRONMENTS.contains(environment)) {
				throw new Refused("invalid_environment", "environment '" + environment + "' is not one of "
						+ String.join(", ", Dialect.AGENT_ENVIRONMENTS));
			}
			variantId = optionalString(root, "variantId");
		}
		Map<String, String> metadata = metadata(root.get(fields.metadata()), fields.metadata());
		return new CallRequest(toNumber, countryCode, dialledNumber, metadata, encryption, environment, variantId);
	}

	private JsonNode parseObject(@Nullable String body) {
		if (body == null || body.isBlank()) {
			throw new Refused("invalid_json", "the request body must be a JSON object");
		}
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new Refused("invalid_json", "the request body is not valid JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw new Refused("invalid_json", "the request body must be a JSON object");
		}
		return root;
	}

	/**
	 * The number in E.164: without a country code it must already be E.164; with one it must
	 * parse as a number of that region.
	 */
	private String dialledNumber(Dialect.BodyFields fields, String toNumber, @Nullable String countryCode) {
		String region;
		if (countryCode == null) {
			if (!E164.matcher(toNumber).matches()) {
				throw new Refused("invalid_phone_number", fields.toNumber() + " '" + toNumber
						+ "' is not in E.164 format (+ and 8 to 15 digits); pass " + fields.countryCode()
						+ " with a national number");
			}
			// "ZZ" is libphonenumber's unknown region: the number must carry its own country code
			region = "ZZ";
		}
		else {
			region = countryCode.toUpperCase(Locale.ROOT);
			if (!phoneNumbers.getSupportedRegions().contains(region)) {
				throw new Refused("invalid_country_code", fields.countryCode() + " '" + countryCode
						+ "' is not the ISO 3166-1 alpha-2 code of a region with phone numbers");
			}
		}
		PhoneNumber parsed;
		try {
			parsed = phoneNumbers.parse(toNumber, region);
		}
		catch (NumberParseException ex) {
			throw new Refused("invalid_phone_number",
					fields.toNumber() + " '" + toNumber + "' cannot be parsed: " + ex.getMessage());
		}
		// a number only diallable from inside its own area (IS_POSSIBLE_LOCAL_ONLY) cannot be
		// called from the platform, so only a fully possible number passes
		ValidationResult possibility = phoneNumbers.isPossibleNumberWithReason(parsed);
		if (possibility != ValidationResult.IS_POSSIBLE) {
			throw new Refused("invalid_phone_number", fields.toNumber() + " '" + toNumber
					+ "' is not a possible phone number" + ((countryCode != null) ? " in " + region : "") + " ("
					+ possibility.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
		}
		return phoneNumbers.format(parsed, PhoneNumberFormat.E164);
	}

	/** The metadata as string pairs in the client's order. */
	private Map<String, String> metadata(@Nullable JsonNode node, String name) {
		if (node == null || node.isNull()) {
			return Collections.emptyMap();
		}
		if (!node.isObject()) {
			throw new Refused("invalid_metadata", name + " must be a JSON object of string values, not " + kindOf(node));
		}
		Map<String, String> strings = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			if (!entry.getValue().isString()) {
				throw new Refused("invalid_metadata", name + " value of '" + entry.getKey()
						+ "' must be a string, not " + kindOf(entry.getValue()));
			}
			strings.put(entry.getKey(), entry.getValue().stringValue());
		}
		int base64Length = metadataBase64Length(node);
		if (base64Length >= METADATA_BASE64_LIMIT) {
			throw new Refused("metadata_too_large", name + " is " + base64Length
					+ " bytes in base64; it must be less than " + METADATA_BASE64_LIMIT + " (26 KB)");
		}
		return Collections.unmodifiableMap(strings);
	}

	/**
	 * The length of the base64 form of the metadata as compact UTF-8 JSON, which is how the
	 * metadata travels on: padded base64 turns every started 3 bytes into 4 characters.
	 */
	private int metadataBase64Length(JsonNode metadata) {
		int jsonBytes = json.writeValueAsString(metadata).getBytes(StandardCharsets.UTF_8).length;
		return 4 * ((jsonBytes + 2) / 3);
	}

	private static String requiredString(JsonNode root, String name) {
		String value = optionalString(root, name);
		if (value == null) {
			throw new Refused("missing_field", name + " is required");
		}
		return value;
	}

	/** A string field's value; absent and JSON null both mean "not given". */
	private static @Nullable String optionalString(JsonNode root, String name) {
		JsonNode node = root.get(name);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString()) {
			throw new Refused("invalid_field", name + " must be a string, not " + kindOf(node));
		}
		return node.stringValue();
	}

	private static String kindOf(JsonNode node) {
		return node.getNodeType().name().toLowerCase(Locale.ROOT);
	}

	/** Unwinds a check at the first problem; never leaves this class. */
	private static final class Refused extends RuntimeException {

		private final Rejection rejection;

		Refused(String error, String message) {
			super(message, null, false, false);
			this.rejection = Rejection.badRequest(error, message);
		}

	}

}
