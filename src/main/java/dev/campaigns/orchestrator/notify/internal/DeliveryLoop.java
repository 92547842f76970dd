package dev.campaigns.orchestrator.notify.internal;

import java.time.Clock;

import dev.campaigns.orchestrator.notify.NotifySettings;
import dev.campaigns.orchestrator.notify.WebhookDeliverer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs delivery rounds on a thread of its own: back to back while work is due, then every
 * {@code interval}. In shutdown it stops after the poller (which records events) and
 * finishes the round in flight; what is left is sent by the next replica to start.
 */
@Component
@ConditionalOnBooleanProperty(name = "orchestrator.notify.enabled", matchIfMissing = true)
class DeliveryLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);

	private final WebhookDeliverer deliverer;

	private final NotifySettings settings;

	private final Clock clock;

	private volatile boolean running;

	private Thread thread;

	DeliveryLoop(WebhookDeliverer deliverer, NotifySettings settings, Clock clock) {
		this.deliverer = deliverer;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public void start() {
		running = true;
		thread = new Thread(this::loop, "webhook-delivery-loop");
		thread.start();
	}

	private void loop() {
		while (running) {
			boolean worked = false;
			try {
				worked = deliverer.deliverDue(clock.instant()).didWork();
			}
			catch (RuntimeException ex) {
				log.warn("Webhook delivery round failed; retrying after {}", settings.interval(), ex);
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
				thread.join(settings.connectTimeout().plus(settings.requestTimeout()).toMillis());
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

	/** Stops after the poller, before the web server and the database pool. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 2050;
	}

}
