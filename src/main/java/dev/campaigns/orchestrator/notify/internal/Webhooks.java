package dev.campaigns.orchestrator.notify.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.campaigns.orchestrator.net.TargetCheck;
import dev.campaigns.orchestrator.notify.NotifySettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * A tenant's webhook subscriptions and their deliveries. Everything is scoped by tenant:
 * another tenant's subscription or delivery is indistinguishable from none.
 */
@Service
public class Webhooks {

	private final WebhookStore store;

	private final NotifySettings settings;

	private final Clock clock;

	private final TargetCheck targets;

	Webhooks(WebhookStore store, NotifySettings settings, Clock clock,
			@Qualifier("webhookTargets") TargetCheck targets) {
		this.store = store;
		this.settings = settings;
		this.clock = clock;
		this.targets = targets;
	}

	/** A subscription; {@code secret} is only ever shown when it is created or rotated. */
	public record Subscription(UUID id, String url, List<String> events, String secret,
			@Nullable String previousSecret, @Nullable Instant previousSecretExpiresAt, Instant createdAt) {
	}

	/** A new secret, and until when the previous one still signs. */
	public record Rotation(UUID id, String secret, Instant previousSecretValidUntil) {
	}

	/** One event's delivery to one subscription. */
	public record Delivery(long id, long eventId, String type, String state, int attempts, Instant createdAt,
			@Nullable Instant nextAttemptAt, @Nullable Instant lastAttemptAt, @Nullable Integer lastStatus,
			@Nullable String lastError, @Nullable Instant deliveredAt) {
	}

	/** What asking for a redelivery did. */
	public enum Redelivery {

		/** The delivery is pending again, due now. */
		REQUEUED,

		/** The delivery is still being tried; nothing changed. */
		STILL_PENDING,

		/** The tenant has no such delivery. */
		NOT_FOUND

	}

	/**
	 * Why webhooks must not go to {@code url}, e.g. {@code must reach a public address: its host
	 * resolves to a loopback address}, or null. Each delivery is checked again when it connects.
	 */
	public @Nullable String targetRefusal(String url) {
		return targets.refusal(url);
	}

	/** Subscribes {@code url} to {@code events} (already validated) with a new secret. */
	public Subscription subscribe(String tenant, String url, List<String> events) {
		Subscription subscription = new Subscription(UUID.randomUUID(), url, List.copyOf(events),
				WebhookSignature.newSecret(), null, null, clock.instant().truncatedTo(ChronoUnit.MICROS));
		store.insert(tenant, subscription);
		return subscription;
	}

	/** The tenant's active subscriptions, newest first, at most {@code limit}. */
	public List<Subscription> list(String tenant, int limit) {
		return store.list(tenant, limit);
	}

	public Optional<Subscription> find(String tenant, UUID id) {
		return store.find(tenant, id);
	}

	public boolean unsubscribe(String tenant, UUID id) {
		return store.delete(tenant, id);
	}

	/**
	 * Replaces the secret; the replaced one keeps signing (a second {@code v1=} value) until
	 * retired or {@code previous-secret-validity} has passed. A second rotation within that
	 * time drops the oldest secret at once.
	 */
	public Optional<Rotation> rotateSecret(String tenant, UUID id) {
		String secret = WebhookSignature.newSecret();
		Instant until = clock.instant().plus(settings.previousSecretValidity()).truncatedTo(ChronoUnit.MICROS);
		return store.rotate(tenant, id, secret, until) ? Optional.of(new Rotation(id, secret, until))
				: Optional.empty();
	}

	/** Stops signing with the previous secret; answers false when the tenant has no such subscription. */
	public boolean retirePreviousSecret(String tenant, UUID id) {
		return store.retirePrevious(tenant, id);
	}

	/** The newest {@code limit} deliveries of the subscription, or empty when the tenant has no such subscription. */
	public Optional<List<Delivery>> deliveries(String tenant, UUID id, int limit) {
		return store.find(tenant, id).map(subscription -> store.deliveries(subscription.id(), limit));
	}

	public Optional<Delivery> delivery(String tenant, long deliveryId) {
		return store.delivery(tenant, deliveryId);
	}

	/** Puts a delivered or dead delivery back to pending, due now, with a fresh budget of tries. */
	public Redelivery redeliver(String tenant, long deliveryId) {
		if (store.redeliver(tenant, deliveryId, clock.instant())) {
			return Redelivery.REQUEUED;
		}
		return store.delivery(tenant, deliveryId).isPresent() ? Redelivery.STILL_PENDING : Redelivery.NOT_FOUND;
	}

}
