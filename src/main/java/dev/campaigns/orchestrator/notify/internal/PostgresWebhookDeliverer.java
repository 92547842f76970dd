package dev.campaigns.orchestrator.notify.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.campaigns.orchestrator.notify.NotifySettings;
import dev.campaigns.orchestrator.notify.WebhookDeliverer;

/**
 * Deliveries over PostgreSQL and {@code java.net.http}: routes new outbox events, claims due
 * deliveries with {@code SKIP LOCKED} (only as many as the sending pool and each receiver have
 * room for), and hands them to the {@link DeliverySender}, which sends them outside any
 * transaction and records each answer as it arrives. Non-2xx answers and failed exchanges are
 * tried again after {@link WebhookBackoff}; after {@code max-attempts} tries a delivery is dead.
 */
class PostgresWebhookDeliverer implements WebhookDeliverer {

	private final WebhookStore store;

	private final DeliverySender sender;

	private final NotifySettings settings;

	PostgresWebhookDeliverer(WebhookStore store, DeliverySender sender, NotifySettings settings) {
		this.store = store;
		this.sender = sender;
		this.settings = settings;
	}

	/** One round at a time: a round claims what the count of deliveries in flight leaves room for. */
	@Override
	public synchronized DeliveryRound deliverDue(Instant now) {
		int routed = store.route(settings.batchSize(), now);
		InFlight inFlight = sender.inFlight();
		int room = Math.min(settings.batchSize(), inFlight.room());
		if (room == 0) {
			return new DeliveryRound(routed, 0);
		}
		List<WebhookStore.Claimed> due = store.claim(room, inFlight.receiverRoom(), now, now.plus(settings.lease()));
		due.forEach(sender::send);
		return new DeliveryRound(routed, due.size());
	}

	@Override
	public boolean awaitInFlight(Duration max) {
		try {
			return sender.inFlight().awaitNone(max);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return sender.inFlight().count() == 0;
		}
	}

}
