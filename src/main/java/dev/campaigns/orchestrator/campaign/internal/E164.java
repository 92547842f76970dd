package dev.campaigns.orchestrator.campaign.internal;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.jspecify.annotations.Nullable;

/**
 * Reads a number already in plain E.164 ({@code +} and 8 to 15 digits) without
 * libphonenumber's general parser, which costs about 8 µs a number and dominates ingest.
 * Only a number valid as read is used; anything else goes through the full parser, so both
 * paths accept exactly the same numbers ({@code E164Tests} checks every region's examples).
 */
final class E164 {

	private E164() {
	}

	static @Nullable PhoneNumber read(String raw, PhoneNumberUtil phones) {
		int length = raw.length();
		if (length < 9 || length > 16 || raw.charAt(0) != '+' || raw.charAt(1) == '0') {
			return null;
		}
		for (int i = 1; i < length; i++) {
			char c = raw.charAt(i);
			if (c < '0' || c > '9') {
				return null;
			}
		}
		for (int digits = 1; digits <= 3; digits++) {
			int countryCode = Integer.parseInt(raw, 1, 1 + digits, 10);
			if ("ZZ".equals(phones.getRegionCodeForCountryCode(countryCode))) {
				continue; // not a country calling code: try a longer one
			}
			if (raw.charAt(1 + digits) == '0') {
				// a leading zero may be a national prefix the full parser strips
				return null;
			}
			return new PhoneNumber().setCountryCode(countryCode)
				.setNationalNumber(Long.parseLong(raw, 1 + digits, length, 10));
		}
		return null;
	}

}
