package dev.campaigns.orchestrator.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concrete calling windows at real DST transitions and odd offsets, each asserting the exact
 * instant. Everything runs on fixed instants.
 */
class CallingWindowTests {

	private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");

	private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");

	private static final ZoneId APIA = ZoneId.of("Pacific/Apia");

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);

	private static CallingWindow daily(String start, String end) {
		return new CallingWindow(LocalTime.parse(start), LocalTime.parse(end), EVERY_DAY, List.of());
	}

	private static CallingWindow on(Set<DayOfWeek> days, String start, String end) {
		return new CallingWindow(LocalTime.parse(start), LocalTime.parse(end), days, List.of());
	}

	private static Instant at(String utc) {
		return Instant.parse(utc);
	}

	private static Instant local(String localDateTime, ZoneId zone) {
		return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
	}

	@Nested
	class NewYork {

		@Test
		void theSpringForwardOf2026IsAGapFromTwoToThreeLocal() {
			ZoneOffsetTransition transition = NEW_YORK.getRules().nextTransition(at("2026-01-01T00:00:00Z"));
			assertThat(transition.isGap()).isTrue();
			assertThat(transition.getDateTimeBefore()).isEqualTo(LocalDateTime.parse("2026-03-08T02:00"));
			assertThat(transition.getDateTimeAfter()).isEqualTo(LocalDateTime.parse("2026-03-08T03:00"));
			assertThat(transition.getInstant()).isEqualTo(at("2026-03-08T07:00:00Z"));
		}

		@Test
		void opensAtTheFirstInstantAfterTheSpringForwardGap() {
			CallingWindow window = daily("02:30", "05:00");

			assertThat(window.nextOpening(NEW_YORK, at("2026-03-08T05:00:00Z"))).contains(at("2026-03-08T07:00:00Z"));
			assertThat(window.isOpen(NEW_YORK, at("2026-03-08T06:59:59Z"))).isFalse();
			assertThat(window.isOpen(NEW_YORK, at("2026-03-08T07:00:00Z"))).isTrue();
		}

		@Test
		void opensAtNineDaylightTimeOnTheDayOfTheSpringForward() {
			CallingWindow window = daily("09:00", "20:00");

			assertThat(window.nextOpening(NEW_YORK, at("2026-03-08T05:00:00Z"))).contains(at("2026-03-08T13:00:00Z"));
			// the day before it was still standard time
			assertThat(window.nextOpening(NEW_YORK, at("2026-03-07T05:00:00Z"))).contains(at("2026-03-07T14:00:00Z"));
		}

		@Test
		void neverOpensOnTheSpringForwardDayWhenTheWholeWindowFallsInTheGap() {
			CallingWindow window = daily("02:15", "02:45");

			assertThat(window.nextOpening(NEW_YORK, at("2026-03-08T05:00:00Z")))
				.contains(local("2026-03-09T02:15", NEW_YORK))
				.contains(at("2026-03-09T06:15:00Z"));
		}

		@Test
		void isOpenAtBothOccurrencesOfTheRepeatedHourWhenTheClocksFallBack() {
			CallingWindow window = daily("01:00", "01:30");

			assertThat(window.isOpen(NEW_YORK, at("2026-11-01T05:15:00Z"))).isTrue();
			assertThat(window.isOpen(NEW_YORK, at("2026-11-01T06:15:00Z"))).isTrue();
			assertThat(window.isOpen(NEW_YORK, at("2026-11-01T05:45:00Z"))).isFalse();
			assertThat(window.isOpen(NEW_YORK, at("2026-11-01T06:30:00Z"))).isFalse();
		}

		@Test
		void opensAtTheFirstPassOfTheRepeatedHourWhenAskedBeforeIt() {
			CallingWindow window = daily("01:00", "01:30");

			assertThat(window.nextOpening(NEW_YORK, at("2026-11-01T03:00:00Z"))).contains(at("2026-11-01T05:00:00Z"));
		}

		@Test
		void reopensAtTheFallBackTransitionWhenAskedBetweenTheTwoPasses() {
			CallingWindow window = daily("01:00", "01:30");

			assertThat(window.nextOpening(NEW_YORK, at("2026-11-01T05:30:00Z"))).contains(at("2026-11-01T06:00:00Z"));
			assertThat(window.nextOpening(NEW_YORK, at("2026-11-01T05:59:59Z"))).contains(at("2026-11-01T06:00:00Z"));
		}

		@Test
		void reopensMidWindowWhenTheFallBackJumpsIntoIt() {
			// 00:30-01:30 closed at 01:45 EDT; at 06:00Z the clock reads 01:00 EST, inside again,
			// though the window's start (00:30) is not repeated
			CallingWindow window = daily("00:30", "01:30");

			assertThat(window.isOpen(NEW_YORK, at("2026-11-01T05:59:59Z"))).isFalse();
			assertThat(window.nextOpening(NEW_YORK, at("2026-11-01T05:45:00Z"))).contains(at("2026-11-01T06:00:00Z"));
		}

		@Test
		void opensTheNextDayOnceBothPassesOfTheRepeatedHourAreOver() {
			CallingWindow window = daily("01:00", "01:30");

			assertThat(window.nextOpening(NEW_YORK, at("2026-11-01T06:30:00Z"))).contains(at("2026-11-02T06:00:00Z"));
		}

	}

	@Nested
	class London {

		@Test
		void opensWhenTheClockJumpsPastAStartInsideTheSpringForwardGap() {
			CallingWindow window = daily("01:30", "04:00");

			assertThat(window.nextOpening(LONDON, at("2026-03-28T23:00:00Z"))).contains(at("2026-03-29T01:00:00Z"));
			assertThat(LocalDateTime.ofInstant(at("2026-03-29T01:00:00Z"), LONDON))
				.isEqualTo(LocalDateTime.parse("2026-03-29T02:00"));
		}

		@Test
		void opensAtNineSummerTimeOnTheDayOfTheSpringForward() {
			CallingWindow window = daily("09:00", "20:00");

			assertThat(window.nextOpening(LONDON, at("2026-03-29T00:00:00Z"))).contains(at("2026-03-29T08:00:00Z"));
		}

		@Test
		void isOpenAtBothOccurrencesOfTheRepeatedHourInOctober() {
			CallingWindow window = daily("01:00", "01:30");

			assertThat(window.isOpen(LONDON, at("2026-10-25T00:15:00Z"))).isTrue();
			assertThat(window.isOpen(LONDON, at("2026-10-25T01:15:00Z"))).isTrue();
			assertThat(window.isOpen(LONDON, at("2026-10-25T00:45:00Z"))).isFalse();
		}

		@Test
		void reopensAtTheOctoberTransitionWhenAskedBetweenTheTwoPasses() {
			CallingWindow window = daily("01:00", "01:30");

			assertThat(window.nextOpening(LONDON, at("2026-10-24T22:00:00Z"))).contains(at("2026-10-25T00:00:00Z"));
			assertThat(window.nextOpening(LONDON, at("2026-10-25T00:40:00Z"))).contains(at("2026-10-25T01:00:00Z"));
		}

		@Test
		void opensAtNineGreenwichTimeOnTheDayTheClocksGoBack() {
			CallingWindow window = daily("09:00", "20:00");

			assertThat(window.nextOpening(LONDON, at("2026-10-25T00:00:00Z"))).contains(at("2026-10-25T09:00:00Z"));
		}

	}

	@Nested
	class LordHowe {

		private static ZoneOffsetTransition transitionAfter(String utc) {
			return LORD_HOWE.getRules().nextTransition(at(utc));
		}

		@Test
		void shiftsByHalfAnHourOnTheFirstSundaysOfAprilAndOctober2026() {
			ZoneOffsetTransition april = transitionAfter("2026-01-01T00:00:00Z");
			ZoneOffsetTransition october = transitionAfter(april.getInstant().toString());

			assertThat(april.isOverlap()).isTrue();
			assertThat(april.getDateTimeBefore()).isEqualTo(LocalDateTime.parse("2026-04-05T02:00"));
			assertThat(april.getDateTimeAfter()).isEqualTo(LocalDateTime.parse("2026-04-05T01:30"));
			assertThat(april.getInstant()).isEqualTo(at("2026-04-04T15:00:00Z"));
			assertThat(october.isGap()).isTrue();
			assertThat(october.getDateTimeBefore()).isEqualTo(LocalDateTime.parse("2026-10-04T02:00"));
			assertThat(october.getDateTimeAfter()).isEqualTo(LocalDateTime.parse("2026-10-04T02:30"));
			assertThat(october.getInstant()).isEqualTo(at("2026-10-03T15:30:00Z"));
		}

		@Test
		void opensWhenTheClockJumpsPastAStartInTheSkippedHalfHour() {
			CallingWindow window = daily("02:15", "06:00");

			assertThat(window.nextOpening(LORD_HOWE, at("2026-10-03T12:00:00Z"))).contains(at("2026-10-03T15:30:00Z"));
			assertThat(window.isOpen(LORD_HOWE, at("2026-10-03T15:29:00Z"))).isFalse();
		}

		@Test
		void neverOpensOnTheDayItsWholeWindowIsSkipped() {
			CallingWindow window = daily("02:00", "02:30");

			// 2026-10-05 02:00 at +11:00
			assertThat(window.nextOpening(LORD_HOWE, at("2026-10-03T12:00:00Z"))).contains(at("2026-10-04T15:00:00Z"));
		}

		@Test
		void reopensForTheRepeatedHalfHourInApril() {
			CallingWindow window = daily("01:30", "02:00");

			// first pass 01:30+11:00, then again from the transition at 01:30+10:30
			assertThat(window.nextOpening(LORD_HOWE, at("2026-04-04T12:00:00Z"))).contains(at("2026-04-04T14:30:00Z"));
			assertThat(window.nextOpening(LORD_HOWE, at("2026-04-04T14:45:00Z"))).contains(at("2026-04-04T14:45:00Z"));
			assertThat(window.isOpen(LORD_HOWE, at("2026-04-04T15:29:59Z"))).isTrue();
			assertThat(window.nextOpening(LORD_HOWE, at("2026-04-04T15:30:00Z"))).contains(at("2026-04-05T15:00:00Z"));
		}

	}

	@Nested
	class TransitionsAtMidnight {

		private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

		@Test
		void opensAtOneWhenTheSpringForwardSkipsMidnight() {
			// 2018-11-04 00:00-03:00 -> 01:00-02:00: Sunday starts at 01:00
			CallingWindow sundays = on(EnumSet.of(DayOfWeek.SUNDAY), "00:00", "02:00");

			assertThat(sundays.nextOpening(SAO_PAULO, local("2018-11-03T23:30", SAO_PAULO)))
				.contains(at("2018-11-04T03:00:00Z"));
		}

		@Test
		void opensAgainInTheSaturdayHourRepeatedWhenTheClocksFallBackAtMidnight() {
			// 2019-02-17 00:00-02:00 -> 2019-02-16 23:00-03:00: Saturday 23:00-24:00 happens twice
			CallingWindow saturdays = on(EnumSet.of(DayOfWeek.SATURDAY), "23:30", "23:45");

			assertThat(saturdays.isOpen(SAO_PAULO, at("2019-02-17T01:40:00Z"))).isTrue();
			assertThat(saturdays.nextOpening(SAO_PAULO, at("2019-02-17T01:50:00Z"))).contains(at("2019-02-17T02:30:00Z"));
		}

		@Test
		void aSaturdayEveningWindowCoversBothPassesOfTheRepeatedHour() {
			CallingWindow saturdayNights = on(EnumSet.of(DayOfWeek.SATURDAY), "22:00", "01:00");

			// from 22:00-02:00 (00:00Z) to 01:00-03:00 on Sunday (04:00Z), five hours by the clock on the wall
			assertThat(saturdayNights.nextOpening(SAO_PAULO, at("2019-02-16T20:00:00Z"))).contains(at("2019-02-17T00:00:00Z"));
			assertThat(saturdayNights.isOpen(SAO_PAULO, at("2019-02-17T03:59:59Z"))).isTrue();
			assertThat(saturdayNights.isOpen(SAO_PAULO, at("2019-02-17T04:00:00Z"))).isFalse();
		}

	}

	@Nested
	class OddOffsets {

		@Test
		void opensAtNineKathmanduTimeWhichIsAQuarterPastThreeUtc() {
			CallingWindow window = daily("09:00", "17:00");

			assertThat(window.nextOpening(KATHMANDU, at("2026-06-15T00:00:00Z"))).contains(at("2026-06-15T03:15:00Z"));
			assertThat(window.isOpen(KATHMANDU, at("2026-06-15T03:14:59Z"))).isFalse();
			assertThat(window.isOpen(KATHMANDU, at("2026-06-15T11:14:59Z"))).isTrue();
			assertThat(window.isOpen(KATHMANDU, at("2026-06-15T11:15:00Z"))).isFalse();
		}

	}

	@Nested
	class SamoaSkippedADay {

		@Test
		void skippedTheThirtiethOfDecember2011Entirely() {
			ZoneRules rules = APIA.getRules();
			ZoneOffsetTransition transition = rules.nextTransition(at("2011-12-01T00:00:00Z"));

			assertThat(LocalDate.of(2011, 12, 30).getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
			assertThat(transition.getDateTimeBefore()).isEqualTo(LocalDateTime.parse("2011-12-30T00:00"));
			assertThat(transition.getDateTimeAfter()).isEqualTo(LocalDateTime.parse("2011-12-31T00:00"));
			assertThat(transition.getInstant()).isEqualTo(at("2011-12-30T10:00:00Z"));
		}

		@Test
		void aFridayOnlyWindowWaitsForTheFridayAfterTheSkippedOne() {
			CallingWindow window = on(EnumSet.of(DayOfWeek.FRIDAY), "09:00", "17:00");
			Instant thursdayEvening = local("2011-12-29T20:00", APIA);

			assertThat(thursdayEvening).isEqualTo(at("2011-12-30T06:00:00Z"));
			assertThat(window.nextOpening(APIA, thursdayEvening))
				.contains(local("2012-01-06T09:00", APIA))
				.contains(at("2012-01-05T19:00:00Z"));
		}

		@Test
		void aDailyWindowOpensOnTheThirtyFirstAfterTheSkippedDay() {
			CallingWindow window = daily("09:00", "17:00");
			Instant thursdayNight = local("2011-12-29T22:00", APIA);

			assertThat(window.nextOpening(APIA, thursdayNight))
				.contains(local("2011-12-31T09:00", APIA))
				.contains(at("2011-12-30T19:00:00Z"));
		}

		@Test
		void aFridayEveningWindowStillCoversTheSaturdayMorningAfterTheSkippedFriday() {
			// Friday 20:00-02:00 belongs to Friday; Saturday 00:00-02:00 is Friday's, even if
			// Friday itself never happened on the wall clock
			CallingWindow window = on(EnumSet.of(DayOfWeek.FRIDAY), "20:00", "02:00");

			assertThat(window.nextOpening(APIA, local("2011-12-29T20:00", APIA))).contains(at("2011-12-30T10:00:00Z"));
			assertThat(window.isOpen(APIA, local("2011-12-31T01:59", APIA))).isTrue();
			assertThat(window.isOpen(APIA, local("2011-12-31T02:00", APIA))).isFalse();
		}

	}

	@Nested
	class AcrossMidnight {

		private final CallingWindow fridayEvenings = on(EnumSet.of(DayOfWeek.FRIDAY), "20:00", "02:00");

		@Test
		void belongsToTheDayItStartsOn() {
			// 2026-06-12 is a Friday
			assertThat(this.fridayEvenings.crossesMidnight()).isTrue();
			assertThat(this.fridayEvenings.isOpen(BERLIN, local("2026-06-12T19:59", BERLIN))).isFalse();
			assertThat(this.fridayEvenings.isOpen(BERLIN, local("2026-06-12T20:00", BERLIN))).isTrue();
			assertThat(this.fridayEvenings.isOpen(BERLIN, local("2026-06-13T00:00", BERLIN))).isTrue();
			assertThat(this.fridayEvenings.isOpen(BERLIN, local("2026-06-13T01:00", BERLIN))).isTrue();
			assertThat(this.fridayEvenings.isOpen(BERLIN, local("2026-06-13T01:59:59", BERLIN))).isTrue();
			assertThat(this.fridayEvenings.isOpen(BERLIN, local("2026-06-13T02:00", BERLIN))).isFalse();
			assertThat(this.fridayEvenings.isOpen(BERLIN, local("2026-06-13T03:00", BERLIN))).isFalse();
			assertThat(this.fridayEvenings.isOpen(BERLIN, local("2026-06-13T20:00", BERLIN))).isFalse();
			assertThat(this.fridayEvenings.isOpen(BERLIN, local("2026-06-14T01:00", BERLIN))).isFalse();
			assertThat(this.fridayEvenings.isOpen(BERLIN, local("2026-06-12T01:00", BERLIN))).isFalse();
		}

		@Test
		void isAlreadyOpenOnSaturdayMorningWhenAskedThen() {
			Instant saturdayOne = local("2026-06-13T01:00", BERLIN);

			assertThat(this.fridayEvenings.nextOpening(BERLIN, saturdayOne)).contains(saturdayOne);
		}

		@Test
		void waitsForTheNextFridayWhenAskedOnSaturdayAfterTheEnd() {
			assertThat(this.fridayEvenings.nextOpening(BERLIN, local("2026-06-13T03:00", BERLIN)))
				.contains(local("2026-06-19T20:00", BERLIN))
				.contains(at("2026-06-19T18:00:00Z"));
			assertThat(this.fridayEvenings.nextOpening(BERLIN, local("2026-06-14T01:00", BERLIN)))
				.contains(at("2026-06-19T18:00:00Z"));
		}

		@Test
		void aWindowEndingAtMidnightRunsToTheEndOfItsDay() {
			CallingWindow window = on(EnumSet.of(DayOfWeek.FRIDAY), "20:00", "00:00");

			assertThat(window.isOpen(BERLIN, local("2026-06-12T23:59:59", BERLIN))).isTrue();
			assertThat(window.isOpen(BERLIN, local("2026-06-13T00:00", BERLIN))).isFalse();
		}

	}

	@Nested
	class DaysAndBlackouts {

		@Test
		void returnsTheInstantAskedAboutWhenAlreadyInside() {
			Instant inside = at("2026-06-15T12:34:56.789Z");

			assertThat(CallingWindow.DEFAULT.nextOpening(LONDON, inside)).contains(inside);
		}

		@Test
		void skipsABlackoutDate() {
			// Monday 2026-06-15 is blacked out; Tuesday opens at 09:00 BST
			CallingWindow window = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(20, 0), EVERY_DAY,
					List.of(LocalDate.of(2026, 6, 15)));

			assertThat(window.nextOpening(LONDON, at("2026-06-15T00:00:00Z"))).contains(at("2026-06-16T08:00:00Z"));
			assertThat(window.isOpen(LONDON, at("2026-06-15T12:00:00Z"))).isFalse();
		}

		@Test
		void skipsConsecutiveBlackoutDates() {
			CallingWindow window = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(20, 0), EVERY_DAY,
					List.of(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 26), LocalDate.of(2026, 12, 24)));

			assertThat(window.nextOpening(LONDON, at("2026-12-24T10:00:00Z"))).contains(at("2026-12-27T09:00:00Z"));
		}

		@Test
		void aBlackoutOnTheStartDayClosesTheNightAfterItButNotTheNightBefore() {
			CallingWindow window = new CallingWindow(LocalTime.of(20, 0), LocalTime.of(2, 0), EVERY_DAY,
					List.of(LocalDate.of(2026, 6, 13)));

			// Friday's window runs into the blacked-out Saturday morning
			assertThat(window.isOpen(BERLIN, local("2026-06-13T01:00", BERLIN))).isTrue();
			// Saturday's window (and so Sunday morning) does not happen
			assertThat(window.isOpen(BERLIN, local("2026-06-13T21:00", BERLIN))).isFalse();
			assertThat(window.isOpen(BERLIN, local("2026-06-14T01:00", BERLIN))).isFalse();
			assertThat(window.nextOpening(BERLIN, local("2026-06-13T03:00", BERLIN)))
				.contains(local("2026-06-14T20:00", BERLIN));
		}

		@Test
		void respectsTheDaysOfTheWeek() {
			// the default window is Monday to Saturday: from Saturday evening it waits until Monday
			Instant saturdayEvening = at("2026-06-13T19:30:00Z");

			assertThat(CallingWindow.DEFAULT.nextOpening(LONDON, saturdayEvening)).contains(at("2026-06-15T08:00:00Z"));
		}

		@Test
		void opensOnTheOnlyAllowedDay() {
			CallingWindow wednesdays = on(EnumSet.of(DayOfWeek.WEDNESDAY), "10:00", "11:00");

			assertThat(wednesdays.nextOpening(NEW_YORK, at("2026-06-11T15:00:00Z"))).contains(at("2026-06-17T14:00:00Z"));
		}

		@Test
		void neverOpensWithoutAnyDay() {
			CallingWindow never = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(20, 0), Set.of(), List.of());

			assertThat(never.nextOpening(LONDON, at("2026-06-15T00:00:00Z"))).isEmpty();
		}

	}

	@Nested
	class SeveralZonesAndWindows {

		@Test
		void opensWhenTheLaterZoneOpensInWinter() {
			// London 09:00-20:00 is 09:00Z-20:00Z, New York 09:00-20:00 is 14:00Z-01:00Z
			List<ZoneId> zones = List.of(LONDON, NEW_YORK);

			assertThat(CallTimes.nextOpening(List.of(CallingWindow.DEFAULT), zones, at("2026-01-14T00:00:00Z")))
				.contains(at("2026-01-14T14:00:00Z"));
			assertThat(CallTimes.isOpen(List.of(CallingWindow.DEFAULT), zones, at("2026-01-14T19:59:59Z"))).isTrue();
			assertThat(CallTimes.isOpen(List.of(CallingWindow.DEFAULT), zones, at("2026-01-14T20:00:00Z"))).isFalse();
		}

		@Test
		void opensAnHourEarlierWhileOnlyNewYorkHasSprungForward() {
			// 2026-03-16: New York on daylight time since 8 March, London not until 29 March
			assertThat(CallTimes.nextOpening(List.of(CallingWindow.DEFAULT), List.of(NEW_YORK, LONDON),
					at("2026-03-16T00:00:00Z")))
				.contains(at("2026-03-16T13:00:00Z"));
		}

		@Test
		void aFloorNarrowsTheCampaignWindow() {
			CallingWindow campaign = daily("07:00", "22:00");
			CallingWindow floor = daily("08:00", "21:00");
			List<CallingWindow> windows = List.of(campaign, floor);

			assertThat(CallTimes.nextOpening(windows, List.of(BERLIN), local("2026-06-15T06:00", BERLIN)))
				.contains(local("2026-06-15T08:00", BERLIN));
			assertThat(CallTimes.nextOpening(windows, List.of(BERLIN), local("2026-06-15T21:00", BERLIN)))
				.contains(local("2026-06-16T08:00", BERLIN));
		}

		@Test
		void aFloorDaySetNarrowsTheCampaignDays() {
			CallingWindow campaign = daily("07:00", "22:00");
			CallingWindow floor = on(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "08:00", "21:00");

			// Saturday 2026-06-13 -> Monday 2026-06-15
			assertThat(CallTimes.nextOpening(List.of(campaign, floor), List.of(BERLIN), local("2026-06-13T10:00", BERLIN)))
				.contains(local("2026-06-15T08:00", BERLIN));
		}

		@Test
		void neverOpensInZonesWhoseWindowsNeverOverlap() {
			// Kiritimati (+14) and Pago Pago (-11) are 25 hours apart: 09:00-10:00 local is
			// 19:00Z-20:00Z and 20:00Z-21:00Z
			List<ZoneId> zones = List.of(ZoneId.of("Pacific/Kiritimati"), ZoneId.of("Pacific/Pago_Pago"));
			List<CallingWindow> windows = List.of(daily("09:00", "10:00"));

			assertThat(CallTimes.nextOpening(windows, zones, at("2026-06-15T00:00:00Z"))).isEmpty();
			assertThat(CallTimes.nextEligibleAt(windows, zones, at("2026-06-15T00:00:00Z"), null, null)).isEmpty();
		}

		@Test
		void theSameZonesOverlapWithAWiderWindow() {
			List<ZoneId> zones = List.of(ZoneId.of("Pacific/Kiritimati"), ZoneId.of("Pacific/Pago_Pago"));

			assertThat(CallTimes.nextOpening(List.of(daily("09:00", "11:00")), zones, at("2026-06-15T00:00:00Z")))
				.contains(at("2026-06-15T20:00:00Z"));
		}

		@Test
		void withoutWindowsOrZonesEveryInstantIsOpen() {
			Instant from = at("2026-06-15T03:04:05Z");

			assertThat(CallTimes.nextOpening(List.of(), List.of(LONDON), from)).contains(from);
			assertThat(CallTimes.nextOpening(List.of(CallingWindow.DEFAULT), List.of(), from)).contains(from);
		}

	}

	@Nested
	class NextEligibleAt {

		private final List<CallingWindow> windows = List.of(CallingWindow.DEFAULT);

		private final List<ZoneId> zones = List.of(LONDON);

		@Test
		void startsNoEarlierThanNotBefore() {
			// open at 10:00Z, but not before 2026-06-16 07:00Z -> Tuesday 09:00 BST
			assertThat(CallTimes.nextEligibleAt(this.windows, this.zones, at("2026-06-15T10:00:00Z"),
					at("2026-06-16T07:00:00Z"), null))
				.contains(at("2026-06-16T08:00:00Z"));
			assertThat(CallTimes.nextEligibleAt(this.windows, this.zones, at("2026-06-15T10:00:00Z"),
					at("2026-06-16T12:00:00Z"), null))
				.contains(at("2026-06-16T12:00:00Z"));
		}

		@Test
		void ignoresANotBeforeInThePast() {
			assertThat(CallTimes.nextEligibleAt(this.windows, this.zones, at("2026-06-15T10:00:00Z"),
					at("2026-06-01T00:00:00Z"), null))
				.contains(at("2026-06-15T10:00:00Z"));
		}

		@Test
		void isEmptyWhenTheOpeningIsExactlyTheDeadline() {
			assertThat(CallTimes.nextEligibleAt(this.windows, this.zones, at("2026-06-15T00:00:00Z"), null,
					at("2026-06-15T08:00:00Z")))
				.isEmpty();
		}

		@Test
		void isPresentWhenTheOpeningIsJustBeforeTheDeadline() {
			assertThat(CallTimes.nextEligibleAt(this.windows, this.zones, at("2026-06-15T00:00:00Z"), null,
					at("2026-06-15T08:00:00.001Z")))
				.contains(at("2026-06-15T08:00:00Z"));
		}

		@Test
		void isEmptyWhenTheDeadlinePassesBeforeTheNextOpening() {
			// Saturday evening, deadline Sunday night: the next opening is Monday
			assertThat(CallTimes.nextEligibleAt(this.windows, this.zones, at("2026-06-13T19:30:00Z"), null,
					at("2026-06-14T23:00:00Z")))
				.isEmpty();
		}

		@Test
		void isEmptyWhenNotBeforeIsAtTheDeadline() {
			assertThat(CallTimes.nextEligibleAt(this.windows, this.zones, at("2026-06-15T10:00:00Z"),
					at("2026-06-15T12:00:00Z"), at("2026-06-15T12:00:00Z")))
				.isEmpty();
		}

	}

}
