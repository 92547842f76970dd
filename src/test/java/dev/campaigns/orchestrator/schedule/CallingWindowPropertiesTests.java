package dev.campaigns.orchestrator.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Openings computed by {@link CallingWindow#nextOpening} and {@link CallTimes} checked against
 * an independent wall-clock oracle, over zones rich in DST rules and odd offsets and instants
 * around their real transitions. The oracle restates the contract directly: an instant is
 * open in a zone iff its local time there lies in [start, end) of an allowed local date, a
 * window crossing midnight belonging to the date it starts on. Since every offset and every
 * transition of these zones since 2011 falls on a whole minute, openness can only change on
 * minute-aligned instants, so checking the input and each minute after it is exhaustive.
 */
class CallingWindowPropertiesTests {

	static final List<ZoneId> ZONES = List.of("America/New_York", "America/Chicago", "America/Los_Angeles",
			"America/St_Johns", "America/Sao_Paulo", "Europe/London", "Europe/Berlin", "Europe/Moscow",
			"Asia/Kathmandu", "Asia/Kolkata", "Asia/Tehran", "Australia/Lord_Howe", "Australia/Adelaide",
			"Pacific/Chatham", "Pacific/Apia", "Africa/Casablanca", "UTC")
		.stream()
		.map(ZoneId::of)
		.collect(Collectors.toUnmodifiableList());

	/** How far the brute-force oracle scans, minute by minute. */
	static final Duration SCAN = Duration.ofDays(10);

	private static final String PARTIALLY_CHECKED = "partially checked (opening > 10 days away)";

	private static final long FIRST_SECOND = Instant.parse("2011-01-01T00:00:00Z").getEpochSecond();

	private static final long LAST_SECOND = Instant.parse("2030-12-31T23:59:59Z").getEpochSecond();

	private static final long SAMOA_WEEK_START = Instant.parse("2011-12-26T00:00:00Z").getEpochSecond();

	private static final long SAMOA_WEEK_END = Instant.parse("2012-01-02T00:00:00Z").getEpochSecond();

	private static final Instant TRANSITIONS_SINCE = Instant.parse("2011-01-01T00:00:00Z");

	private static final Instant TRANSITIONS_UNTIL = Instant.parse("2031-01-01T00:00:00Z");

	// ---------------------------------------------------------------------------------------
	// properties

	@Property(tries = 3000)
	void aWindowOpensAtTheFirstInstantItsWallClockIsInside(@ForAll("oneZoneOneWindow") Scenario scenario) {
		ZoneId zone = scenario.zones().get(0);
		WindowSpec spec = scenario.windows().get(0);

		Optional<Instant> opening = spec.toWindow().nextOpening(zone, scenario.from());

		checkFirstOpening(scenario, scenario.from(), opening);
	}

	@Property(tries = 3000)
	void callTimesOpenAtTheFirstInstantEveryWindowHoldsInEveryZone(
			@ForAll("severalZonesAndWindows") Scenario scenario) {
		Optional<Instant> opening = CallTimes.nextOpening(scenario.callingWindows(), scenario.zones(),
				scenario.from());

		checkFirstOpening(scenario, scenario.from(), opening);
	}

	@Property(tries = 1000)
	void nextEligibleAtIsTheFirstOpeningFromNotBeforeStrictlyBeforeTheDeadline(
			@ForAll("severalZonesAndWindows") Scenario scenario, @ForAll("hoursAround") int notBeforeHours,
			@ForAll("hoursAround") int deadlineHours, @ForAll boolean withNotBefore, @ForAll boolean withDeadline) {
		Instant from = scenario.from();
		Instant notBefore = withNotBefore ? from.plus(Duration.ofHours(notBeforeHours)) : null;
		Instant deadline = withDeadline ? from.plus(Duration.ofHours(deadlineHours + 72)) : null;

		Optional<Instant> eligible = CallTimes.nextEligibleAt(scenario.callingWindows(), scenario.zones(), from,
				notBefore, deadline);

		Instant earliest = notBefore != null && notBefore.isAfter(from) ? notBefore : from;
		if (eligible.isPresent()) {
			Instant at = eligible.get();
			assertThat(at).isAfterOrEqualTo(from);
			if (notBefore != null) {
				assertThat(at).isAfterOrEqualTo(notBefore);
			}
			if (deadline != null) {
				assertThat(at).isBefore(deadline);
			}
			assertThat(Oracle.openInAll(scenario.windows(), scenario.zones(), at)).as("open at %s", at).isTrue();
			assertNoOpenInstant(scenario, earliest, min(at, earliest.plus(SCAN)));
			Statistics.label("eligible").collect("found");
		}
		else {
			Instant until = deadline != null ? min(deadline, earliest.plus(SCAN)) : earliest.plus(SCAN);
			assertNoOpenInstant(scenario, earliest, until);
			Statistics.label("eligible").collect(deadline != null ? "empty (deadline)" : "empty (no deadline)");
		}
	}

	@Property(tries = 5000)
	void isOpenAgreesWithTheWallClock(@ForAll("severalZonesAndWindows") Scenario scenario) {
		for (WindowSpec spec : scenario.windows()) {
			CallingWindow window = spec.toWindow();
			for (ZoneId zone : scenario.zones()) {
				assertThat(window.isOpen(zone, scenario.from()))
					.as("%s in %s at %s (%s)", spec, zone, scenario.from(),
							LocalDateTime.ofInstant(scenario.from(), zone))
					.isEqualTo(Oracle.open(spec, zone, scenario.from()));
			}
		}
	}

	/**
	 * (a) the opening is inside every window in every zone, (b) it is not before the input,
	 * (c) no earlier instant is open, (d) when there is none the oracle finds none either.
	 */
	private static void checkFirstOpening(Scenario scenario, Instant from, Optional<Instant> opening) {
		Statistics.label("instant").collect(scenario.kind());
		// most cases must be brute-forced all the way to the opening
		Statistics.label("brute force")
			.coverage((coverage) -> coverage.check(PARTIALLY_CHECKED).percentage((percent) -> percent <= 5.0));
		if (opening.isEmpty()) {
			assertNoOpenInstant(scenario, from, from.plus(SCAN));
			Statistics.label("brute force").collect("empty, 10 days spot-checked");
			return;
		}
		Instant at = opening.get();
		assertThat(Oracle.openInAll(scenario.windows(), scenario.zones(), at)).as("open at %s", at).isTrue();
		assertThat(at).isAfterOrEqualTo(from);
		if (!at.equals(from)) {
			// openness only changes on whole minutes in these zones
			assertThat(at.truncatedTo(ChronoUnit.MINUTES)).as("minute-aligned opening").isEqualTo(at);
		}
		Instant scanEnd = from.plus(SCAN);
		assertNoOpenInstant(scenario, from, min(at, scanEnd));
		Statistics.label("brute force").collect(at.isAfter(scanEnd) ? PARTIALLY_CHECKED : "fully checked");
	}

	/** The input and every whole minute in [from, until) are closed in some zone. */
	private static void assertNoOpenInstant(Scenario scenario, Instant from, Instant until) {
		if (!from.isBefore(until)) {
			return;
		}
		Instant open = Oracle.firstOpen(scenario.windows(), scenario.zones(), from, until);
		assertThat(open).as("an earlier open instant in [%s, %s)", from, until).isNull();
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	// ---------------------------------------------------------------------------------------
	// oracle

	static final class Oracle {

		private Oracle() {
		}

		static boolean open(WindowSpec window, ZoneId zone, Instant instant) {
			LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
			LocalDate date = local.toLocalDate();
			LocalTime time = local.toLocalTime();
			if (window.start().isBefore(window.end())) {
				return window.allows(date) && !time.isBefore(window.start()) && time.isBefore(window.end());
			}
			// crossing midnight: [start, 24:00) of this date, [00:00, end) of the date before
			if (!time.isBefore(window.start())) {
				return window.allows(date);
			}
			return time.isBefore(window.end()) && window.allows(date.minusDays(1));
		}

		static boolean openInAll(List<WindowSpec> windows, List<ZoneId> zones, Instant instant) {
			for (WindowSpec window : windows) {
				for (ZoneId zone : zones) {
					if (!open(window, zone, instant)) {
						return false;
					}
				}
			}
			return true;
		}

		/** {@code from} itself, then each minute-aligned instant after it before {@code until}. */
		static @Nullable Instant firstOpen(List<WindowSpec> windows, List<ZoneId> zones, Instant from,
				Instant until) {
			if (openInAll(windows, zones, from)) {
				return from;
			}
			Instant minute = from.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
			while (minute.isBefore(until)) {
				if (openInAll(windows, zones, minute)) {
					return minute;
				}
				minute = minute.plusSeconds(60);
			}
			return null;
		}

	}

	// ---------------------------------------------------------------------------------------
	// generators

	record WindowSpec(LocalTime start, LocalTime end, Set<DayOfWeek> days, List<LocalDate> blackouts) {

		boolean allows(LocalDate date) {
			return this.days.contains(date.getDayOfWeek()) && !this.blackouts.contains(date);
		}

		CallingWindow toWindow() {
			return new CallingWindow(this.start, this.end, this.days, this.blackouts);
		}

	}

	record Scenario(List<ZoneId> zones, List<WindowSpec> windows, Instant from, String kind) {

		List<CallingWindow> callingWindows() {
			return this.windows.stream().map(WindowSpec::toWindow).collect(Collectors.toUnmodifiableList());
		}

	}

	/** A window before its blackout dates are placed near the instant. */
	record WindowShape(int startQuarter, int endQuarter, Set<DayOfWeek> days, List<Integer> blackoutDayOffsets) {

		WindowSpec near(LocalDate date) {
			List<LocalDate> blackouts = new ArrayList<>();
			for (int offset : this.blackoutDayOffsets) {
				blackouts.add(date.plusDays(offset));
			}
			return new WindowSpec(quarter(this.startQuarter), quarter(this.endQuarter), EnumSet.copyOf(this.days),
					List.copyOf(blackouts));
		}

		private static LocalTime quarter(int quarter) {
			return LocalTime.MIDNIGHT.plusMinutes(15L * quarter);
		}

	}

	@Provide
	Arbitrary<Scenario> oneZoneOneWindow() {
		return scenarios(1, 1);
	}

	@Provide
	Arbitrary<Scenario> severalZonesAndWindows() {
		return scenarios(3, 2);
	}

	@Provide
	Arbitrary<Integer> hoursAround() {
		return Arbitraries.integers().between(-48, 72);
	}

	private static Arbitrary<Scenario> scenarios(int maxZones, int maxWindows) {
		Arbitrary<List<ZoneId>> zones = Arbitraries.of(ZONES).list().ofMinSize(1).ofMaxSize(maxZones).uniqueElements();
		Arbitrary<List<WindowShape>> windows = windowShapes().list().ofMinSize(1).ofMaxSize(maxWindows);
		// now and then the week Samoa skipped 30 December 2011 by jumping the date line
		Arbitrary<Long> base = Arbitraries.frequencyOf(
				Tuple.of(19, Arbitraries.longs().between(FIRST_SECOND, LAST_SECOND)),
				Tuple.of(1, Arbitraries.longs().between(SAMOA_WEEK_START, SAMOA_WEEK_END)));
		Arbitrary<Boolean> nearTransition = Arbitraries.of(true, false);
		Arbitrary<Integer> shiftMinutes = Arbitraries.integers().between(-180, 180);
		Arbitrary<Long> subMinuteNanos = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0L)),
				Tuple.of(1, Arbitraries.longs().between(1, 59_999_999_999L)));
		Arbitrary<Integer> transitionZone = Arbitraries.integers().between(0, maxZones - 1);
		return Combinators.combine(zones, windows, base, nearTransition, shiftMinutes, subMinuteNanos, transitionZone)
			.as(CallingWindowPropertiesTests::scenario);
	}

	private static Arbitrary<WindowShape> windowShapes() {
		Arbitrary<Integer> quarters = Arbitraries.integers().between(0, 95);
		Arbitrary<Set<DayOfWeek>> days = Arbitraries.subsetOf(DayOfWeek.values()).ofMinSize(1);
		Arbitrary<List<Integer>> blackouts = Arbitraries.integers().between(-2, 5).list().ofMaxSize(3);
		return Combinators.combine(quarters, quarters, days, blackouts)
			.filter((start, end, d, b) -> !start.equals(end))
			.as(WindowShape::new);
	}

	private static Scenario scenario(List<ZoneId> zones, List<WindowShape> shapes, long baseSecond,
			boolean nearTransition, int shiftMinutes, long subMinuteNanos, int transitionZone) {
		Instant base = Instant.ofEpochSecond(baseSecond);
		Instant from = base.plusNanos(subMinuteNanos);
		String kind = "random 2011-2030";
		if (nearTransition) {
			kind = "random 2011-2030 (zones without transitions)";
			for (int i = 0; i < zones.size(); i++) {
				ZoneId zone = zones.get((transitionZone + i) % zones.size());
				ZoneOffsetTransition transition = zone.getRules().nextTransition(base);
				if (transition == null || !transition.getInstant().isBefore(TRANSITIONS_UNTIL)) {
					// zones that abolished DST (Sao Paulo, Moscow, Tehran, Apia): their last ones
					transition = zone.getRules().previousTransition(base);
				}
				if (transition != null && !transition.getInstant().isBefore(TRANSITIONS_SINCE)
						&& transition.getInstant().isBefore(TRANSITIONS_UNTIL)) {
					from = transition.getInstant().plusSeconds(60L * shiftMinutes).plusNanos(subMinuteNanos);
					kind = "transition ± 3h";
					break;
				}
			}
		}
		LocalDate near = LocalDate.ofInstant(from, zones.get(0));
		List<WindowSpec> windows = shapes.stream().map((shape) -> shape.near(near)).collect(Collectors.toList());
		return new Scenario(zones, List.copyOf(windows), from, kind);
	}

}
