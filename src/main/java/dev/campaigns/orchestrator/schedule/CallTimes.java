package dev.campaigns.orchestrator.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * When a recipient may be called: every window (the campaign's, and any regional floor that
 * narrows it) must hold in every one of the recipient's candidate zones at once. Pure
 * functions; callers pass the instant from their {@code Clock}.
 */
public final class CallTimes {

	private CallTimes() {
	}

	/** Whether every window holds in every zone at {@code at}. */
	public static boolean isOpen(List<CallingWindow> windows, List<ZoneId> zones, Instant at) {
		for (CallingWindow window : windows) {
			for (ZoneId zone : zones) {
				if (!window.isOpen(zone, at)) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * The earliest instant at or after {@code from} at which every window holds in every zone,
	 * or empty if that never happens (e.g. zones whose windows never overlap).
	 */
	public static Optional<Instant> nextOpening(List<CallingWindow> windows, List<ZoneId> zones, Instant from) {
		Instant horizon = from.plusSeconds(CallingWindow.HORIZON_DAYS * 86_400L);
		Instant candidate = from;
		while (!candidate.isAfter(horizon)) {
			Instant latest = candidate;
			for (CallingWindow window : windows) {
				for (ZoneId zone : zones) {
					Optional<Instant> opening = window.nextOpening(zone, candidate);
					if (opening.isEmpty()) {
						return Optional.empty();
					}
					if (opening.get().isAfter(latest)) {
						latest = opening.get();
					}
				}
			}
			if (isOpen(windows, zones, latest)) {
				return Optional.of(latest);
			}
			// no common opening before latest: some constraint closed again; search on from there
			candidate = latest.equals(candidate) ? candidate.plusSeconds(60) : latest;
		}
		return Optional.empty();
	}

	/**
	 * The first instant a recipient may be called: not before {@code from}, the campaign's start
	 * or the recipient's {@code notBefore}, inside every window in every zone, and strictly
	 * before {@code deadline} (the earlier of its {@code notAfter} and the campaign's end).
	 * Empty when no such instant exists: the recipient has expired.
	 */
	public static Optional<Instant> nextEligibleAt(List<CallingWindow> windows, List<ZoneId> zones, Instant from,
			@Nullable Instant notBefore, @Nullable Instant deadline) {
		Instant earliest = notBefore != null && notBefore.isAfter(from) ? notBefore : from;
		return nextOpening(windows, zones, earliest).filter(at -> deadline == null || at.isBefore(deadline));
	}

}
