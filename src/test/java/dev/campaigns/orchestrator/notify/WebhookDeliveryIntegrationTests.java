package dev.campaigns.orchestrator.notify;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignLifecycle;
import dev.campaigns.orchestrator.campaign.LifecycleAction;
import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.orchestrator.notify.WebhookReceiver.Received;
import dev.campaigns.orchestrator.status.StatusPoller;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Outbox events of a real campaign, delivered signed to a real receiver that fails at first. */
@IntegrationTest
@Import(WebhookFixtures.SimulatedTime.class)
@TestPropertySource(properties = { "orchestrator.dispatch.calls-per-second=1000", "orchestrator.dispatch.burst=1000",
		"orchestrator.status.requests-per-second=1000", "orchestrator.sandbox.seed=7",
		"orchestrator.notify.enabled=false", "orchestrator.notify.max-attempts=4" })
class WebhookDeliveryIntegrationTests {

	static WebhookReceiver receiver;

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	StatusPoller poller;

	@Autowired
	WebhookDeliverer deliverer;

	@Autowired
	Outbox outbox;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CampaignLifecycle lifecycle;

	@BeforeAll
	static void startReceiver(@Autowired MutableClock clock) {
		receiver = WebhookReceiver.start(clock);
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static JsonNode parse(String body) {
		return mapper.readTree(body);
	}

	@Test
	void everyFinishedRecipientAndTheCompletedCampaignArriveSignedAfterTheReceiversFailures() {
		// simulated time restarts in every context: buckets refreshed in another test's future would starve this one
		jdbc.sql("delete from rate_limit").update();
		jdbc.sql("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')").update();
		// calls other tests left in progress would be polled before this test's (their polls are due earlier)
		jdbc.sql("update call_attempt set phase = 'FINAL', next_poll_at = null where phase = 'ACTIVE'").update();
		Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sandbox/polyai/_calls"))
			.DELETE()
			.build());
		String path = "/flow-" + UUID.randomUUID();
		receiver.failFirst(path, 3);
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		JsonNode webhook = json(tenant.post("/api/v1/webhooks", "{\"url\":\"" + receiver.url(path)
				+ "\",\"events\":[\"recipient.completed\",\"campaign.completed\"]}"));
		String secret = webhook.get("secret").asString();
		List<String> numbers = IntStream.range(0, 5).mapToObj(i -> String.format("+4420%08d", 73000000 + i)).toList();
		String recipients = IntStream.range(0, numbers.size())
			.mapToObj(i -> "{\"phoneNumber\":\"" + numbers.get(i) + "\",\"externalId\":\"appt-" + i + "\"}")
			.collect(Collectors.joining(","));
		String campaignId = json(tenant.post("/api/v1/campaigns", "{\"name\":\"webhooks\",\"retry\":{\"maxAttempts\":2,"
				+ "\"backoff\":\"PT1M\"},\"rateLimit\":{\"callsPerMinute\":6000,\"maxConcurrentCalls\":100},"
				+ "\"recipients\":[" + recipients + "]}")).get("id").asString();

		WebhookFixtures.run(clock, dispatcher, poller, deliverer, Duration.ofSeconds(1), Duration.ofMinutes(40),
				() -> receiver.accepted(path).stream().anyMatch(r -> r.body().contains("\"campaign.completed\"")));

		List<Received> all = receiver.received(path);
		List<Received> accepted = receiver.accepted(path);
		assertThat(all).hasSize(accepted.size() + 3);
		assertThat(all).allSatisfy(request -> {
			assertThat(WebhookFixtures.signedWith(secret, request)).as("signed: %s", request).isTrue();
			assertThat(WebhookFixtures.signatures(request)).hasSize(1);
			assertThat(Long.parseLong(request.timestamp())).isEqualTo(request.receivedAtEpochSecond());
			assertThat(request.contentType()).startsWith("application/json");
			assertThat(request.id()).isEqualTo(parse(request.body()).get("id").asString());
			numbers.forEach(number -> assertThat(request.body()).doesNotContain(number.substring(1)));
		});
		Map<String, List<JsonNode>> byType = accepted.stream()
			.map(request -> parse(request.body()))
			.collect(Collectors.groupingBy(event -> event.get("type").asString()));
		assertThat(byType.get("recipient.completed")).hasSize(5).allSatisfy(event -> {
			assertThat(event.at("/data/campaignId").asString()).isEqualTo(campaignId);
			assertThat(event.at("/data/phoneNumber").asString()).matches("\\+44\\*{7}\\d{3}");
			assertThat(event.at("/data/outcome").asString()).isNotBlank();
			assertThat(event.at("/data/attempts").asInt()).isBetween(1, 2);
			assertThat(event.at("/data/lastCallSid").asString()).isNotBlank();
			assertThat(event.at("/data/completedAt").asString()).isNotBlank();
			assertThat(event.get("occurredAt").asString()).isNotBlank();
		});
		assertThat(byType.get("recipient.completed").stream().map(event -> event.at("/data/externalId").asString()))
			.containsExactlyInAnyOrder("appt-0", "appt-1", "appt-2", "appt-3", "appt-4");
		assertThat(byType.get("campaign.completed")).singleElement().satisfies(event -> {
			assertThat(event.at("/data/campaignId").asString()).isEqualTo(campaignId);
			assertThat(event.at("/data/name").asString()).isEqualTo("webhooks");
			assertThat(event.at("/data/counts/total").asInt()).isEqualTo(5);
			int sum = 0;
			for (JsonNode count : event.at("/data/counts/byOutcome")) {
				sum += count.asInt();
			}
			assertThat(sum).isEqualTo(5);
		});

		JsonNode deliveries = json(tenant.get("/api/v1/webhooks/" + webhook.get("id").asString() + "/deliveries"));
		assertThat(deliveries.get("items").size()).isEqualTo(6);
		int tries = 0;
		for (JsonNode delivery : deliveries.get("items")) {
			assertThat(delivery.get("state").asString()).isEqualTo("DELIVERED");
			tries += delivery.get("attempts").asInt();
		}
		assertThat(tries).isEqualTo(6 + 3);
	}

	@Test
	void everyEndedCallAndEveryRetryPlannedReachTheirSubscribers() {
		jdbc.sql("delete from rate_limit").update();
		jdbc.sql("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')").update();
		jdbc.sql("update call_attempt set phase = 'FINAL', next_poll_at = null where phase = 'ACTIVE'").update();
		String path = "/calls-" + UUID.randomUUID();
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		assertThat(tenant.post("/api/v1/webhooks", "{\"url\":\"" + receiver.url(path)
				+ "\",\"events\":[\"call.ended\",\"recipient.retry_scheduled\"]}").statusCode()).isEqualTo(201);
		String recipients = IntStream.range(0, 8)
			.mapToObj(i -> "{\"phoneNumber\":\"" + String.format("+4420%08d", 73100000 + i) + "\"}")
			.collect(Collectors.joining(","));
		String campaignId = json(tenant.post("/api/v1/campaigns", "{\"name\":\"calls\",\"retry\":{\"maxAttempts\":2,"
				+ "\"backoff\":\"PT1M\"},\"rateLimit\":{\"callsPerMinute\":6000,\"maxConcurrentCalls\":100},"
				+ "\"recipients\":[" + recipients + "]}")).get("id").asString();
		WebhookFixtures.run(clock, dispatcher, poller, deliverer, Duration.ofSeconds(1), Duration.ofMinutes(40),
				() -> "COMPLETED".equals(json(tenant.get("/api/v1/campaigns/" + campaignId)).get("status").asString()));
		long ended = jdbc.sql("select count(*) from call_attempt where campaign_id = ?::uuid and phase = 'FINAL'"
				+ " and call_sid is not null").param(campaignId).query(Long.class).single();
		long retried = jdbc.sql("select count(*) from recipient where campaign_id = ?::uuid and attempts = 2")
			.param(campaignId).query(Long.class).single();
		WebhookFixtures.run(clock, dispatcher, poller, deliverer, Duration.ofSeconds(1), Duration.ofMinutes(5),
				() -> receiver.accepted(path).size() >= ended + retried);

		Map<String, List<JsonNode>> byType = receiver.accepted(path).stream()
			.map(request -> parse(request.body()))
			.collect(Collectors.groupingBy(event -> event.get("type").asString()));
		assertThat(byType.get("call.ended")).hasSize((int) ended).allSatisfy(event -> {
			assertThat(event.at("/data/campaignId").asString()).isEqualTo(campaignId);
			assertThat(event.at("/data/callSid").asString()).startsWith("OUT-");
			assertThat(event.at("/data/status").asString()).isIn("COMPLETED", "NO_ANSWER", "BUSY", "FAILED");
			assertThat(event.at("/data/endedAt").asString()).isNotBlank();
		});
		assertThat(retried).as("the sandbox's mix fails some first calls").isPositive();
		assertThat(byType.get("recipient.retry_scheduled")).hasSize((int) retried).allSatisfy(event -> {
			assertThat(event.at("/data/outcome").asString()).isIn("NO_ANSWER", "BUSY", "FAILED");
			assertThat(event.at("/data/nextAttemptAt").asString()).isNotBlank();
			assertThat(event.toString()).doesNotContain("+4420");
		});
	}

	@Test
	void campaignsStartingAndPausedByAKeyOrByTheServiceWithTheReasonReachTheirSubscribers() {
		jdbc.sql("delete from rate_limit").update();
		String path = "/lifecycle-" + UUID.randomUUID();
		String tenantName = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		Api tenant = Api.at(port).keyFor(tenantName, "campaigns:write", "reports:read");
		assertThat(tenant.post("/api/v1/webhooks", "{\"url\":\"" + receiver.url(path)
				+ "\",\"events\":[\"campaign.started\",\"campaign.paused\"]}").statusCode()).isEqualTo(201);
		String now = json(tenant.post("/api/v1/campaigns", "{\"name\":\"at once\",\"recipients\":[]}")).get("id")
			.asString();
		String later = json(tenant.post("/api/v1/campaigns", "{\"name\":\"later\",\"schedule\":{\"startAt\":\""
				+ clock.instant().plusSeconds(30) + "\"},\"recipients\":[]}")).get("id").asString();
		assertThat(tenant.postEmpty("/api/v1/campaigns/" + now + "/pause").statusCode()).isEqualTo(200);

		WebhookFixtures.run(clock, dispatcher, poller, deliverer, Duration.ofSeconds(5), Duration.ofMinutes(5),
				() -> receiver.accepted(path).size() >= 3);
		lifecycle.applyForService(new CampaignId(UUID.fromString(later)), tenantName, LifecycleAction.PAUSE,
				"provider configuration rejected: HTTP 401");
		WebhookFixtures.run(clock, dispatcher, poller, deliverer, Duration.ofSeconds(5), Duration.ofMinutes(5),
				() -> receiver.accepted(path).size() >= 4);

		Map<String, List<JsonNode>> byType = receiver.accepted(path).stream()
			.map(request -> parse(request.body()))
			.collect(Collectors.groupingBy(event -> event.get("type").asString()));
		assertThat(byType.get("campaign.started")).extracting(event -> event.at("/data/campaignId").asString())
			.containsExactlyInAnyOrder(now, later);
		assertThat(byType.get("campaign.paused")).hasSize(2);
		JsonNode byKey = byType.get("campaign.paused").stream()
			.filter(event -> event.at("/data/campaignId").asString().equals(now)).findFirst().orElseThrow();
		assertThat(byKey.at("/data/by/keyId").asString()).isEqualTo(tenant.keyId());
		assertThat(byKey.at("/data/reason").isNull()).isTrue();
		JsonNode byService = byType.get("campaign.paused").stream()
			.filter(event -> event.at("/data/campaignId").asString().equals(later)).findFirst().orElseThrow();
		assertThat(byService.at("/data/by/keyId").isNull()).isTrue();
		assertThat(byService.at("/data/reason").asString()).isEqualTo("provider configuration rejected: HTTP 401");
		assertThat(byService.at("/data/name").asString()).isEqualTo("later");
	}

	@Test
	void aDeliveryThatKeepsFailingEndsDeadAndCanBeRedelivered() {
		String tenantName = "wh-" + UUID.randomUUID().toString().substring(0, 8);
		Api tenant = Api.at(port).keyFor(tenantName, "campaigns:write");
		String path = "/dead-" + UUID.randomUUID();
		receiver.failAlways(path);
		String webhookId = json(tenant.post("/api/v1/webhooks",
				"{\"url\":\"" + receiver.url(path) + "\",\"events\":[\"recipient.completed\"]}")).get("id").asString();
		outbox.record(tenantName, Outbox.RECIPIENT_COMPLETED, Map.of("recipientId", 42));
		// neither another type nor another tenant's event reaches this subscription
		outbox.record(tenantName, Outbox.CAMPAIGN_COMPLETED, Map.of("campaignId", "x"));
		outbox.record("someone-else", Outbox.RECIPIENT_COMPLETED, Map.of("recipientId", 43));

		for (int second = 0; second < 600 && receiver.received(path).size() < 4; second++) {
			clock.advance(Duration.ofSeconds(1));
			WebhookFixtures.deliverAll(deliverer, clock);
		}
		clock.advance(Duration.ofHours(2));
		WebhookFixtures.deliverAll(deliverer, clock);

		List<Received> tries = receiver.received(path);
		assertThat(tries).hasSize(4).allSatisfy(request -> assertThat(request.answer()).isEqualTo(500));
		assertThat(tries).extracting(Received::id).containsOnly(tries.get(0).id());
		// 10 s, 20 s, 40 s, each shortened by at most a fifth
		long[] pauses = IntStream.range(1, tries.size())
			.mapToLong(i -> Long.parseLong(tries.get(i).timestamp()) - Long.parseLong(tries.get(i - 1).timestamp()))
			.toArray();
		assertThat(pauses[0]).isBetween(8L, 11L);
		assertThat(pauses[1]).isBetween(16L, 21L);
		assertThat(pauses[2]).isBetween(32L, 41L);
		JsonNode dead = json(tenant.get("/api/v1/webhooks/" + webhookId + "/deliveries")).get("items");
		assertThat(dead.size()).isEqualTo(1);
		assertThat(dead.get(0).get("state").asString()).isEqualTo("DEAD");
		assertThat(dead.get(0).get("attempts").asInt()).isEqualTo(4);
		assertThat(dead.get(0).get("lastStatus").asInt()).isEqualTo(500);
		assertThat(dead.get(0).get("lastError").asString()).isEqualTo("HTTP 500");
		assertThat(dead.get(0).get("type").asString()).isEqualTo("recipient.completed");

		String deliveryId = dead.get(0).get("id").asString();
		assertThat(Api.at(port).newTenant("campaigns:write")
			.postEmpty("/api/v1/webhooks/deliveries/" + deliveryId + "/redeliver")
			.statusCode()).isEqualTo(404);
		receiver.recover(path);
		HttpResponse<String> redelivered = tenant.postEmpty("/api/v1/webhooks/deliveries/" + deliveryId + "/redeliver");
		assertThat(redelivered.statusCode()).isEqualTo(202);
		assertThat(json(redelivered).get("state").asString()).isEqualTo("PENDING");
		WebhookFixtures.deliverAll(deliverer, clock);

		assertThat(receiver.accepted(path)).singleElement()
			.satisfies(request -> assertThat(parse(request.body()).at("/data/recipientId").asInt()).isEqualTo(42));
		JsonNode delivered = json(tenant.get("/api/v1/webhooks/" + webhookId + "/deliveries")).get("items").get(0);
		assertThat(delivered.get("state").asString()).isEqualTo("DELIVERED");
		assertThat(delivered.get("attempts").asInt()).isEqualTo(1);
		assertThat(delivered.get("deliveredAt").isNull()).isFalse();
		HttpResponse<String> again = tenant.postEmpty("/api/v1/webhooks/deliveries/" + deliveryId + "/redeliver");
		assertThat(again.statusCode()).isEqualTo(202);
		assertThat(tenant.postEmpty("/api/v1/webhooks/deliveries/" + deliveryId + "/redeliver").statusCode())
			.isEqualTo(409);
	}

	@Test
	void duringARotationBothSecretsSignUntilThePreviousIsRetiredOrExpires() {
		String tenantName = "wh-" + UUID.randomUUID().toString().substring(0, 8);
		Api tenant = Api.at(port).keyFor(tenantName, "campaigns:write");
		String path = "/rotation-" + UUID.randomUUID();
		JsonNode webhook = json(tenant.post("/api/v1/webhooks",
				"{\"url\":\"" + receiver.url(path) + "\",\"events\":[\"campaign.completed\"]}"));
		String id = webhook.get("id").asString();
		String first = webhook.get("secret").asString();

		HttpResponse<String> rotation = tenant.postEmpty("/api/v1/webhooks/" + id + "/rotate-secret");
		assertThat(rotation.statusCode()).isEqualTo(200);
		String second = json(rotation).get("secret").asString();
		assertThat(second).isNotEqualTo(first).matches("[A-Za-z0-9_-]{43}");
		assertThat(json(rotation).get("previousSecretValidUntil").asString())
			.isEqualTo(clock.instant().plus(Duration.ofHours(24)).toString());
		outbox.record(tenantName, Outbox.CAMPAIGN_COMPLETED, Map.of("n", 1));
		WebhookFixtures.deliverAll(deliverer, clock);
		Received during = receiver.accepted(path).get(0);
		assertThat(WebhookFixtures.signatures(during)).hasSize(2)
			.containsExactly(WebhookFixtures.hmac(second, during.timestamp() + "." + during.body()),
					WebhookFixtures.hmac(first, during.timestamp() + "." + during.body()));

		assertThat(tenant.postEmpty("/api/v1/webhooks/" + id + "/retire-previous-secret").statusCode()).isEqualTo(204);
		outbox.record(tenantName, Outbox.CAMPAIGN_COMPLETED, Map.of("n", 2));
		WebhookFixtures.deliverAll(deliverer, clock);
		Received retired = receiver.accepted(path).get(1);
		assertThat(WebhookFixtures.signatures(retired)).hasSize(1);
		assertThat(WebhookFixtures.signedWith(second, retired)).isTrue();

		String third = json(tenant.postEmpty("/api/v1/webhooks/" + id + "/rotate-secret")).get("secret").asString();
		clock.advance(Duration.ofHours(24).plusSeconds(1));
		outbox.record(tenantName, Outbox.CAMPAIGN_COMPLETED, Map.of("n", 3));
		WebhookFixtures.deliverAll(deliverer, clock);
		Received expired = receiver.accepted(path).get(2);
		assertThat(WebhookFixtures.signatures(expired)).hasSize(1);
		assertThat(WebhookFixtures.signedWith(third, expired)).isTrue();
		assertThat(WebhookFixtures.signedWith(second, expired)).isFalse();
	}

}
