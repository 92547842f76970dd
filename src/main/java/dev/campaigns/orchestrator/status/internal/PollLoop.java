package dev.campaigns.orchestrator.status.internal;

import java.time.Clock;

import dev.campaigns.orchestrator.status.PollSettings;
import dev.campaigns.orchestrator.status.StatusPoller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs polling rounds on a thread of its own: back to back while calls are due, then every
 * {@code interval}. In shutdown it stops after the dispatcher (a polled call's outcome may
 * schedule a retry) and finishes the round in flight.
 */
@Component
@ConditionalOnBooleanProperty(name = "orchestrator.status.enabled", matchIfMissing = true)
class PollLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

	private final StatusPoller poller;

	private final PollSettings settings;

	private final Clock clock;

	private volatile boolean running;

	private Thread thread;

	PollLoop(StatusPoller poller, PollSettings settings, Clock clock) {
		this.poller = poller;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public void start() {
		running = true;
		thread = new Thread(this::loop, "status-poll-loop");
		thread.start();
	}

	private void loop() {
		while (running) {
			boolean worked = false;
			try {
				worked = poller.pollDue(clock.instant()).didWork();
			}
			catch (RuntimeException ex) {
				log.warn("Polling round failed; retrying after {}", settings.interval(), ex);
			}
			if (!worked) {
				try {
					Thread.sleep(settings.interval().toMillis());
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
				thread.join(settings.lease().toMillis());
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

	/** Stops after the dispatcher, before the web server and the database pool. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 2049;
	}

}
