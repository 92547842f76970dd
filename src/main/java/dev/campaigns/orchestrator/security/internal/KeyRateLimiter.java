package dev.campaigns.orchestrator.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.campaigns.orchestrator.ratelimit.Pace;
import dev.campaigns.orchestrator.ratelimit.RateLimits;
import dev.campaigns.orchestrator.security.RequestRateSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Decides whether a key's request may go now: it takes one slot of the key's budget
 * ({@link KeyBudget}) from the shared {@link RateLimits}, or learns how long until the next.
 * One short transaction per request: the key's row locked and, if a slot was taken, written
 * back. The request thread waits for the answer at most {@code timeout}; past it, or if the
 * database fails, the request is admitted unchecked (fail open, see {@code docs/security.md}).
 */
class KeyRateLimiter implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KeyRateLimiter.class);

	/** Checks in flight at once, and waiting for a thread, before a request goes unchecked. */
	private static final int THREADS = 4;

	private static final int WAITING = 256;

	private final RateLimits rateLimits;

	private final RequestRateSettings settings;

	private final Clock clock;

	private final ThreadPoolExecutor checks;

	private final Counter unchecked;

	private final AtomicBoolean degraded = new AtomicBoolean();

	KeyRateLimiter(RateLimits rateLimits, RequestRateSettings settings, Clock clock, MeterRegistry meters) {
		this.rateLimits = rateLimits;
		this.settings = settings;
		this.clock = clock;
		this.checks = new ThreadPoolExecutor(THREADS, THREADS, 1, TimeUnit.MINUTES,
				new ArrayBlockingQueue<>(WAITING), new CustomizableThreadFactory("api-rate-"));
		this.unchecked = Counter.builder("orchestrator.api.rate-limit.unchecked")
			.description("API requests let through without a rate check: the database was slow or failed")
			.register(meters);
	}

	/** What a request gets: admitted, or refused until a slot comes ({@link #retryAfter} whole seconds). */
	record Admission(boolean admitted, long retryAfter) {

		static final Admission ADMITTED = new Admission(true, 0);

	}

	/** Whether a request of this key may go now. */
	Admission admit(UUID keyId) {
		Future<Admission> check;
		try {
			check = checks.submit(() -> take(keyId));
		}
		catch (RejectedExecutionException ex) {
			return unchecked("too many checks waiting", null);
		}
		try {
			Admission admission = check.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
			if (degraded.compareAndSet(true, false)) {
				log.info("API rate checks answer again");
			}
			return admission;
		}
		catch (TimeoutException ex) {
			check.cancel(false);
			// slowness, not a failure: its stack trace says nothing, and under load it came with every flip
			return unchecked("no answer within " + settings.timeout(), null);
		}
		catch (ExecutionException ex) {
			return unchecked("the check failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return unchecked("interrupted", null);
		}
	}

	private Admission take(UUID keyId) {
		Pace pace = KeyBudget.of(keyId, settings);
		Instant now = clock.instant();
		RateLimits.Take take = rateLimits.take(pace, 1, now);
		if (take.granted() > 0) {
			return Admission.ADMITTED;
		}
		return new Admission(false, KeyBudget.retryAfterSeconds(KeyBudget.untilNextSlot(pace, take.after(), now)));
	}

	/** Admits a request unchecked; a failure's cause is logged with its stack trace, a slow answer's is not. */
	private Admission unchecked(String why, @Nullable Throwable failure) {
		unchecked.increment();
		if (degraded.compareAndSet(false, true)) {
			if (failure == null) {
				log.warn("API requests go through without a rate check until the database answers again: {}", why);
			}
			else {
				log.warn("API requests go through without a rate check until the database answers again: {}", why,
						failure);
			}
		}
		return Admission.ADMITTED;
	}

	@Override
	public void close() {
		checks.shutdownNow();
	}

}
