package dev.campaigns.sandbox;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A fault injected through {@code POST /sandbox/polyai/_faults}.
 *
 * @param id the id it was given, for {@code DELETE /sandbox/polyai/_faults/{id}}
 * @param kind what it does
 * @param target which requests it hits
 * @param count how many matching requests it hits; {@code null} for every one until it is
 * cleared or expires
 * @param duration how long after it was added it expires, on the sandbox clock; {@code null}
 * for never
 * @param retryAfterSeconds the {@code Retry-After} an {@code HTTP_429} sends; {@code null}
 * sends none
 * @param latency how long a {@code LATENCY} fault delays the answer
 * @param hold how long a {@code DROP_RESPONSE} fault withholds the answer
 * @param addedAt when it was added, on the sandbox clock
 * @param shape what a fault that shapes its answer answers: an {@code HTTP_STATUS} code, a
 * {@code STATUS_TEXT}, an {@code OVERSIZED} size, and the one number it hits, if only one
 */
record Fault(String id, FaultKind kind, FaultTarget target, @Nullable Integer count, @Nullable Duration duration,
		@Nullable Integer retryAfterSeconds, @Nullable Duration latency, @Nullable Duration hold, Instant addedAt,
		Shape shape) {

	/**
	 * @param httpStatus the code an {@code HTTP_STATUS} fault answers
	 * @param statusText the status a {@code STATUS_TEXT} fault answers
	 * @param size the body size an {@code OVERSIZED} fault answers, in bytes
	 * @param toNumber the only number whose requests the fault hits (null: every number)
	 */
	record Shape(@Nullable Integer httpStatus, @Nullable String statusText, @Nullable Integer size,
			@Nullable String toNumber) {

		static final Shape NONE = new Shape(null, null, null, null);

	}

	/** Whether the fault hits a request for {@code number} (null: a number the sandbox does not know). */
	boolean hitsNumber(@Nullable String number) {
		return shape.toNumber() == null || shape.toNumber().equals(number);
	}

	/** When it stops hitting requests, or {@code null} if only a count or a clear ends it. */
	@Nullable Instant expiresAt() {
		return (duration != null) ? addedAt.plus(duration) : null;
	}

	boolean hasExpiredAt(Instant now) {
		Instant expiresAt = expiresAt();
		return expiresAt != null && !now.isBefore(expiresAt);
	}

}
