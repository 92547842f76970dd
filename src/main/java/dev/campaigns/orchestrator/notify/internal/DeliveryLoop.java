package dev.campaigns.orchestrator.notify.internal;

import java.time.Clock;

import dev.campaigns.orchestrator.RoundLoop;
import dev.campaigns.orchestrator.notify.NotifySettings;
import dev.campaigns.orchestrator.notify.WebhookDeliverer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Webhook delivery rounds on their own thread; a round only claims and hands over, so no
 * receiver holds it up. In shutdown it stops after the poller (which records events) and waits
 * up to {@code request-timeout} for the deliveries in flight; what is left is sent by the next
 * replica once its lease ends.
 */
@Component
@ConditionalOnBooleanProperty(name = "orchestrator.notify.enabled", matchIfMissing = true)
class DeliveryLoop extends RoundLoop {

	private final WebhookDeliverer deliverer;

	private final NotifySettings settings;

	DeliveryLoop(WebhookDeliverer deliverer, NotifySettings settings, Clock clock) {
		super("webhook-delivery-loop", now -> deliverer.deliverDue(now).didWork(), settings.interval(),
				settings.requestTimeout().plus(NotifySettings.LEASE_MARGIN), Integer.MAX_VALUE - 2050, clock);
		this.deliverer = deliverer;
		this.settings = settings;
	}

	@Override
	protected void afterLastRound() {
		deliverer.awaitInFlight(settings.requestTimeout());
	}

}
