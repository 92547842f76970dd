package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.provider.TriggerResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends triggers at their send instants, each through its connection on a thread of the trigger pool, at most
 * {@code trigger-threads} claimed and unanswered at once (a claimed trigger never waits for a
 * thread, so it leaves at its slot). Just before a trigger leaves its campaign must still be
 * running ({@link SendGate}), and it must be within its latest instant, hold its lease with the
 * margin to spare, and not be held by a 429; otherwise it is answered unsent, and certainly no
 * call was placed.
 */
class TriggerSender {

	/**
	 * Each trigger as it leaves, at DEBUG (off by default): the line's time is when the request is
	 * handed to the HTTP client, with the campaign and the attempt (never the number).
	 */
	private static final Logger leaving = LoggerFactory.getLogger(TriggerSender.class.getName() + ".leaving");

	private final ProviderBackoff backoff;

	private final SendGate gate;

	private final ExecutorService pool;

	private final DispatchSettings settings;

	private final Clock clock;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Timer lateness;

	private final Counter late;

	TriggerSender(ProviderBackoff backoff, SendGate gate, ExecutorService pool,
			DispatchSettings settings, Clock clock, MeterRegistry meters) {
		this.backoff = backoff;
		this.gate = gate;
		this.pool = pool;
		this.settings = settings;
		this.clock = clock;
		this.lateness = Timer.builder("orchestrator.dispatch.send.lateness")
			.description("from a trigger's send instant to its request leaving")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.late = meters.counter("orchestrator.dispatch.triggers.late");
	}

	/** How many more triggers may be claimed now. */
	int room() {
		return Math.max(0, settings.triggerThreads() - inFlight.get());
	}

	/** Triggers handed over and not yet answered. */
	int inFlight() {
		return inFlight.get();
	}

	/**
	 * Sends the trigger at its slot, on the pool, and hands its answer to {@code answered} before
	 * it stops counting as in flight (so whoever waits for nothing in flight finds every answer
	 * handed over). The future always completes with an answer (an exception after the request
	 * may have left counts as an unknown outcome); a pool shut down answers it unsent at once.
	 */
	CompletableFuture<Trigger.Answer> send(Trigger trigger, Consumer<Trigger.Answer> answered) {
		inFlight.incrementAndGet();
		CompletableFuture<Trigger.Answer> answer;
		try {
			answer = CompletableFuture.supplyAsync(() -> attempt(trigger), pool)
				.exceptionally(failure -> Trigger.Answer.sent(trigger, clock.instant(),
						new TriggerResult.OutcomeUnknown("the trigger failed unexpectedly: " + failure)));
		}
		catch (RejectedExecutionException ex) {
			answer = CompletableFuture
				.completedFuture(Trigger.Answer.unsent(trigger, clock.instant(), Trigger.Unsent.INTERRUPTED));
		}
		return answer.whenComplete((done, failure) -> {
			try {
				if (done != null) {
					answered.accept(done);
				}
			}
			finally {
				inFlight.decrementAndGet();
			}
		});
	}

	private Trigger.Answer attempt(Trigger trigger) {
		if (!awaitSlot(trigger.slot())) {
			return Trigger.Answer.unsent(trigger, clock.instant(), Trigger.Unsent.INTERRUPTED);
		}
		if (!gate.open(trigger.campaign(), clock.instant())) {
			return Trigger.Answer.unsent(trigger, clock.instant(), Trigger.Unsent.CAMPAIGN_STOPPED);
		}
		if (!gate.open(trigger.recipient().recipientId(), trigger.readAt(), clock.instant())) {
			return Trigger.Answer.unsent(trigger, clock.instant(), Trigger.Unsent.RECIPIENT_CANCELLED);
		}
		Instant at = clock.instant();
		if (at.isAfter(trigger.latest())) {
			late.increment();
			return Trigger.Answer.unsent(trigger, at, Trigger.Unsent.TOO_LATE);
		}
		if (at.plus(settings.leaseMargin()).isAfter(trigger.leaseUntil())) {
			return Trigger.Answer.unsent(trigger, at, Trigger.Unsent.LEASE_TOO_SHORT);
		}
		if (backoff.holds(trigger.budget(), at)) {
			return Trigger.Answer.unsent(trigger, at, Trigger.Unsent.THROTTLED);
		}
		Duration after = Duration.between(trigger.slot(), at);
		lateness.record(after.isNegative() ? Duration.ZERO : after);
		leaving.debug("Trigger leaving: campaign {} attempt {}", trigger.campaign(), trigger.recipient().attemptId());
		TriggerResult result = trigger.line().calls().trigger(trigger.request());
		if (result instanceof TriggerResult.Throttled tooMany) {
			backoff.throttled(trigger.budget(), tooMany.retryAfter(), clock.instant());
		}
		return Trigger.Answer.sent(trigger, at, result);
	}

	/**
	 * Waits for the trigger's slot: as long as the clock says is left, measured on the monotonic
	 * timer (parked, not slept: a sleep rounds to whole milliseconds before Java 21). False if
	 * interrupted meanwhile.
	 */
	private boolean awaitSlot(Instant slot) {
		long wait = Duration.between(clock.instant(), slot).toNanos();
		long until = System.nanoTime() + wait;
		for (long left = wait; left > 0; left = until - System.nanoTime()) {
			LockSupport.parkNanos(this, left);
			if (Thread.currentThread().isInterrupted()) {
				return false;
			}
		}
		return true;
	}

}
