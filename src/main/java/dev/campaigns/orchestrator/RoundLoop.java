package dev.campaigns.orchestrator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs a module's rounds (dispatch, polling, webhook delivery) on a thread of its own: each
 * round answers how long to pause before the next (back to back while it finds work, then
 * every {@code interval}, or as the round knows best). In shutdown it starts no round after
 * the signal and lets the round in flight finish, then {@link #afterLastRound()}, for at most
 * {@code drain}. Failing rounds (the database gone) are retried with a doubling pause, at most
 * 5 s, and logged once with their cause, then about once a minute. The phase orders the
 * loops' stops: higher stops first.
 */
public class RoundLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RoundLoop.class);

	private final String name;

	private final Function<Instant, Duration> round;

	private final Duration interval;

	private final Duration drain;

	private final int phase;

	private final Clock clock;

	private volatile boolean running;

	/** False from the first sign of shutdown: no round starts after it (the thread may still be finishing one). */
	private volatile boolean rounds;

	private volatile @Nullable Thread thread;

	/** Set by {@link #wake()}: the pause after the round in flight (or the one under way) ends at once. */
	private volatile boolean woken;

	/**
	 * @param round one round at the given instant; answers whether it found work
	 */
	public RoundLoop(String name, Predicate<Instant> round, Duration interval, Duration drain, int phase,
			Clock clock) {
		this(name, interval, drain, phase, clock, now -> round.test(now) ? Duration.ZERO : interval);
	}

	/**
	 * @param round one round at the given instant; answers the pause before the next round
	 * @param failurePause the pause after a round that failed
	 */
	public RoundLoop(String name, Duration failurePause, Duration drain, int phase, Clock clock,
			Function<Instant, Duration> round) {
		this.name = name;
		this.round = round;
		this.interval = failurePause;
		this.drain = drain;
		this.phase = phase;
		this.clock = clock;
	}

	@Override
	public void start() {
		running = true;
		rounds = true;
		Thread loop = new Thread(this::loop, name);
		thread = loop;
		loop.start();
	}

	private void loop() {
		int failures = 0;
		while (rounds) {
			Duration pause;
			// a wake from now on is for this round's successor: what it stored may be after this round's reads
			woken = false;
			try {
				pause = round.apply(clock.instant());
				if (failures > 0) {
					log.info("{} works again after {} failed rounds", name, failures);
				}
				failures = 0;
			}
			catch (RuntimeException ex) {
				failures++;
				pause = afterFailures(interval, failures);
				// the first failure with its cause, then one line a minute or so (the database may be down for long)
				if (failures == 1) {
					log.warn("A round of {} failed; retrying with backoff", name, ex);
				}
				else if (failures % Math.max(1, 60_000 / Math.max(1, MAX_FAILURE_PAUSE.toMillis())) == 0) {
					log.warn("{} has failed {} rounds in a row, the last with: {}", name, failures, ex.toString());
				}
			}
			if (!pause.isNegative() && !pause.isZero() && !pauseUnlessWoken(pause)) {
				break;
			}
		}
		try {
			afterLastRound();
		}
		catch (RuntimeException ex) {
			log.warn("{} could not finish its last work", name, ex);
		}
	}

	/**
	 * Pauses for {@code pause}, or until {@link #wake()}; false if interrupted meanwhile (parked,
	 * not slept: a sleep rounds to whole milliseconds before Java 21).
	 */
	private boolean pauseUnlessWoken(Duration pause) {
		long until = System.nanoTime() + pause.toNanos();
		for (long left = pause.toNanos(); left > 0 && !woken && rounds; left = until - System.nanoTime()) {
			LockSupport.parkNanos(this, left);
			if (Thread.currentThread().isInterrupted()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Ends the loop's pause at once, so its next round starts now (work it would otherwise find
	 * only after its pause); a wake during a round skips the pause after it. Any thread.
	 */
	protected void wake() {
		woken = true;
		Thread loop = thread;
		if (loop != null) {
			LockSupport.unpark(loop);
		}
	}

	/** The longest pause between failing rounds. */
	static final Duration MAX_FAILURE_PAUSE = Duration.ofSeconds(5);

	/** The pause after {@code failures} failed rounds in a row: doubling from {@code first}, at most 5 s. */
	public static Duration afterFailures(Duration first, int failures) {
		Duration pause = first.isZero() ? Duration.ofMillis(1) : first;
		for (int i = 1; i < failures && pause.compareTo(MAX_FAILURE_PAUSE) < 0; i++) {
			pause = pause.multipliedBy(2);
		}
		return pause.compareTo(MAX_FAILURE_PAUSE) > 0 ? MAX_FAILURE_PAUSE : pause;
	}

	/** Runs on the loop's thread after its last round (in shutdown): finishing work in flight. */
	protected void afterLastRound() {
	}

	/**
	 * Starts no round from now on, without waiting: for a loop that must stop claiming at the
	 * first sign of shutdown, before the lifecycle phases above its own have stopped.
	 * {@link #stop()} still waits for the round in flight and {@link #afterLastRound()}.
	 */
	protected void stopStartingRounds() {
		rounds = false;
		// a pause need not run out first
		wake();
	}

	@Override
	public void stop() {
		rounds = false;
		running = false;
		wake();
		Thread loop = thread;
		if (loop != null) {
			try {
				loop.join(drain.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return phase;
	}

}
