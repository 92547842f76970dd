package dev.campaigns.orchestrator.notify.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.campaigns.orchestrator.net.TargetRefused;
import dev.campaigns.orchestrator.notify.NotifySettings;
import dev.campaigns.orchestrator.notify.internal.WebhookStore.Claimed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends claimed deliveries on a pool of {@code max-in-flight} threads, never on the caller's:
 * each exchange has one deadline, {@code request-timeout}, for all of it and reads at most
 * {@code max-answer-size} of the answer, and connects only to addresses checked against SSRF
 * ({@link WebhookExchange}); its answer is recorded as it
 * arrives ({@link DeliveryRecorder}). What is in flight is counted per receiver ({@link InFlight})
 * until its answer is recorded, so a round claims only what has room.
 */
class DeliverySender implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(DeliverySender.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final WebhookExchange exchange;

	private final DeliveryRecorder recorder;

	private final WebhookStore store;

	private final NotifySettings settings;

	private final Clock clock;

	private final InFlight inFlight;

	private final ThreadPoolExecutor pool;

	DeliverySender(WebhookExchange exchange, DeliveryRecorder recorder, WebhookStore store, NotifySettings settings,
			Clock clock) {
		this.exchange = exchange;
		this.recorder = recorder;
		this.store = store;
		this.settings = settings;
		this.clock = clock;
		this.inFlight = new InFlight(settings.maxInFlight(), settings.maxInFlightPerReceiver());
		AtomicInteger number = new AtomicInteger();
		// as many threads as may be in flight, so a delivery never queues; the queue only bridges a thread's
		// last instants after its delivery left the count
		this.pool = new ThreadPoolExecutor(settings.maxInFlight(), settings.maxInFlight(), 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(settings.maxInFlight()), task -> {
					Thread thread = new Thread(task, "webhook-delivery-" + number.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
	}

	InFlight inFlight() {
		return inFlight;
	}

	/**
	 * Sends the delivery on the pool and returns at once; the round must have claimed it within
	 * {@link InFlight#receiverRoom()}. A pool shut down leaves it due again.
	 */
	void send(Claimed delivery) {
		inFlight.add(delivery.receiver());
		try {
			pool.execute(() -> deliver(delivery));
		}
		catch (RejectedExecutionException ex) {
			inFlight.remove(delivery.receiver());
			store.release(delivery, clock.instant());
		}
	}

	/** The body is built here once, so the bytes signed are the bytes sent. */
	static String body(Claimed delivery) {
		ObjectNode body = json.createObjectNode();
		body.put("id", delivery.eventId());
		body.put("type", delivery.type());
		body.put("occurredAt", delivery.occurredAt().toString());
		body.set("data", json.readTree(delivery.payload()));
		return json.writeValueAsString(body);
	}

	private void deliver(Claimed delivery) {
		try {
			Instant now = clock.instant();
			Duration leaseLeft = Duration.between(now, delivery.leaseUntil());
			if (leaseLeft.compareTo(settings.requestTimeout().plus(NotifySettings.LEASE_MARGIN)) < 0) {
				// the claim took long: the lease could end in flight, and another replica send it too
				store.release(delivery, now);
				return;
			}
			recorder.record(delivery, exchange(delivery, now));
		}
		catch (RuntimeException ex) {
			log.warn("Webhook delivery {} failed unexpectedly; it is tried again when its lease ends", delivery.id(),
					ex);
		}
		finally {
			inFlight.remove(delivery.receiver());
		}
	}

	private DeliveryAnswer exchange(Claimed delivery, Instant now) {
		String body = body(delivery);
		long timestamp = now.getEpochSecond();
		Map<String, String> headers = Map.of("User-Agent", "campaign-orchestrator-webhooks", "Webhook-Id",
				Long.toString(delivery.eventId()), "Webhook-Timestamp", Long.toString(timestamp), "Webhook-Signature",
				WebhookSignature.header(delivery.secret(), delivery.previousSecret(), timestamp, body));
		try {
			return DeliveryAnswer.of(exchange.post(URI.create(delivery.url()), headers, body));
		}
		catch (TargetRefused ex) {
			// the URL may carry a token of the receiver's: only ids are logged
			log.warn("Webhook delivery {} refused: {}", delivery.id(), ex.getMessage());
			return DeliveryAnswer.failed(ex);
		}
		catch (IOException | RuntimeException ex) {
			return DeliveryAnswer.failed(ex);
		}
	}

	/** Stops the pool: exchanges in flight are abandoned (the loop waited for them before). */
	@Override
	public void close() {
		pool.shutdownNow();
		// blocking sockets ignore interrupts: closing the client ends the exchanges in flight
		exchange.close();
		try {
			pool.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
