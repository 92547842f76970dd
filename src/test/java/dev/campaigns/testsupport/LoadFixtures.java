package dev.campaigns.testsupport;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * What the benchmarks and the reliability suite dial: London numbers, and a calling window
 * that is open now.
 */
public final class LoadFixtures {

	private LoadFixtures() {
	}

	/**
	 * The {@code n}th London number, +44 20 7xxx xxxx in E.164 (0 to 9,999,999): one zone, no
	 * calling-hour floor, valid for libphonenumber.
	 */
	public static String londonNumber(long n) {
		if (n < 0 || n > 9_999_999) {
			throw new IllegalArgumentException("London numbers run from 0 to 9,999,999: " + n);
		}
		return String.format(Locale.ROOT, "+44207%07d", n);
	}

	/** A calling window as JSON: 00:00–23:59 all week, or across midnight when London's clock is near its end. */
	public static String windowOpenNow() {
		LocalTime london = LocalTime.now(ZoneId.of("Europe/London"));
		boolean nearMidnight = london.getHour() == 23 || london.getHour() == 0;
		return "{\"start\":\"" + (nearMidnight ? "12:00" : "00:00") + "\",\"end\":\"" + (nearMidnight ? "11:59" : "23:59")
				+ "\",\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\",\"SAT\",\"SUN\"]}";
	}

}
