package dev.campaigns.orchestrator.notify.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import dev.campaigns.orchestrator.notify.NotifySettings;
import dev.campaigns.orchestrator.notify.internal.WebhookStore.Claimed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each answer as it arrives, on the thread that got it: a 2xx is delivered; anything
 * else is tried again after {@link WebhookBackoff}, counted from the answer, or is dead after
 * {@code max-attempts} tries. An answer to a try that is no longer the delivery's latest (its
 * lease ran out and it was claimed again) changes nothing.
 */
class DeliveryRecorder {

	private static final Logger log = LoggerFactory.getLogger(DeliveryRecorder.class);

	private final WebhookStore store;

	private final NotifySettings settings;

	private final WebhookBackoff backoff;

	private final Clock clock;

	private final Counter delivered;

	private final Counter failed;

	private final Counter dead;

	DeliveryRecorder(WebhookStore store, NotifySettings settings, Clock clock, MeterRegistry meters) {
		this.store = store;
		this.settings = settings;
		this.backoff = new WebhookBackoff(settings.initialBackoff(), settings.maxBackoff(), settings.jitter());
		this.clock = clock;
		this.delivered = meters.counter("orchestrator.notify.deliveries", "result", "delivered");
		this.failed = meters.counter("orchestrator.notify.deliveries", "result", "failed");
		this.dead = meters.counter("orchestrator.notify.deliveries", "result", "dead");
	}

	void record(Claimed delivery, DeliveryAnswer answer) {
		Instant now = clock.instant();
		try {
			if (answer.succeeded()) {
				store.delivered(delivery, answer.status(), now);
				delivered.increment();
			}
			else if (delivery.attempt() >= settings.maxAttempts()) {
				store.failed(delivery, answer.status(), answer.error(), null);
				// the URL may carry a token of the receiver's: only ids are logged
				log.warn("Webhook delivery {} of event {} is dead after {} tries: {}", delivery.id(),
						delivery.eventId(), delivery.attempt(), answer.error());
				dead.increment();
			}
			else {
				Instant next = now.plus(backoff.after(delivery.attempt(), ThreadLocalRandom.current()::nextDouble));
				store.failed(delivery, answer.status(), answer.error(), next);
				failed.increment();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Recording the answer to webhook delivery {} failed; it is tried again when its lease ends",
					delivery.id(), ex);
		}
	}

}
