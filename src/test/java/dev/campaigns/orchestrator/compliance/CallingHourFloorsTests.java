package dev.campaigns.orchestrator.compliance;

import java.util.List;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallingHourFloorsTests {

	private static final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	@Test
	void aFloridaNumberHasTheFederalAndTheStateFloor() {
		assertThat(CallingHourFloors.forE164("+13055550123")).extracting(CallingHourFloor::maxAttemptsPer24Hours)
			.containsExactly(null, 3);
	}

	@Test
	void anotherUsNumberHasTheFederalFloorOnly() {
		assertThat(CallingHourFloors.forE164("+14155550123")).singleElement()
			.satisfies(floor -> assertThat(floor.maxAttemptsPer24Hours()).isNull());
	}

	@Test
	void aNumberOfTheSameCallingCodeInAnotherRegionHasNone() {
		// Toronto shares +1 with the United States: the calling code lets it through, the region does not
		assertThat(CallingHourFloors.forE164("+14165550123")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "+442079460123", "+4915112345678", "+1", "+1abc", "14155550123", "" })
	void numbersNoRuleCoversOrThatDoNotParseHaveNone(String number) {
		assertThat(CallingHourFloors.forE164(number)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "+13055550123", "+14155550123", "+14165550123", "+442079460123", "+12425550123",
			"+8613800138000", "+17865550199" })
	void theShortcutAnswersAsParsingDoes(String number) throws NumberParseException {
		List<CallingHourFloor> parsed = CallingHourFloors.forNumber(phones.parse(number, "ZZ"));

		assertThat(CallingHourFloors.forE164(number)).isEqualTo(parsed);
	}

}
