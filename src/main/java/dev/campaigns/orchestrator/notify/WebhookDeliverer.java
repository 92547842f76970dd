package dev.campaigns.orchestrator.notify;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns outbox events into signed webhook deliveries: routes new events to the tenant's
 * subscriptions, then sends what is due, retrying failures with backoff until they are
 * delivered or dead. Sending never waits for a receiver: answers are recorded as they arrive.
 */
public interface WebhookDeliverer {

	/**
	 * Runs one round at {@code now}: routes new events, claims the due deliveries whose
	 * receivers have room and hands them to the sending pool, then returns without waiting for
	 * their answers; answers what it did.
	 */
	DeliveryRound deliverDue(Instant now);

	/**
	 * Waits up to {@code max} until the deliveries in flight are answered and recorded (in
	 * shutdown, and for tests that check what was recorded); answers whether none is left.
	 */
	boolean awaitInFlight(Duration max);

	/**
	 * What one round did.
	 *
	 * @param routed outbox events routed to subscriptions (or found to have none)
	 * @param sent deliveries claimed and handed to the sending pool; their answers are recorded
	 * as they arrive
	 */
	record DeliveryRound(int routed, int sent) {

		public static final DeliveryRound NOTHING = new DeliveryRound(0, 0);

		public boolean didWork() {
			return routed > 0 || sent > 0;
		}

	}

}
