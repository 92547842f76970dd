package dev.campaigns.sandbox;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxTriggerValidationTests {

	private final TriggerValidator validator = new TriggerValidator(SandboxJson.MAPPER);

	@ParameterizedTest
	@ValueSource(strings = { "+14155552671", "+442071234567", "+4915112345678" })
	void acceptsE164Numbers(String number) {
		CallRequest request = accepted(Dialect.OUTBOUND_CALLING_V1, "{\"to_number\":\"" + number + "\"}");

		assertThat(request.toNumber()).isEqualTo(number);
		assertThat(request.dialledNumber()).isEqualTo(number);
		assertThat(request.countryCode()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "14155552671", "004414155552671", "+1415555", "+1234567890123456", "+44 20 7123 4567",
			"+44abc1234567", "", "   " })
	void refusesNumbersThatAreNotE164WithoutACountryCode(String number) {
		Rejection rejection = rejected(Dialect.OUTBOUND_CALLING_V1, "{\"to_number\":\"" + number + "\"}");

		assertThat(rejection.error()).isEqualTo("invalid_phone_number");
		assertThat(rejection.message()).contains("to_number").contains("E.164");
	}

	@Test
	void refusesE164ShapedNumbersThatNoCountryCouldHave() {
		// the shape is right, but +999 is no country's code
		Rejection rejection = rejected(Dialect.OUTBOUND_CALLING_V1, "{\"to_number\":\"+99912345678\"}");

		assertThat(rejection.error()).isEqualTo("invalid_phone_number");
		assertThat(rejection.status().value()).isEqualTo(400);
	}

	@Test
	void parsesNationalNumbersOfTheGivenCountry() {
		CallRequest london = accepted(Dialect.OUTBOUND_CALLING_V1,
				"{\"to_number\":\"020 7123 4567\",\"country_code\":\"GB\"}");
		CallRequest sanFrancisco = accepted(Dialect.PLATFORM_V1,
				"{\"to_number\":\"(415) 555-2671\",\"country_code\":\"US\"}");
		CallRequest camelCase = accepted(Dialect.AGENTS_V1,
				"{\"toNumber\":\"020 7123 4567\",\"countryCode\":\"GB\",\"environment\":\"live\"}");

		assertThat(london.dialledNumber()).isEqualTo("+442071234567");
		assertThat(london.toNumber()).isEqualTo("020 7123 4567");
		assertThat(london.countryCode()).isEqualTo("GB");
		assertThat(sanFrancisco.dialledNumber()).isEqualTo("+14155552671");
		assertThat(camelCase.dialledNumber()).isEqualTo("+442071234567");
	}

	@Test
	void refusesNationalNumbersThatDoNotParseForTheCountry() {
		Rejection letters = rejected(Dialect.OUTBOUND_CALLING_V1, "{\"to_number\":\"call me\",\"country_code\":\"GB\"}");
		Rejection tooShort = rejected(Dialect.OUTBOUND_CALLING_V1, "{\"to_number\":\"0201\",\"country_code\":\"GB\"}");

		assertThat(letters.error()).isEqualTo("invalid_phone_number");
		assertThat(letters.message()).contains("to_number");
		assertThat(tooShort.error()).isEqualTo("invalid_phone_number");
		assertThat(tooShort.message()).contains("GB");
	}

	@Test
	void refusesCountryCodesThatAreNotRegions() {
		Rejection unknown = rejected(Dialect.OUTBOUND_CALLING_V1, "{\"to_number\":\"02071234567\",\"country_code\":\"XX\"}");
		Rejection agents = rejected(Dialect.AGENTS_V1,
				"{\"toNumber\":\"02071234567\",\"countryCode\":\"Britain\",\"environment\":\"live\"}");

		assertThat(unknown.error()).isEqualTo("invalid_country_code");
		assertThat(unknown.message()).contains("country_code").contains("XX");
		assertThat(agents.message()).contains("countryCode");
	}

	@ParameterizedTest
	@ValueSource(strings = { "42", "true", "{\"nested\":\"object\"}", "null", "[\"a\"]", "1.5" })
	void refusesMetadataValuesThatAreNotStrings(String value) {
		Rejection rejection = rejected(Dialect.OUTBOUND_CALLING_V1,
				"{\"to_number\":\"+14155552671\",\"metadata\":{\"ok\":\"fine\",\"bad\":" + value + "}}");

		assertThat(rejection.error()).isEqualTo("invalid_metadata");
		assertThat(rejection.message()).contains("metadata").contains("'bad'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"a string\"", "[]", "7" })
	void refusesMetadataThatIsNotAnObject(String metadata) {
		Rejection rejection = rejected(Dialect.AGENTS_V1,
				"{\"toNumber\":\"+14155552671\",\"environment\":\"live\",\"metadata\":" + metadata + "}");

		assertThat(rejection.error()).isEqualTo("invalid_metadata");
	}

	@Test
	void keepsStringMetadataInTheClientsOrder() {
		CallRequest request = accepted(Dialect.OUTBOUND_CALLING_V1,
				"{\"to_number\":\"+14155552671\",\"metadata\":{\"z\":\"1\",\"a\":\"Zoë\",\"m\":\"\"}}");

		assertThat(request.metadata()).containsExactly(Map.entry("z", "1"), Map.entry("a", "Zoë"), Map.entry("m", ""));
	}

	@Test
	void acceptsMetadataJustUnder26KbOfBase64AndRefusesItAtTheLimit() {
		// {"k":"…"} is the value's length + 8 bytes; 19 965 bytes are 26 620 base64 characters,
		// one more byte makes 26 624 = 26 KB, which is not "less than 26 KB"
		String largest = metadataOfJsonLength(19_965);
		String tooLarge = metadataOfJsonLength(19_966);

		assertThat(accepted(Dialect.OUTBOUND_CALLING_V1, "{\"to_number\":\"+14155552671\",\"metadata\":" + largest + "}")
			.metadata()).hasSize(1);
		Rejection rejection = rejected(Dialect.OUTBOUND_CALLING_V1,
				"{\"to_number\":\"+14155552671\",\"metadata\":" + tooLarge + "}");
		assertThat(rejection.error()).isEqualTo("metadata_too_large");
		assertThat(rejection.message()).contains("26624");
	}

	@Test
	void countsMetadataSizeInUtf8Bytes() {
		// 9 987 characters of JSON, far under the limit if characters were counted, but
		// 19 966 bytes in UTF-8: one byte over
		String twoByteValue = "é".repeat(9_979);
		String json = "{\"k\":\"" + twoByteValue + "\"}";

		Rejection rejection = rejected(Dialect.OUTBOUND_CALLING_V1,
				"{\"to_number\":\"+14155552671\",\"metadata\":" + json + "}");
		assertThat(rejection.error()).isEqualTo("metadata_too_large");
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLS/SRTP", "TLS/RTP", "UDP/SRTP", "UDP/RTP" })
	void snakeCaseDialectsAcceptTheirEncryptionModes(String encryption) {
		String body = "{\"to_number\":\"+14155552671\",\"encryption\":\"" + encryption + "\"}";

		assertThat(accepted(Dialect.OUTBOUND_CALLING_V1, body).encryption()).isEqualTo(encryption);
		assertThat(accepted(Dialect.PLATFORM_V1, body).encryption()).isEqualTo(encryption);
	}

	@ParameterizedTest
	@ValueSource(strings = { "tls_srtp", "tls_rtp", "udp_srtp", "udp_rtp" })
	void theAgentsDialectAcceptsItsEncryptionModes(String encryption) {
		String body = "{\"toNumber\":\"+14155552671\",\"environment\":\"live\",\"encryption\":\"" + encryption + "\"}";

		assertThat(accepted(Dialect.AGENTS_V1, body).encryption()).isEqualTo(encryption);
	}

	@Test
	void eachDialectRefusesTheOthersSpellingOfEncryption() {
		Rejection v1 = rejected(Dialect.OUTBOUND_CALLING_V1, "{\"to_number\":\"+14155552671\",\"encryption\":\"tls_srtp\"}");
		Rejection platform = rejected(Dialect.PLATFORM_V1, "{\"to_number\":\"+14155552671\",\"encryption\":\"tls/srtp\"}");
		Rejection agents = rejected(Dialect.AGENTS_V1,
				"{\"toNumber\":\"+14155552671\",\"environment\":\"live\",\"encryption\":\"TLS/SRTP\"}");

		assertThat(v1.error()).isEqualTo("invalid_encryption");
		assertThat(v1.message()).contains("TLS/SRTP, TLS/RTP, UDP/SRTP, UDP/RTP");
		assertThat(platform.error()).isEqualTo("invalid_encryption");
		assertThat(agents.error()).isEqualTo("invalid_encryption");
		assertThat(agents.message()).contains("tls_srtp");
	}

	@Test
	void encryptionDefaultsPerDialect() {
		assertThat(accepted(Dialect.OUTBOUND_CALLING_V1, "{\"to_number\":\"+14155552671\"}").encryption())
			.isEqualTo("TLS/SRTP");
		assertThat(accepted(Dialect.PLATFORM_V1, "{\"to_number\":\"+14155552671\",\"encryption\":null}").encryption())
			.isEqualTo("TLS/SRTP");
		assertThat(accepted(Dialect.AGENTS_V1, "{\"toNumber\":\"+14155552671\",\"environment\":\"live\"}").encryption())
			.isEqualTo("tls_srtp");
	}

	@Test
	void theAgentsDialectNeedsAKnownEnvironment() {
		Rejection missing = rejected(Dialect.AGENTS_V1, "{\"toNumber\":\"+14155552671\"}");
		Rejection unknown = rejected(Dialect.AGENTS_V1, "{\"toNumber\":\"+14155552671\",\"environment\":\"prod\"}");
		CallRequest preRelease = accepted(Dialect.AGENTS_V1,
				"{\"toNumber\":\"+14155552671\",\"environment\":\"pre-release\",\"variantId\":\"v2\"}");

		assertThat(missing.error()).isEqualTo("missing_field");
		assertThat(missing.message()).isEqualTo("environment is required");
		assertThat(unknown.error()).isEqualTo("invalid_environment");
		assertThat(preRelease.environment()).isEqualTo("pre-release");
		assertThat(preRelease.variantId()).isEqualTo("v2");
	}

	@Test
	void namesTheMissingNumberFieldAsTheDialectSpellsIt() {
		assertThat(rejected(Dialect.OUTBOUND_CALLING_V1, "{\"toNumber\":\"+14155552671\"}").message())
			.isEqualTo("to_number is required");
		assertThat(rejected(Dialect.AGENTS_V1, "{\"to_number\":\"+14155552671\",\"environment\":\"live\"}").message())
			.isEqualTo("toNumber is required");
	}

	@Test
	void refusesFieldsOfTheWrongType() {
		Rejection numeric = rejected(Dialect.OUTBOUND_CALLING_V1, "{\"to_number\":14155552671}");

		assertThat(numeric.error()).isEqualTo("invalid_field");
		assertThat(numeric.message()).contains("to_number").contains("string");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "{\"to_number\":", "[\"+14155552671\"]", "\"+14155552671\"" })
	void refusesBodiesThatAreNotAJsonObject(String body) {
		Rejection rejection = rejected(Dialect.PLATFORM_V1, body);

		assertThat(rejection.error()).isEqualTo("invalid_json");
		assertThat(rejection.status().value()).isEqualTo(400);
	}

	@Test
	void refusesAMissingBody() {
		assertThat(validator.check(Dialect.OUTBOUND_CALLING_V1, null)).isInstanceOf(Rejection.class);
	}

	private CallRequest accepted(Dialect dialect, String body) {
		TriggerCheck check = validator.check(dialect, body);
		assertThat(check).as("check of %s", body).isInstanceOf(CallRequest.class);
		return (CallRequest) check;
	}

	private Rejection rejected(Dialect dialect, String body) {
		TriggerCheck check = validator.check(dialect, body);
		assertThat(check).as("check of %s", body).isInstanceOf(Rejection.class);
		return (Rejection) check;
	}

	private static String metadataOfJsonLength(int jsonLength) {
		return "{\"k\":\"" + "x".repeat(jsonLength - 8) + "\"}";
	}

}
