package dev.campaigns.orchestrator.dispatch.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.campaigns.orchestrator.campaign.CampaignLifecycle;
import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.compliance.ComplianceSettings;
import dev.campaigns.orchestrator.compliance.Suppressions;
import dev.campaigns.orchestrator.connection.CallLines;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.ProviderSettings;
import dev.campaigns.orchestrator.ratelimit.RateLimits;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acting on one recipient through the API (find by external id, cancel, requeue) against
 * PostgreSQL, with dispatch rounds the tests run themselves and the in-process sandbox's call
 * book to see what was dialled.
 */
@IntegrationTest
@TestPropertySource(properties = { "orchestrator.dispatch.calls-per-second=1000", "orchestrator.dispatch.burst=200" })
@Import(RecipientOperationsIntegrationTests.OnMonday.class)
class RecipientOperationsIntegrationTests {

	static final Instant MONDAY = Instant.parse("2030-01-07T10:00:00Z");

	@TestConfiguration(proxyBeanMethods = false)
	static class OnMonday {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock(MONDAY);
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	CallLines lines;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	ClaimStore store;

	@Autowired
	AttemptStore attempts;

	@Autowired
	RateLimits rateLimits;

	@Autowired
	SendGate gate;

	@Autowired
	MeterRegistry meters;

	@Autowired
	OutboundCalls calls;

	@Autowired
	CampaignLifecycle lifecycle;

	@Autowired
	CampaignSettingsReader settingsReader;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DispatchSettings settings;

	@Autowired
	ProviderSettings provider;

	@Autowired
	Suppressions suppressions;

	@Autowired
	ComplianceSettings compliance;

	@Autowired
	dev.campaigns.orchestrator.status.StatusPoller poller;

	Api tenant;

	/** Holds the trigger pool's one thread: a claimed trigger waits in its queue, unsent, until released. */
	final CountDownLatch release = new CountDownLatch(1);

	@BeforeEach
	void isolate() {
		jdbc.sql("delete from rate_limit").update();
		clock.set(MONDAY);
		jdbc.sql("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')").update();
		jdbc.sql("update recipient set state = 'DONE', outcome = 'CANCELLED', lease_owner = null,"
				+ " lease_expires_at = null where state in ('DIALING', 'IN_CALL')").update();
		jdbc.sql("update call_attempt set phase = 'FINAL', next_poll_at = null where phase = 'ACTIVE'").update();
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_calls")).DELETE().build());
		tenant = Api.at(port).newTenant("campaigns:write");
	}

	@AfterEach
	void releasePool() {
		release.countDown();
	}

	@Test
	void findsTheOneRecipientWithAnExternalIdWhichNoOtherMayHave() {
		String id = campaign("appt-1", "appt-2");

		HttpResponse<String> found = tenant.get(recipients(id) + "/by-external-id/appt-1");
		// since V17 an externalId names one recipient of a campaign: a second one is refused, never ambiguous
		HttpResponse<String> again = tenant.post(recipients(id), "[{\"phoneNumber\":\"" + number(5)
				+ "\",\"externalId\":\"appt-2\"}]");

		assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
		assertThat(json(found).get("externalId").asString()).isEqualTo("appt-1");
		assertThat(json(found).get("history").isArray()).isTrue();
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(json(again).at("/errors/0/field").asString()).isEqualTo("externalId");
		assertThat(tenant.get(recipients(id) + "/by-external-id/appt-2").statusCode()).isEqualTo(200);
		assertThat(problem(tenant.get(recipients(id) + "/by-external-id/nobody"), 404))
			.endsWith("/recipient-not-found");
	}

	@Test
	void aCancelledPendingRecipientIsNotDialledByTheNextRoundAndACancelIsIdempotent() {
		String id = campaign("appt-1", "appt-2");

		HttpResponse<String> cancelled = tenant.delete(recipients(id) + "/by-external-id/appt-1");
		HttpResponse<String> again = tenant.delete(recipients(id) + "/" + recipientId(id, "appt-1"));
		replica(calls, gate, Executors.newFixedThreadPool(2)).dispatchDue(MONDAY);

		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
		assertThat(json(cancelled).get("state").asString()).isEqualTo("DONE");
		assertThat(json(cancelled).get("outcome").asString()).isEqualTo("CANCELLED");
		assertThat(json(cancelled).get("history").findValuesAsString("decision")).contains("CANCELLED");
		JsonNode cancel = lastDecision(json(cancelled), "CANCELLED");
		assertThat(cancel.at("/actor/keyId").asString()).isEqualTo(tenant.keyId());
		assertThat(cancel.at("/actor/name").asString()).isEqualTo("test key");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(dialled()).containsExactly(number(1));
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).at("/counts/byOutcome/CANCELLED").asInt()).isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from outbox where event_type = 'recipient.completed'"
				+ " and payload ->> 'externalId' = 'appt-1' and payload ->> 'campaignId' = ?").param(id)
			.query(Long.class).single()).isEqualTo(1L);
	}

	@Test
	void aCampaignWhoseLastPendingRecipientIsCancelledCompletes() {
		String id = campaign("appt-1");

		assertThat(tenant.delete(recipients(id) + "/by-external-id/appt-1").statusCode()).isEqualTo(200);
		Instant later = MONDAY.plus(Duration.ofHours(1));
		clock.set(later);
		poller.pollDue(later);

		JsonNode campaign = json(tenant.get("/api/v1/campaigns/" + id));
		assertThat(campaign.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(campaign.at("/counts/byOutcome/CANCELLED").asInt()).isEqualTo(1);
	}

	@Test
	void aRecipientClaimedButNotYetSentIsNotSentOnceItsCancelHasAnswered() {
		String id = campaign("appt-1");
		ExecutorService pool = blockedPool();
		RoundDispatcher replica = replica(calls, gate, pool);

		assertThat(replica.dispatchNext(MONDAY).claimed()).isEqualTo(1);
		HttpResponse<String> cancelled = tenant.delete(recipients(id) + "/by-external-id/appt-1");
		release.countDown();
		replica.awaitInFlight(Duration.ofSeconds(10));

		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
		assertThat(json(cancelled).get("state").asString()).isEqualTo("DIALING");
		assertThat(dialled()).isEmpty();
		assertThat(json(tenant.get(recipients(id) + "/by-external-id/appt-1")).get("outcome").asString())
			.isEqualTo("CANCELLED");
	}

	@Test
	void aTriggerHeldByAnotherReplicaIsNotSentOnceTheCancelIsOlderThanItsView() {
		String id = campaign("appt-1");
		SendGate otherGate = new SendGate(jdbc, clock, settings.lookahead());
		RoundDispatcher other = replica(calls, otherGate, blockedPool());

		assertThat(other.dispatchNext(MONDAY).claimed()).isEqualTo(1);
		assertThat(tenant.delete(recipients(id) + "/by-external-id/appt-1").statusCode()).isEqualTo(200);
		// the other replica's trigger leaves after its claim's view is stale: it reads the recipient again
		clock.set(MONDAY.plus(settings.lookahead()).plusMillis(1));
		release.countDown();
		other.awaitInFlight(Duration.ofSeconds(10));

		assertThat(dialled()).isEmpty();
		JsonNode recipient = json(tenant.get(recipients(id) + "/by-external-id/appt-1"));
		assertThat(recipient.get("outcome").asString()).isEqualTo("CANCELLED");
		assertThat(recipient.get("history").findValuesAsString("reason")).contains("CANCEL_REQUESTED",
				"CANCELLED_BY_API");
	}

	@Test
	void aRecipientDoneWithAnotherOutcomeIsNotCancelledAndAnotherTenantFindsNothing() {
		String id = campaign("appt-1");
		long recipient = recipientId(id, "appt-1");
		jdbc.sql("update recipient set state = 'DONE', outcome = 'COMPLETED' where id = ?").param(recipient).update();
		Api other = Api.at(port).newTenant("campaigns:write");

		assertThat(problem(tenant.delete(recipients(id) + "/" + recipient), 409))
			.endsWith("/recipient-action-not-allowed");
		assertThat(other.get(recipients(id) + "/by-external-id/appt-1").statusCode()).isEqualTo(404);
		assertThat(other.delete(recipients(id) + "/" + recipient).statusCode()).isEqualTo(404);
		assertThat(other.delete(recipients(id) + "/by-external-id/appt-1").statusCode()).isEqualTo(404);
		assertThat(other.postEmpty(recipients(id) + "/" + recipient + "/requeue").statusCode()).isEqualTo(404);
	}

	@Test
	void aTriggerUnknownRecipientRequeuedIsPendingAndDueNowAuditedOnce() {
		String id = campaign("appt-1");
		long recipient = recipientId(id, "appt-1");
		jdbc.sql("update recipient set state = 'DONE', outcome = 'TRIGGER_UNKNOWN', attempts = 1,"
				+ " next_attempt_at = null where id = ?").param(recipient).update();

		HttpResponse<String> requeued = tenant.postEmpty(recipients(id) + "/" + recipient + "/requeue");
		HttpResponse<String> twice = tenant.postEmpty(recipients(id) + "/" + recipient + "/requeue");

		assertThat(requeued.statusCode()).as(requeued.body()).isEqualTo(200);
		JsonNode body = json(requeued);
		assertThat(body.get("state").asString()).isEqualTo("PENDING");
		assertThat(body.get("outcome").isNull() || body.get("outcome").isMissingNode()).isTrue();
		assertThat(body.get("attempts").asInt()).isEqualTo(1);
		assertThat(Instant.parse(body.get("nextAttemptAt").asString())).isEqualTo(MONDAY);
		assertThat(body.get("history").findValuesAsString("decision")).containsOnlyOnce("REQUEUED");
		assertThat(lastDecision(body, "REQUEUED").at("/actor/keyId").asString()).isEqualTo(tenant.keyId());
		assertThat(lastDecision(body, "PLANNED").get("actor").isNull()).as("the service's own decision").isTrue();
		assertThat(problem(twice, 409)).endsWith("/recipient-action-not-allowed");
		replica(calls, gate, Executors.newFixedThreadPool(2)).dispatchDue(MONDAY);
		assertThat(dialled()).containsExactly(number(0));
	}

	private static JsonNode lastDecision(JsonNode recipient, String decision) {
		JsonNode found = null;
		for (JsonNode entry : recipient.get("history")) {
			if (entry.get("decision").asString().equals(decision)) {
				found = entry;
			}
		}
		assertThat(found).as("a %s decision in %s", decision, recipient).isNotNull();
		return found;
	}

	/** A campaign of London numbers (the window holds on Monday 10:00 UTC), one per external id. */
	private String campaign(String... externalIds) {
		List<String> recipients = new ArrayList<>();
		for (int i = 0; i < externalIds.length; i++) {
			recipients.add("{\"phoneNumber\":\"" + number(i) + "\",\"externalId\":\"" + externalIds[i] + "\"}");
		}
		HttpResponse<String> created = tenant.post("/api/v1/campaigns", "{\"name\":\"reminders\","
				+ "\"rateLimit\":{\"callsPerMinute\":6000,\"maxConcurrentCalls\":1000},\"recipients\":["
				+ String.join(",", recipients) + "]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created).get("id").asString();
	}

	private long recipientId(String campaign, String externalId) {
		return json(tenant.get(recipients(campaign) + "/by-external-id/" + externalId)).get("id").asLong();
	}

	private static String number(int i) {
		return String.format("+44207946%04d", 9000 + i);
	}

	private static String recipients(String campaign) {
		return "/api/v1/campaigns/" + campaign + "/recipients";
	}

	private static String problem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return json(response).get("type").asString();
	}

	/** The numbers the sandbox received (its book is cleared per test). */
	private List<String> dialled() {
		List<String> received = new ArrayList<>();
		json(Http.get(sandbox() + "/_calls")).forEach(call -> received.add(call.get("toNumber").asString()));
		return received;
	}

	/** One thread, busy until {@link #release}: triggers handed over wait in its queue. */
	private ExecutorService blockedPool() {
		ExecutorService pool = Executors.newFixedThreadPool(1);
		Future<?> busy = pool.submit(() -> {
			release.await();
			return null;
		});
		assertThat(busy).isNotDone();
		return pool;
	}

	/** A replica on the test's database and clock, with its own trigger pool and send gate. */
	private RoundDispatcher replica(OutboundCalls provider, SendGate sendGate, ExecutorService pool) {
		ProviderBackoff backoff = new ProviderBackoff(rateLimits);
		TriggerSender sender = new TriggerSender(backoff, sendGate, pool, settings, clock, meters);
		AnswerRecorder recorder = new AnswerRecorder(attempts, lifecycle, backoff, settings, this.provider, meters,
				transactions);
		CheckedClaims checks = new CheckedClaims(new Callability(compliance.maxAttemptsPerNumber(),
				compliance.attemptWindow(), attempts::attemptsOfNumber), settingsReader, suppressions);
		return new RoundDispatcher(store, attempts, checks, rateLimits, sender, TestLines.defaultTo(provider, lines), recorder, sendGate, settingsReader,
				transactions, settings, clock, "recipient-ops");
	}

	private String sandbox() {
		return "http://localhost:" + port + "/sandbox/polyai";
	}

}
