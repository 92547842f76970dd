package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Clock;

import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.dispatch.Dispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs dispatch rounds on a thread of its own: back to back while there is work, then every
 * {@code interval}. Stops early in shutdown: no claim after the signal, and the round in
 * flight finishes (its triggers answered and recorded) before the application goes on.
 */
@Component
@ConditionalOnBooleanProperty(name = "orchestrator.dispatch.enabled", matchIfMissing = true)
class DispatchLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);

	private final Dispatcher dispatcher;

	private final DispatchSettings settings;

	private final Clock clock;

	private volatile boolean running;

	private Thread thread;

	DispatchLoop(Dispatcher dispatcher, DispatchSettings settings, Clock clock) {
		this.dispatcher = dispatcher;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public void start() {
		running = true;
		thread = new Thread(this::loop, "dispatch-loop");
		thread.start();
	}

	private void loop() {
		while (running) {
			boolean worked = false;
			try {
				worked = dispatcher.dispatchDue(clock.instant()).didWork();
			}
			catch (RuntimeException ex) {
				log.warn("Dispatch round failed; retrying after {}", settings.interval(), ex);
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

	/** Stops before the web server and the database pool. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 2048;
	}

}
