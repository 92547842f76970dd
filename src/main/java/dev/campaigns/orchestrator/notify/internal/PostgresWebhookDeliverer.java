package dev.campaigns.orchestrator.notify.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

import dev.campaigns.orchestrator.notify.NotifySettings;
import dev.campaigns.orchestrator.notify.WebhookDeliverer;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deliveries over PostgreSQL and {@code java.net.http}: routes new outbox events, claims
 * due deliveries with {@code SKIP LOCKED}, sends them in parallel outside any transaction,
 * and records each answer. Non-2xx answers and transport failures are tried again after
 * {@link WebhookBackoff}; after {@code max-attempts} tries a delivery is dead.
 */
class PostgresWebhookDeliverer implements WebhookDeliverer {

	private static final Logger log = LoggerFactory.getLogger(PostgresWebhookDeliverer.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int LONGEST_ERROR = 500;

	private final WebhookStore store;

	private final HttpClient http;

	private final NotifySettings settings;

	private final WebhookBackoff backoff;

	private final MeterRegistry meters;

	PostgresWebhookDeliverer(WebhookStore store, HttpClient http, NotifySettings settings, MeterRegistry meters) {
		this.store = store;
		this.http = http;
		this.settings = settings;
		this.backoff = new WebhookBackoff(settings.initialBackoff(), settings.maxBackoff(), settings.jitter());
		this.meters = meters;
	}

	@Override
	public DeliveryRound deliverDue(Instant now) {
		int routed = store.route(settings.batchSize(), now);
		List<WebhookStore.Claimed> due = store.claim(settings.batchSize(), now, now.plus(settings.lease()));
		if (due.isEmpty()) {
			return new DeliveryRound(routed, 0, 0, 0, 0);
		}
		List<CompletableFuture<Answer>> answers = new ArrayList<>(due.size());
		for (WebhookStore.Claimed delivery : due) {
			answers.add(send(delivery, now));
		}
		int delivered = 0;
		int failed = 0;
		int dead = 0;
		for (int i = 0; i < due.size(); i++) {
			WebhookStore.Claimed delivery = due.get(i);
			Answer answer = answers.get(i).join();
			if (answer.succeeded()) {
				store.delivered(delivery, answer.status(), now);
				delivered++;
			}
			else if (delivery.attempt() >= settings.maxAttempts()) {
				store.failed(delivery, answer.status(), answer.error(), null);
				// the URL may carry a token of the receiver's: only ids are logged
				log.warn("Webhook delivery {} of event {} is dead after {} tries: {}", delivery.id(),
						delivery.eventId(), delivery.attempt(), answer.error());
				dead++;
			}
			else {
				Instant next = now.plus(backoff.after(delivery.attempt(), ThreadLocalRandom.current()::nextDouble));
				store.failed(delivery, answer.status(), answer.error(), next);
				failed++;
			}
		}
		meters.counter("orchestrator.notify.deliveries", "result", "delivered").increment(delivered);
		meters.counter("orchestrator.notify.deliveries", "result", "failed").increment(failed);
		meters.counter("orchestrator.notify.deliveries", "result", "dead").increment(dead);
		return new DeliveryRound(routed, due.size(), delivered, failed, dead);
	}

	/** The body is built here once, so the bytes signed are the bytes sent. */
	static String body(WebhookStore.Claimed delivery) {
		ObjectNode body = json.createObjectNode();
		body.put("id", delivery.eventId());
		body.put("type", delivery.type());
		body.put("occurredAt", delivery.occurredAt().toString());
		body.set("data", json.readTree(delivery.payload()));
		return json.writeValueAsString(body);
	}

	private CompletableFuture<Answer> send(WebhookStore.Claimed delivery, Instant now) {
		try {
			String body = body(delivery);
			long timestamp = now.getEpochSecond();
			HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
				.timeout(settings.requestTimeout())
				.header("Content-Type", "application/json")
				.header("User-Agent", "campaign-orchestrator-webhooks")
				.header("Webhook-Id", Long.toString(delivery.eventId()))
				.header("Webhook-Timestamp", Long.toString(timestamp))
				.header("Webhook-Signature",
						WebhookSignature.header(delivery.secret(), delivery.previousSecret(), timestamp, body))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
				.handle((response, failure) -> failure == null ? Answer.of(response.statusCode())
						: Answer.failed(failure));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.completedFuture(Answer.failed(ex));
		}
	}

	/** A receiver's answer: its HTTP status, or why there was none. */
	private record Answer(@Nullable Integer status, String error) {

		static Answer of(int status) {
			return new Answer(status, status / 100 == 2 ? "" : "HTTP " + status);
		}

		static Answer failed(Throwable failure) {
			Throwable cause = failure instanceof CompletionException && failure.getCause() != null
					? failure.getCause() : failure;
			String error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
					: ": " + cause.getMessage());
			return new Answer(null, error.length() > LONGEST_ERROR ? error.substring(0, LONGEST_ERROR) : error);
		}

		boolean succeeded() {
			return status != null && status / 100 == 2;
		}

	}

}
