package dev.campaigns.orchestrator.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When calls are allowed, in local wall-clock time: from {@code start} (inclusive) to
 * {@code end} (exclusive) on the given days of the week, except on blackout dates. An end
 * before the start crosses midnight and belongs to the day it starts on (a Friday
 * 20:00–02:00 window runs into Saturday morning). An instant is inside the window in a zone
 * when its wall-clock time there is: across a DST gap the window opens at the first instant
 * whose local time has reached the start; in an overlap the repeated local times count twice.
 */
public record CallingWindow(LocalTime start, LocalTime end, Set<DayOfWeek> days, List<LocalDate> blackoutDates) {

	/** 09:00–20:00, Monday to Saturday, no blackout dates. */
	public static final CallingWindow DEFAULT = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(20, 0),
			EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY), List.of());

	/** How far ahead openings are searched before a window is declared never to open. */
	static final int HORIZON_DAYS = 400;

	public CallingWindow {
		days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
		blackoutDates = List.copyOf(blackoutDates);
	}

	/** Whether the window spans midnight (e.g. 20:00–02:00). */
	public boolean crossesMidnight() {
		return end.isBefore(start);
	}

	/** Whether {@code instant} is inside the window by the wall clock of {@code zone}. */
	public boolean isOpen(ZoneId zone, Instant instant) {
		LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
		LocalTime time = local.toLocalTime();
		LocalDate date = local.toLocalDate();
		if (!crossesMidnight()) {
			return allowed(date) && !time.isBefore(start) && time.isBefore(end);
		}
		return (allowed(date) && !time.isBefore(start)) || (allowed(date.minusDays(1)) && time.isBefore(end));
	}

	/** Whether calls may be made on this local date at all. */
	boolean allowed(LocalDate date) {
		return days.contains(date.getDayOfWeek()) && !blackoutDates.contains(date);
	}

	/**
	 * The first instant at or after {@code from} inside this window in {@code zone}, or empty
	 * if there is none within {@value #HORIZON_DAYS} days.
	 */
	public Optional<Instant> nextOpening(ZoneId zone, Instant from) {
		if (isOpen(zone, from)) {
			return Optional.of(from);
		}
		ZoneRules rules = zone.getRules();
		LocalDate first = LocalDateTime.ofInstant(from, zone).toLocalDate().minusDays(1);
		Instant best = null;
		Set<LocalDate> blackout = blackoutDates.isEmpty() ? Set.of() : new HashSet<>(blackoutDates);
		for (int day = 0; day <= HORIZON_DAYS + 1; day++) {
			LocalDate date = first.plusDays(day);
			if (best != null && date.atStartOfDay(zone).toInstant().isAfter(best.plusSeconds(2 * 86_400))) {
				break;
			}
			if (!days.contains(date.getDayOfWeek()) || blackout.contains(date)) {
				continue;
			}
			best = earlier(best, openingOn(date, zone, rules, from));
		}
		// openness can also begin where the clock jumps (a transition into the window)
		ZoneOffsetTransition transition = rules.nextTransition(from);
		Instant horizon = best != null ? best : from.plusSeconds((HORIZON_DAYS + 2L) * 86_400);
		while (transition != null && !transition.getInstant().isAfter(horizon)) {
			if (isOpen(zone, transition.getInstant())) {
				best = earlier(best, transition.getInstant());
				break;
			}
			transition = rules.nextTransition(transition.getInstant());
		}
		return Optional.ofNullable(best);
	}

	/** The first instant on or after {@code from} whose local time is this day's start, if open. */
	private Instant openingOn(LocalDate date, ZoneId zone, ZoneRules rules, Instant from) {
		LocalDateTime opening = date.atTime(start);
		List<ZoneOffset> offsets = rules.getValidOffsets(opening);
		Instant best = null;
		if (offsets.isEmpty()) {
			// in a gap: the local time is first reached when the clock jumps over it
			Instant after = rules.getTransition(opening).getInstant();
			if (!after.isBefore(from) && isOpen(zone, after)) {
				best = after;
			}
		}
		for (ZoneOffset offset : offsets) {
			Instant candidate = opening.toInstant(offset);
			if (!candidate.isBefore(from) && isOpen(zone, candidate)) {
				best = earlier(best, candidate);
			}
		}
		return best;
	}

	private static Instant earlier(Instant a, Instant b) {
		if (a == null) {
			return b;
		}
		if (b == null) {
			return a;
		}
		return a.isBefore(b) ? a : b;
	}

}
