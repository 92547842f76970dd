package dev.campaigns.orchestrator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs a module's rounds (dispatch, polling, webhook delivery) on a thread of its own: back
 * to back while a round finds work, then every {@code interval}. In shutdown it starts no
 * round after the signal and lets the round in flight finish, for at most {@code drain}.
 * The phase orders the loops' stops: higher stops first.
 */
public class RoundLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RoundLoop.class);

	private final String name;

	private final Predicate<Instant> round;

	private final Duration interval;

	private final Duration drain;

	private final int phase;

	private final Clock clock;

	private volatile boolean running;

	private Thread thread;

	/**
	 * @param round one round at the given instant; answers whether it found work
	 */
	public RoundLoop(String name, Predicate<Instant> round, Duration interval, Duration drain, int phase,
			Clock clock) {
		this.name = name;
		this.round = round;
		this.interval = interval;
		this.drain = drain;
		this.phase = phase;
		this.clock = clock;
	}

	@Override
	public void start() {
		running = true;
		thread = new Thread(this::loop, name);
		thread.start();
	}

	private void loop() {
		while (running) {
			boolean worked = false;
			try {
				worked = round.test(clock.instant());
			}
			catch (RuntimeException ex) {
				log.warn("A round of {} failed; retrying after {}", name, interval, ex);
			}
			if (!worked) {
				try {
					Thread.sleep(interval.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public void stop() {
		running = false;
		if (thread != null) {
			try {
				thread.join(drain.toMillis());
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
