package dev.campaigns.orchestrator.notify.web;

/** A redelivery was asked for while the delivery is still being tried. */
class DeliveryStillPending extends RuntimeException {

	DeliveryStillPending(long id) {
		super("Delivery " + id + " is still pending; it will be tried again at its next attempt time.");
	}

}
