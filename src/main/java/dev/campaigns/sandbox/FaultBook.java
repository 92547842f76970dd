package dev.campaigns.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The faults in force, in the order they were added. A request takes the first one that
 * covers it; counted faults are used up atomically, so concurrent requests never share the
 * last use, and expired or used-up faults drop out.
 */
final class FaultBook {

	private final List<ActiveFault> active = new CopyOnWriteArrayList<>();

	private final AtomicLong lastId = new AtomicLong();

	/** Puts a fault in force; its id is assigned here. */
	Fault add(FaultKind kind, FaultTarget target, FaultSpec spec, Instant now) {
		Fault fault = new Fault("fault-" + lastId.incrementAndGet(), kind, target, spec.count(), spec.duration(),
				spec.retryAfterSeconds(), spec.latency(), spec.hold(), now, spec.shape());
		active.add(new ActiveFault(fault));
		return fault;
	}

	/**
	 * Takes the first fault in force at {@code now} that covers a request to
	 * {@code endpoint}, using up one of its count.
	 */
	Optional<Fault> claim(FaultTarget endpoint, Instant now) {
		return claim(endpoint, null, now);
	}

	/** {@link #claim(FaultTarget, Instant)} of a request for {@code number} (null: unknown). */
	Optional<Fault> claim(FaultTarget endpoint, @Nullable String number, Instant now) {
		for (ActiveFault candidate : active) {
			if (candidate.fault.hasExpiredAt(now)) {
				active.remove(candidate);
			}
			else if (candidate.fault.target().covers(endpoint) && candidate.fault.hitsNumber(number)
					&& candidate.tryUse()) {
				if (candidate.isUsedUp()) {
					active.remove(candidate);
				}
				return Optional.of(candidate.fault);
			}
		}
		return Optional.empty();
	}

	/** The faults still in force at {@code now}, with how many uses each has left. */
	List<InForce> inForce(Instant now) {
		return active.stream()
			.filter(candidate -> !candidate.fault.hasExpiredAt(now) && !candidate.isUsedUp())
			.map(candidate -> new InForce(candidate.fault, candidate.remaining()))
			.toList();
	}

	/** Lifts one fault; whether it was in force. */
	boolean remove(String id) {
		return active.removeIf(candidate -> candidate.fault.id().equals(id));
	}

	void clear() {
		active.clear();
	}

	/**
	 * The optional parts of a fault as requested.
	 *
	 * @param count how many matching requests it hits, or {@code null} for all
	 * @param duration how long it lasts, or {@code null} for until cleared
	 * @param retryAfterSeconds for {@code HTTP_429}
	 * @param latency for {@code LATENCY}
	 * @param hold for {@code DROP_RESPONSE}
	 * @param shape what a fault that shapes its answer answers, and the one number it hits
	 */
	record FaultSpec(@Nullable Integer count, @Nullable Duration duration,
			@Nullable Integer retryAfterSeconds, @Nullable Duration latency,
			@Nullable Duration hold, Fault.Shape shape) {

		FaultSpec(@Nullable Integer count, @Nullable Duration duration, @Nullable Integer retryAfterSeconds,
				@Nullable Duration latency, @Nullable Duration hold) {
			this(count, duration, retryAfterSeconds, latency, hold, Fault.Shape.NONE);
		}

	}

	/** A fault in force and how many more requests it hits ({@code null}: unlimited). */
	record InForce(Fault fault, @Nullable Integer remaining) {
	}

	private static final class ActiveFault {

		private final Fault fault;

		private final @Nullable AtomicInteger remaining;

		ActiveFault(Fault fault) {
			this.fault = fault;
			this.remaining = (fault.count() != null) ? new AtomicInteger(fault.count()) : null;
		}

		boolean tryUse() {
			if (remaining == null) {
				return true;
			}
			int left;
			do {
				left = remaining.get();
				if (left <= 0) {
					return false;
				}
			}
			while (!remaining.compareAndSet(left, left - 1));
			return true;
		}

		boolean isUsedUp() {
			return remaining != null && remaining.get() <= 0;
		}

		@Nullable Integer remaining() {
			return (remaining != null) ? remaining.get() : null;
		}

	}

}
