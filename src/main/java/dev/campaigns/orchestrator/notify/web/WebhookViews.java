package dev.campaigns.orchestrator.notify.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.campaigns.orchestrator.notify.internal.Webhooks;
import org.jspecify.annotations.Nullable;

/** The webhook API's answers; field names are part of the contract. */
final class WebhookViews {

	private WebhookViews() {
	}

	/** A new subscription: the only answer, with a rotation's, that carries a secret. */
	record CreatedWebhook(UUID id, String url, List<String> events, String secret, Instant createdAt) {

		static CreatedWebhook of(Webhooks.Subscription subscription) {
			return new CreatedWebhook(subscription.id(), subscription.url(), subscription.events(),
					subscription.secret(), subscription.createdAt());
		}

	}

	/** A subscription without its secrets. */
	record WebhookView(UUID id, String url, List<String> events, Instant createdAt,
			@Nullable Instant previousSecretValidUntil) {

		static WebhookView of(Webhooks.Subscription subscription) {
			return new WebhookView(subscription.id(), subscription.url(), subscription.events(),
					subscription.createdAt(),
					subscription.previousSecret() == null ? null : subscription.previousSecretExpiresAt());
		}

	}

	record RotatedSecret(UUID id, String secret, Instant previousSecretValidUntil) {

		static RotatedSecret of(Webhooks.Rotation rotation) {
			return new RotatedSecret(rotation.id(), rotation.secret(), rotation.previousSecretValidUntil());
		}

	}

	record DeliveryView(long id, long eventId, String type, String state, int attempts, Instant createdAt,
			@Nullable Instant nextAttemptAt, @Nullable Instant lastAttemptAt, @Nullable Integer lastStatus,
			@Nullable String lastError, @Nullable Instant deliveredAt) {

		static DeliveryView of(Webhooks.Delivery delivery) {
			return new DeliveryView(delivery.id(), delivery.eventId(), delivery.type(), delivery.state(),
					delivery.attempts(), delivery.createdAt(),
					"PENDING".equals(delivery.state()) ? delivery.nextAttemptAt() : null, delivery.lastAttemptAt(),
					delivery.lastStatus(), delivery.lastError(), delivery.deliveredAt());
		}

	}

	/** A listing (API.md "a page of anything"); these listings are a single page. */
	record Items<T>(List<T> items, int page, int size, long totalItems) {

		static <T> Items<T> of(List<T> items) {
			return new Items<>(items, 0, items.size(), items.size());
		}

	}

}
