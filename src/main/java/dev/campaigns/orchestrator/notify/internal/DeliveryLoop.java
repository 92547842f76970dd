package dev.campaigns.orchestrator.notify.internal;

import java.time.Clock;

import dev.campaigns.orchestrator.RoundLoop;
import dev.campaigns.orchestrator.notify.NotifySettings;
import dev.campaigns.orchestrator.notify.WebhookDeliverer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Webhook delivery rounds on their own thread. In shutdown it stops after the poller (which
 * records events) and finishes the round in flight; what is left is sent by the next replica.
 */
@Component
@ConditionalOnBooleanProperty(name = "orchestrator.notify.enabled", matchIfMissing = true)
class DeliveryLoop extends RoundLoop {

	DeliveryLoop(WebhookDeliverer deliverer, NotifySettings settings, Clock clock) {
		super("webhook-delivery-loop", now -> deliverer.deliverDue(now).didWork(), settings.interval(),
				settings.connectTimeout().plus(settings.requestTimeout()), Integer.MAX_VALUE - 2050, clock);
	}

}
