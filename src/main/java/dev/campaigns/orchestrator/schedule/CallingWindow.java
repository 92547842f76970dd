package dev.campaigns.orchestrator.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * When calls are allowed, in the recipient's local wall-clock time: from {@code start} to
 * {@code end} (an end before the start crosses midnight, belonging to the day it starts) on
 * the given days of the week, except on blackout dates.
 */
public record CallingWindow(LocalTime start, LocalTime end, Set<DayOfWeek> days, List<LocalDate> blackoutDates) {

	/** 09:00–20:00, Monday to Saturday, no blackout dates. */
	public static final CallingWindow DEFAULT = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(20, 0),
			EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY), List.of());

	public CallingWindow {
		days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
		blackoutDates = List.copyOf(blackoutDates);
	}

	/** Whether the window spans midnight (e.g. 20:00–02:00). */
	public boolean crossesMidnight() {
		return end.isBefore(start);
	}

}
