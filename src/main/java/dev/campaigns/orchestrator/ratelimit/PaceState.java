package dev.campaigns.orchestrator.ratelimit;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A budget's shared state: its theoretical arrival time ({@code tat}, the place of the next
 * slot on its virtual timeline), the rate factor after a 429 (1: full rate) and when it was
 * set, and until when the provider asked for nothing ({@code throttledUntil}).
 */
public record PaceState(Instant tat, double factor, Instant factorAt, @Nullable Instant throttledUntil) {

	/** How fast the rate factor grows back after a 429, per second (full rate 25 s after a halving). */
	public static final double RECOVERY_PER_SECOND = 0.02;

	/** The least the rate factor falls to, however many 429s come. */
	public static final double LEAST_FACTOR = 0.05;

	/** A budget never used: its first slot may come at once. */
	public static PaceState fresh(Instant now) {
		return new PaceState(now, 1, now, null);
	}

	/** The rate factor at {@code now}: grown back since it was halved, at most 1. */
	public double factorAt(Instant now) {
		double seconds = Math.max(0, Duration.between(factorAt, now).toNanos() / 1e9);
		return Math.min(1, factor + RECOVERY_PER_SECOND * seconds);
	}

	/** The distance between slots at {@code now}: the pace's interval stretched by the rate factor. */
	public Duration interval(Pace pace, Instant now) {
		return Duration.ofNanos((long) Math.ceil(pace.interval().toNanos() / factorAt(now)));
	}

	/** The earliest a slot may come at {@code now}: not before the throttle ends, nor before tat less the tolerance. */
	public Instant earliestSlot(Pace pace, Instant now) {
		Instant earliest = tat.minus(pace.tolerance());
		if (throttledUntil != null && throttledUntil.isAfter(earliest)) {
			earliest = throttledUntil;
		}
		return earliest.isAfter(now) ? earliest : now;
	}

	/**
	 * How many slots the budget could still grant from {@code now} up to {@code horizon}, if
	 * nobody else takes any: the k-th slot's place on the virtual timeline is {@code k} intervals
	 * after the later of tat and now (or the throttle's end), and it may come a tolerance before it.
	 */
	public int slotsUntil(Pace pace, Instant now, Instant horizon) {
		if (earliestSlot(pace, now).isAfter(horizon)) {
			return 0;
		}
		Instant base = tat.isAfter(now) ? tat : now;
		if (throttledUntil != null && throttledUntil.isAfter(base)) {
			base = throttledUntil;
		}
		long span = Duration.between(base, horizon.plus(pace.tolerance())).toNanos();
		return span < 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, 1 + span / Math.max(1, interval(pace, now).toNanos()));
	}

	/** This state after a slot at {@code slot}: the next slot's place is one interval after it. */
	PaceState after(Pace pace, Instant slot, Instant now) {
		Instant from = tat.isAfter(slot) ? tat : slot;
		return new PaceState(from.plus(interval(pace, now)), factor, factorAt, throttledUntil);
	}

	/**
	 * This state after a 429 at {@code now}: nothing until {@code until}, half the rate from
	 * then on, growing back by {@link #RECOVERY_PER_SECOND}.
	 */
	public PaceState throttled(Instant until, Instant now) {
		Instant throttle = throttledUntil != null && throttledUntil.isAfter(until) ? throttledUntil : until;
		Instant next = tat.isAfter(throttle) ? tat : throttle;
		// the halved rate holds from the end of the throttle, and grows back from then
		return new PaceState(next, Math.max(LEAST_FACTOR, factorAt(now) / 2), throttle, throttle);
	}

}
