package dev.campaigns.orchestrator.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.campaigns.orchestrator.notify.WebhookDeliverer.DeliveryRound;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Receivers that answer late, trickle their answer or answer too much cost their own
 * deliveries and nothing else: rounds return at once, another tenant's receiver is delivered
 * meanwhile, and each receiver has at most its share of deliveries in flight. Receivers are
 * real servers on 127.0.0.1, each its own receiver (its own port); the deadline is 1 s of real
 * time, the backoff runs on the simulated clock.
 */
@IntegrationTest
@Import(WebhookFixtures.SimulatedTime.class)
@TestPropertySource(properties = { "orchestrator.notify.enabled=false", "orchestrator.notify.request-timeout=1s",
		"orchestrator.notify.connect-timeout=500ms", "orchestrator.notify.max-in-flight-per-receiver=2",
		"orchestrator.notify.max-attempts=3" })
class WebhookIsolationIntegrationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(1);

	static WebhookReceiver slow;

	static WebhookReceiver trickling;

	static WebhookReceiver prompt;

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	WebhookDeliverer deliverer;

	@Autowired
	Outbox outbox;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	static void startReceivers(@Autowired MutableClock clock) {
		slow = WebhookReceiver.start(clock);
		trickling = WebhookReceiver.start(clock);
		prompt = WebhookReceiver.start(clock);
	}

	@AfterAll
	static void stopReceivers() {
		slow.close();
		trickling.close();
		prompt.close();
	}

	@BeforeEach
	void forgetOtherTestsDeliveries() {
		// other test classes' deliveries, due on their own clocks, would be claimed in these rounds
		jdbc.sql("update webhook_delivery set state = 'DEAD', next_attempt_at = null where state = 'PENDING'").update();
		jdbc.sql("update outbox set routed_at = created_at where routed_at is null").update();
	}

	@Test
	void aSlowAndATricklingReceiverHoldUpNeitherTheRoundNorAnotherTenantsDelivery() {
		String path = "/" + UUID.randomUUID();
		slow.answerAfter(path, DEADLINE.multipliedBy(3));
		trickling.trickle(path, 20, Duration.ofMillis(200));
		Tenant a = Tenant.create(port);
		Tenant b = Tenant.create(port);
		String aSlow = a.subscribe(slow.url(path));
		String aTrickling = a.subscribe(trickling.url(path));
		String bPrompt = b.subscribe(prompt.url(path));
		outbox.record(a.name(), Outbox.CAMPAIGN_COMPLETED, Map.of("n", 1));
		outbox.record(b.name(), Outbox.CAMPAIGN_COMPLETED, Map.of("n", 2));
		Instant sentAt = clock.instant();

		long start = System.nanoTime();
		DeliveryRound round = deliverer.deliverDue(sentAt);
		Duration roundTook = since(start);
		WebhookFixtures.eventually(Duration.ofSeconds(10), () -> b.delivery(bPrompt).get("state").asString()
			.equals("DELIVERED"));
		Duration bTook = since(start);
		JsonNode aSlowMeanwhile = a.delivery(aSlow);
		DeliveryRound whileInFlight = deliverer.deliverDue(sentAt);

		assertThat(round.sent()).as("A's and B's deliveries leave in the same round").isEqualTo(3);
		assertThat(roundTook).as("the round waits for no receiver").isLessThan(DEADLINE.dividedBy(2));
		assertThat(bTook).as("B is delivered before A's deadline passes").isLessThan(DEADLINE);
		assertThat(aSlowMeanwhile.get("attempts").asInt()).isEqualTo(1);
		assertThat(text(aSlowMeanwhile, "lastError")).as("A is still in flight").isNull();
		assertThat(whileInFlight.sent()).as("a delivery in flight is not claimed again").isZero();

		WebhookFixtures.eventually(Duration.ofSeconds(10),
				() -> text(a.delivery(aSlow), "lastError") != null && text(a.delivery(aTrickling), "lastError") != null);
		Duration aTook = since(start);
		assertThat(aTook).as("the deadline covers the trickled body (4 s of it)")
			.isLessThan(DEADLINE.plusMillis(1500));
		for (String subscription : new String[] { aSlow, aTrickling }) {
			JsonNode failed = a.delivery(subscription);
			assertThat(failed.get("state").asString()).isEqualTo("PENDING");
			assertThat(failed.get("attempts").asInt()).isEqualTo(1);
			assertThat(text(failed, "lastStatus")).isNull();
			assertThat(text(failed, "lastError")).startsWith("HttpTimeoutException");
			// 10 s, shortened by at most a fifth
			assertThat(Instant.parse(failed.get("nextAttemptAt").asString()))
				.isBetween(sentAt.plusSeconds(8), sentAt.plusSeconds(10));
		}

		clock.advance(Duration.ofSeconds(7));
		assertThat(deliverer.deliverDue(clock.instant()).sent()).as("not before the backoff").isZero();
		clock.advance(Duration.ofSeconds(4));
		assertThat(deliverer.deliverDue(clock.instant()).sent()).as("both tried again").isEqualTo(2);
		Instant retriedAt = clock.instant();
		WebhookFixtures.eventually(Duration.ofSeconds(10),
				() -> answeredAfter(a.delivery(aSlow), retriedAt) && answeredAfter(a.delivery(aTrickling), retriedAt));
		for (WebhookReceiver receiver : new WebhookReceiver[] { slow, trickling }) {
			assertThat(receiver.received(path)).hasSize(2)
				.extracting(WebhookReceiver.Received::id)
				.containsOnly(receiver.received(path).get(0).id());
			assertThat(Long.parseLong(receiver.received(path).get(1).timestamp()))
				.isEqualTo(retriedAt.getEpochSecond());
		}
		assertThat(a.delivery(aSlow).get("attempts").asInt()).isEqualTo(2);
		assertThat(text(a.delivery(aTrickling), "lastError")).startsWith("HttpTimeoutException");
	}

	@Test
	void aReceiverHasAtMostItsShareInFlightWhileOthersAreClaimed() {
		String path = "/" + UUID.randomUUID();
		// within the deadline, so each exchange ends when the receiver answers
		slow.answerAfter(path, Duration.ofMillis(600));
		Tenant a = Tenant.create(port);
		Tenant b = Tenant.create(port);
		String aSlow = a.subscribe(slow.url(path));
		String bPrompt = b.subscribe(prompt.url(path));
		for (int n = 0; n < 3; n++) {
			outbox.record(a.name(), Outbox.CAMPAIGN_COMPLETED, Map.of("n", n));
		}

		DeliveryRound first = deliverer.deliverDue(clock.instant());
		outbox.record(b.name(), Outbox.CAMPAIGN_COMPLETED, Map.of("n", 3));
		DeliveryRound second = deliverer.deliverDue(clock.instant());
		WebhookFixtures.eventually(Duration.ofSeconds(10), () -> prompt.accepted(path).size() == 1);
		WebhookFixtures.eventually(Duration.ofSeconds(10), () -> delivered(a.deliveries(aSlow)) >= 2);
		DeliveryRound third = deliverer.deliverDue(clock.instant());
		WebhookFixtures.eventually(Duration.ofSeconds(10), () -> slow.accepted(path).size() == 3);

		assertThat(first.sent()).as("A's receiver gets two of its three").isEqualTo(2);
		assertThat(second.sent()).as("B's only: A's receiver is full").isEqualTo(1);
		assertThat(third.sent()).as("A's third once there is room").isEqualTo(1);
		assertThat(slow.busiest(path)).isEqualTo(2);
		WebhookFixtures.eventually(Duration.ofSeconds(10), () -> b.delivery(bPrompt).get("state").asString()
			.equals("DELIVERED"));
	}

	@Test
	void anAnswerLargerThanTheCapIsAFailedTryNotReadToItsEnd() {
		String path = "/" + UUID.randomUUID();
		prompt.answerWithBody(path, 8 * 1024 * 1024);
		Tenant a = Tenant.create(port);
		String subscription = a.subscribe(prompt.url(path));
		outbox.record(a.name(), Outbox.CAMPAIGN_COMPLETED, Map.of("n", 1));

		assertThat(deliverer.deliverDue(clock.instant()).sent()).isEqualTo(1);
		WebhookFixtures.eventually(Duration.ofSeconds(10), () -> text(a.delivery(subscription), "lastError") != null
				|| a.delivery(subscription).get("state").asString().equals("DELIVERED"));

		JsonNode failed = a.delivery(subscription);
		assertThat(failed.get("state").asString()).isEqualTo("PENDING");
		assertThat(text(failed, "lastStatus")).isNull();
		assertThat(text(failed, "lastError")).startsWith("AnswerTooLarge");
	}

	/** Whether the delivery's try at {@code sentAt} was answered: its next try is set by the backoff, not the lease. */
	private static boolean answeredAfter(JsonNode delivery, Instant sentAt) {
		String next = text(delivery, "nextAttemptAt");
		return next != null && Instant.parse(next).isAfter(sentAt) && Instant.parse(next).isBefore(sentAt.plusSeconds(30));
	}

	private static long delivered(JsonNode deliveries) {
		long delivered = 0;
		for (JsonNode delivery : deliveries) {
			delivered += delivery.get("state").asString().equals("DELIVERED") ? 1 : 0;
		}
		return delivered;
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isNull() || value.isMissingNode() ? null : value.asString();
	}

	/** A new tenant with a key that manages its webhooks. */
	private record Tenant(String name, Api api) {

		static Tenant create(int port) {
			String name = "wh-" + UUID.randomUUID().toString().substring(0, 8);
			return new Tenant(name, Api.at(port).keyFor(name, "campaigns:write"));
		}

		String subscribe(String url) {
			return json(api.post("/api/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"campaign.completed\"]}"))
				.get("id")
				.asString();
		}

		JsonNode deliveries(String subscription) {
			return json(api.get("/api/v1/webhooks/" + subscription + "/deliveries")).get("items");
		}

		/** The subscription's one delivery. */
		JsonNode delivery(String subscription) {
			JsonNode items = deliveries(subscription);
			assertThat(items.size()).isEqualTo(1);
			return items.get(0);
		}

	}

}
