package dev.campaigns.orchestrator.campaign.internal;

import java.util.ArrayList;
import java.util.List;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class E164Tests {

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	@Test
	void readsEveryRegionsExampleNumbersAsTheFullParserDoes() throws Exception {
		List<String> examples = new ArrayList<>();
		for (String region : phones.getSupportedRegions()) {
			for (PhoneNumberType type : PhoneNumberType.values()) {
				PhoneNumber example = phones.getExampleNumberForType(region, type);
				if (example != null) {
					examples.add(phones.format(example, PhoneNumberFormat.E164));
				}
			}
		}
		for (int code : phones.getSupportedGlobalNetworkCallingCodes()) {
			PhoneNumber example = phones.getExampleNumberForNonGeoEntity(code);
			if (example != null) {
				examples.add(phones.format(example, PhoneNumberFormat.E164));
			}
		}
		int readFast = 0;
		for (String e164 : examples) {
			PhoneNumber fast = E164.read(e164, phones);
			if (fast != null && phones.isValidNumber(fast)) {
				readFast++;
				PhoneNumber parsed = phones.parse(e164, "ZZ");
				assertThat(fast).as(e164).isEqualTo(parsed);
				assertThat(phones.format(fast, PhoneNumberFormat.E164)).isEqualTo(e164);
			}
		}
		assertThat(examples).hasSizeGreaterThan(1000);
		assertThat(readFast).isGreaterThan(examples.size() * 8 / 10);
	}

	@Test
	void leavesAnythingButPlainE164ToTheFullParser() {
		assertThat(E164.read("+44 20 7946 0123", phones)).isNull();
		assertThat(E164.read("02079460123", phones)).isNull();
		assertThat(E164.read("+4402079460123", phones)).isNull();
		assertThat(E164.read("+1415555012x", phones)).isNull();
		assertThat(E164.read("+1234", phones)).isNull();
	}

}
