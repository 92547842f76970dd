package dev.campaigns.orchestrator.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.orchestrator.status.StatusPoller;
import dev.campaigns.testsupport.MutableClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Simulated time for the whole flow plus webhook deliveries (as in the status module's
 * tests), and a receiver's signature check written from the README, not from our signer.
 */
final class WebhookFixtures {

	/** A Monday morning in London, inside the default calling window. */
	static final Instant START = Instant.parse("2030-01-07T09:30:00Z");

	private WebhookFixtures() {
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SimulatedTime {

		@Bean
		@Primary
		MutableClock simulatedClock() {
			return new MutableClock(START);
		}

	}

	/**
	 * Runs delivery rounds at the clock's instant, each followed by waiting for its answers to be
	 * recorded, until nothing more is due then.
	 */
	static void deliverAll(WebhookDeliverer deliverer, MutableClock clock) {
		boolean worked;
		do {
			worked = deliverer.deliverDue(clock.instant()).didWork();
			if (!deliverer.awaitInFlight(Duration.ofSeconds(30))) {
				throw new AssertionError("deliveries still in flight after 30 s");
			}
		}
		while (worked);
	}

	/**
	 * Steps the clock by {@code step}, running dispatch, polling and delivery rounds until
	 * each has nothing left at that instant, until {@code done} or {@code limit}.
	 */
	static void run(MutableClock clock, Dispatcher dispatcher, StatusPoller poller, WebhookDeliverer deliverer,
			Duration step, Duration limit, BooleanSupplier done) {
		Instant end = clock.instant().plus(limit);
		while (clock.instant().isBefore(end) && !done.getAsBoolean()) {
			clock.advance(step);
			Instant now = clock.instant();
			while (dispatcher.dispatchDue(now).didWork()) {
				// until this instant's budget or work is used up
			}
			while (poller.pollDue(now).didWork()) {
				// until nothing more is due at this instant
			}
			deliverAll(deliverer, clock);
		}
	}

	/** Waits, in real time, until {@code condition} holds; fails after {@code max}. */
	static void eventually(Duration max, BooleanSupplier condition) {
		long deadline = System.nanoTime() + max.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("not within " + max);
			}
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
	}

	/** Whether one of the header's {@code v1=} values is the signature of this request with {@code secret}. */
	static boolean signedWith(String secret, WebhookReceiver.Received request) {
		String expected = hmac(secret, request.timestamp() + "." + request.body());
		return signatures(request).stream().anyMatch(signature -> same(signature, expected));
	}

	static List<String> signatures(WebhookReceiver.Received request) {
		return Arrays.stream(String.valueOf(request.signature()).split(" "))
			.filter(value -> value.startsWith("v1="))
			.map(value -> value.substring(3))
			.toList();
	}

	static String hmac(String secret, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Constant-time comparison, as a receiver should do it. */
	static boolean same(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

}
