package dev.campaigns.orchestrator.notify;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.ControlledDns;
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
 * The SSRF check fully on (no internal target allowed, unlike the other tests' profile), with a
 * DNS the test controls: subscriptions to internal addresses are refused in every spelling, and
 * a name that resolves publicly at subscription and to loopback at delivery (DNS rebinding)
 * reaches nothing.
 */
@IntegrationTest
@Import({ WebhookFixtures.SimulatedTime.class, ControlledDns.class })
@TestPropertySource(properties = { "orchestrator.notify.enabled=false", "orchestrator.notify.max-attempts=1",
		"orchestrator.notify.allowed-internal-targets=" })
class WebhookTargetIntegrationTests {

	static WebhookReceiver receiver;

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

	@Autowired
	ControlledDns dns;

	@BeforeAll
	static void startReceiver(@Autowired MutableClock clock) {
		receiver = WebhookReceiver.start(clock);
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@BeforeEach
	void forgetOtherTestsDeliveries() {
		// other test classes' deliveries, due on their own clocks, would be claimed in these rounds
		jdbc.sql("update webhook_delivery set state = 'DEAD', next_attempt_at = null where state = 'PENDING'").update();
		jdbc.sql("update outbox set routed_at = created_at where routed_at is null").update();
	}

	@Test
	void internalTargetsAreRefusedInEverySpellingAndNothingIsStored() {
		dns.answer("metadata.google.internal", "169.254.169.254");
		dns.answer("intranet.example.com", "10.20.30.40");
		Api tenant = Api.at(port).newTenant("campaigns:write");
		String loopbackReceiver = receiver.url("/refused");
		List<String> urls = List.of(loopbackReceiver, "http://2130706433/", "http://0x7f.1/", "http://017700000001/",
				"http://0177.0.0.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://169.254.169.254/latest",
				"http://[fd00:ec2::254]/", "http://metadata.google.internal/computeMetadata/v1/",
				"https://intranet.example.com/", "http://192.168.1.1/", "http://172.16.0.1/", "http://[fc00::1]/",
				"http://100.64.0.1/", "http://0.0.0.0/", "http://[::]/", "http://224.0.0.1/", "http://[fe80::1]/");
		for (String url : urls) {
			HttpResponse<String> response = tenant.post("/api/v1/webhooks",
					"{\"url\":\"" + url + "\",\"events\":[\"campaign.completed\"]}");
			assertThat(response.statusCode()).as(url).isEqualTo(400);
			JsonNode problem = json(response);
			assertThat(problem.at("/errors/0/field").asString()).as(url).isEqualTo("url");
			assertThat(problem.at("/errors/0/reason").asString()).as(url)
				.startsWith("must reach a public address: its host ");
		}
		assertThat(json(tenant.get("/api/v1/webhooks")).get("items").size()).isZero();
		assertThat(receiver.received("/refused")).isEmpty();
	}

	@Test
	void aNameReboundToLoopbackAfterSubscribingIsRefusedAtDeliveryAndReachesNothing() {
		String host = "rebind-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
		// public when the subscription is checked, loopback (where the receiver listens) ever after
		dns.answer(host, "93.184.216.34", "127.0.0.1");
		String path = "/rebound-" + UUID.randomUUID();
		String url = receiver.url(path).replace("127.0.0.1", host);
		String tenantName = "wh-" + UUID.randomUUID().toString().substring(0, 8);
		Api tenant = Api.at(port).keyFor(tenantName, "campaigns:write");
		HttpResponse<String> created = tenant.post("/api/v1/webhooks",
				"{\"url\":\"" + url + "\",\"events\":[\"campaign.completed\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String subscription = json(created).get("id").asString();

		outbox.record(tenantName, Outbox.CAMPAIGN_COMPLETED, Map.of("campaignId", "c-1"));
		clock.advance(Duration.ofSeconds(1));
		WebhookFixtures.deliverAll(deliverer, clock);

		JsonNode deliveries = json(tenant.get("/api/v1/webhooks/" + subscription + "/deliveries")).get("items");
		assertThat(deliveries.size()).isEqualTo(1);
		JsonNode delivery = deliveries.get(0);
		assertThat(delivery.get("state").asString()).isEqualTo("DEAD");
		assertThat(delivery.get("lastError").asString())
			.isEqualTo("TargetRefused: must reach a public address: its host resolves to a loopback address");
		assertThat(delivery.path("lastStatus").isNull() || delivery.path("lastStatus").isMissingNode()).isTrue();
		assertThat(receiver.received(path)).isEmpty();
	}

}
