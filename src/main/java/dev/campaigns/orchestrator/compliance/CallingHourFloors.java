package dev.campaigns.orchestrator.compliance;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.campaigns.orchestrator.schedule.CallingWindow;

/**
 * The regional calling-hour floors, as data in one place (README "Calling-hour floors"). To
 * add a region, add a {@link Rule}: which numbers it covers and its floor.
 */
public final class CallingHourFloors {

	/** A floor and the numbers it applies to. */
	record Rule(String region, Set<String> areaCodes, CallingHourFloor floor) {

		boolean covers(String regionCode, String nationalNumber) {
			return region.equals(regionCode)
					&& (areaCodes.isEmpty() || areaCodes.contains(nationalNumber.substring(0, Math.min(3, nationalNumber.length()))));
		}

	}

	private static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);

	/** Florida's area codes (Florida Telephone Solicitation Act, s. 501.059). */
	static final Set<String> FLORIDA_AREA_CODES = Set.of("239", "305", "321", "324", "352", "386", "407", "448",
			"561", "645", "656", "689", "727", "728", "754", "772", "786", "813", "850", "863", "904", "941", "954");

	static final List<Rule> RULES = List.of(
			new Rule("US", Set.of(), new CallingHourFloor("US federal (TCPA, 47 CFR 64.1200(c)(1)): 08:00-21:00 local",
					window(8, 21), null)),
			new Rule("US", FLORIDA_AREA_CODES, new CallingHourFloor(
					"Florida (s. 501.059(8)(a)): 08:00-20:00 local, at most 3 calls per 24 hours", window(8, 20), 3)));

	private static final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	/** The calling codes any rule covers, so other numbers cost no region lookup. */
	private static final Set<Integer> COUNTRY_CODES = RULES.stream()
		.map(rule -> phones.getCountryCodeForRegion(rule.region()))
		.collect(java.util.stream.Collectors.toUnmodifiableSet());

	/**
	 * The start of every number a rule may cover, "+" and calling code: calling codes are a prefix
	 * code, so a number in E.164 form that starts with none of them has no floor.
	 */
	private static final List<String> PREFIXES = COUNTRY_CODES.stream().map(code -> "+" + code).toList();

	private CallingHourFloors() {
	}

	/**
	 * Every floor that applies to a stored number in E.164 form; empty where no rule is known or
	 * the number does not parse. A number no rule's calling code starts is not parsed at all (the
	 * dispatcher asks this for every recipient it claims).
	 */
	public static List<CallingHourFloor> forE164(String e164) {
		if (PREFIXES.stream().noneMatch(e164::startsWith)) {
			return List.of();
		}
		try {
			return forNumber(phones.parse(e164, "ZZ"));
		}
		catch (NumberParseException ex) {
			return List.of();
		}
	}

	/** Every floor that applies to the number; empty where no rule is known. */
	public static List<CallingHourFloor> forNumber(PhoneNumber number) {
		if (!COUNTRY_CODES.contains(number.getCountryCode())) {
			return List.of();
		}
		String region = phones.getRegionCodeForNumber(number);
		String national = phones.getNationalSignificantNumber(number);
		List<CallingHourFloor> floors = new ArrayList<>(2);
		for (Rule rule : RULES) {
			if (rule.covers(region, national)) {
				floors.add(rule.floor());
			}
		}
		return floors;
	}

	/** The floors' windows, to intersect with a campaign's window. */
	public static List<CallingWindow> windows(List<CallingHourFloor> floors) {
		return floors.stream().map(CallingHourFloor::window).toList();
	}

	private static CallingWindow window(int fromHour, int toHour) {
		return new CallingWindow(LocalTime.of(fromHour, 0), LocalTime.of(toHour, 0), EVERY_DAY, List.of());
	}

}
