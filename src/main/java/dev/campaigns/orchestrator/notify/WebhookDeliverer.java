package dev.campaigns.orchestrator.notify;

import java.time.Instant;

/**
 * Turns outbox events into signed webhook deliveries: routes new events to the tenant's
 * subscriptions, then sends what is due, retrying failures with backoff until they are
 * delivered or dead.
 */
public interface WebhookDeliverer {

	/** Runs one round at {@code now}; answers what it did. */
	DeliveryRound deliverDue(Instant now);

	/**
	 * What one round did.
	 *
	 * @param routed outbox events routed to subscriptions (or found to have none)
	 * @param sent deliveries attempted
	 * @param delivered of those, answered with 2xx
	 * @param failed of those, to be tried again later
	 * @param dead of those, out of attempts
	 */
	record DeliveryRound(int routed, int sent, int delivered, int failed, int dead) {

		public static final DeliveryRound NOTHING = new DeliveryRound(0, 0, 0, 0, 0);

		public boolean didWork() {
			return routed > 0 || sent > 0;
		}

	}

}
