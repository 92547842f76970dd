package dev.campaigns.orchestrator.campaign.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.campaign.RecipientDraft;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientValidationTests {

	private final RecipientValidation validation = new RecipientValidation(JsonMapper.builder().build());

	private final List<FieldError> errors = new ArrayList<>();

	@Test
	void normalisesAnE164NumberAndFindsItsZone() {
		ValidRecipient recipient = validate(draft("+44 20 7946 0123"));

		assertThat(errors).isEmpty();
		assertThat(recipient.phoneNumber()).isEqualTo("+442079460123");
		assertThat(recipient.zones()).contains(ZoneId.of("Europe/London"));
	}

	@Test
	void acceptsANationalNumberWithItsCountryCode() {
		ValidRecipient recipient = validate(new RecipientDraft("(415) 555-0123", "us", null, null, null, null, null));

		assertThat(errors).isEmpty();
		assertThat(recipient.phoneNumber()).isEqualTo("+14155550123");
		assertThat(recipient.countryCode()).isEqualTo("US");
		assertThat(recipient.zones()).containsExactly(ZoneId.of("America/Los_Angeles"));
	}

	@Test
	void aNationalNumberWithoutCountryCodeIsRejected() {
		validate(draft("020 7946 0123"));

		assertThat(errors).containsExactly(FieldError.ofRecipient(7, "phoneNumber",
				"must be in E.164 format (+ and country code), or come with a countryCode"));
	}

	@Test
	void numbersOutsideTheNumberingPlanAreRejected() {
		validate(draft("+447700900123"));
		validate(draft("+1415"));
		validate(draft("not a number"));

		assertThat(errors).extracting(FieldError::field).containsOnly("phoneNumber");
		assertThat(errors).hasSize(3);
	}

	@Test
	void anUnknownCountryCodeIsNamed() {
		validate(new RecipientDraft("4155550123", "XX", null, null, null, null, null));

		assertThat(errors).extracting(FieldError::field).containsExactly("countryCode");
	}

	@Test
	void anExplicitZoneWinsAndMustBeIana() {
		ValidRecipient recipient = validate(
				new RecipientDraft("+14155550123", null, "America/New_York", null, null, null, null));
		assertThat(recipient.zones()).containsExactly(ZoneId.of("America/New_York"));

		validate(new RecipientDraft("+14155550123", null, "PST", null, null, null, null));
		validate(new RecipientDraft("+14155550123", null, "Mars/Olympus_Mons", null, null, null, null));
		assertThat(errors).extracting(FieldError::field).containsExactly("timeZone", "timeZone");
	}

	@Test
	void metadataValuesMustBeStrings() {
		Map<String, Object> metadata = new HashMap<>();
		metadata.put("age", 42);
		metadata.put("vip", true);
		metadata.put("nested", Map.of("a", "b"));
		metadata.put("missing", null);
		validate(new RecipientDraft("+14155550123", null, null, null, null, null, metadata));

		assertThat(errors).extracting(FieldError::field)
			.containsExactlyInAnyOrder("metadata.age", "metadata.vip", "metadata.nested", "metadata.missing");
		assertThat(errors).extracting(FieldError::reason).containsOnly("value must be a string");
	}

	@Test
	void metadataKeysMustBeHeaderSafeAndValuesFreeOfLineBreaks() {
		validate(new RecipientDraft("+14155550123", null, null, null, null, null,
				Map.of("X-Header\r\nInjected: 1", "v", "good_key", "line1\r\nX-Evil: yes", "tab", "a\tb")));

		assertThat(errors).extracting(FieldError::field)
			.containsExactlyInAnyOrder("metadata.X-Header\\u000d\\u000aInjected: 1", "metadata.good_key",
					"metadata.tab");
	}

	@Test
	void metadataMustStayUnder26KilobytesOfBase64() {
		// {"k":"<v>"} is 8 bytes + v; base64 of 19,966 bytes is 26,624 = 26 KB exactly: one byte too many
		String atLimit = "x".repeat(19_958);
		String below = "x".repeat(19_956);

		validate(new RecipientDraft("+14155550123", null, null, null, null, null, Map.of("k", atLimit)));
		assertThat(errors).extracting(FieldError::field).containsExactly("metadata");

		errors.clear();
		validate(new RecipientDraft("+14155550123", null, null, null, null, null, Map.of("k", below)));
		assertThat(errors).isEmpty();
	}

	@Test
	void timeBoundsMustBeInstantsInOrder() {
		validate(new RecipientDraft("+14155550123", null, null, null, "2026-11-23T15:00:00Z", "2026-11-23T09:00:00Z",
				null));
		validate(new RecipientDraft("+14155550123", null, null, null, "tomorrow", null, null));

		assertThat(errors).extracting(FieldError::field).containsExactly("notAfter", "notBefore");
	}

	@Test
	void offsetsAreAcceptedInTimeBounds() {
		ValidRecipient recipient = validate(new RecipientDraft("+14155550123", null, null, null,
				"2026-11-23T09:00:00+01:00", null, null));

		assertThat(recipient.notBefore()).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
	}

	@Test
	void everyProblemOfARecipientIsListedAtOnce() {
		validate(new RecipientDraft(null, "XX", "Nowhere", "id\n", "x", "y", Map.of("k", 1)));

		assertThat(errors).extracting(FieldError::field)
			.containsExactlyInAnyOrder("countryCode", "phoneNumber", "timeZone", "externalId", "notBefore",
					"notAfter", "metadata.k");
		assertThat(errors).extracting(FieldError::index).containsOnly(7);
	}

	@Test
	void aNumberWithoutAnyZoneNeedsTheCampaignDefault() {
		// +800 is an international freephone code: no geography, so no time zone
		RecipientDraft draft = draft("+80012345678");

		validation.validate(7, draft, rules(null), errors);
		assertThat(errors).extracting(FieldError::field).containsExactly("timeZone");

		errors.clear();
		ValidRecipient recipient = validation.validate(7, draft, rules(ZoneId.of("Europe/Paris")), errors);
		assertThat(errors).isEmpty();
		assertThat(recipient.zones()).containsExactly(ZoneId.of("Europe/Paris"));
	}

	private ValidRecipient validate(RecipientDraft draft) {
		return validation.validate(7, draft, rules(null), errors);
	}

	@Test
	void floridaNumbersCarryTheFederalAndTheFloridaFloor() {
		ValidRecipient florida = validate(draft("+13055550123"));
		ValidRecipient california = validate(draft("+14155550123"));
		ValidRecipient london = validate(draft("+442079460123"));

		assertThat(florida.floors()).extracting(floor -> floor.maxAttemptsPer24Hours()).containsExactly(null, 3);
		assertThat(california.floors()).hasSize(1);
		assertThat(london.floors()).isEmpty();
	}

	@Test
	void aWindowThatNeverMeetsTheLegalHoursIsRejectedAtIngest() {
		CallingWindow late = new CallingWindow(LocalTime.of(21, 30), LocalTime.of(23, 0),
				EnumSet.allOf(DayOfWeek.class), List.of());
		validation.validate(7, draft("+14155550123"), new RecipientRules(null, late, NOW), errors);

		assertThat(errors).singleElement().satisfies(error -> {
			assertThat(error.field()).isEqualTo("timeZone");
			assertThat(error.reason()).contains("never overlaps the legal calling hours").contains("TCPA");
		});
	}

	@Test
	void aNumberSpreadOverZonesWhoseWindowsNeverOverlapIsRejectedAtIngest() {
		// a Russian mobile number may be anywhere from UTC+2 to UTC+12: 09:00-20:00 overlaps
		// for one hour a day in all of them, 09:00-18:00 never does
		ValidRecipient russian = validate(draft("+79161234567"));
		assertThat(errors).isEmpty();
		assertThat(russian.zones()).contains(ZoneId.of("Europe/Moscow"), ZoneId.of("Asia/Kamchatka"));

		CallingWindow office = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(18, 0),
				EnumSet.allOf(DayOfWeek.class), List.of());
		validation.validate(7, draft("+79161234567"), new RecipientRules(null, office, NOW), errors);

		assertThat(errors).singleElement()
			.satisfies(error -> assertThat(error.reason()).contains("never holds in all of the number's time zones")
				.contains("Asia/Kamchatka"));
	}

	@Test
	void anExplicitZoneSettlesAWidelySpreadNumber() {
		CallingWindow office = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(18, 0),
				EnumSet.allOf(DayOfWeek.class), List.of());
		ValidRecipient russian = validation.validate(7,
				new RecipientDraft("+79161234567", null, "Europe/Moscow", null, null, null, null),
				new RecipientRules(null, office, NOW), errors);

		assertThat(errors).isEmpty();
		assertThat(russian.zones()).containsExactly(ZoneId.of("Europe/Moscow"));
	}

	private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	private static RecipientRules rules(ZoneId zone) {
		return new RecipientRules(zone, CallingWindow.DEFAULT, NOW);
	}

	private static RecipientDraft draft(String number) {
		return new RecipientDraft(number, null, null, null, null, null, null);
	}

}
