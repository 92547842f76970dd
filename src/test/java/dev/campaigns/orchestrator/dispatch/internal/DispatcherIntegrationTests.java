package dev.campaigns.orchestrator.dispatch.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.campaigns.orchestrator.campaign.CampaignLifecycle;
import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.connection.CallLines;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.orchestrator.ratelimit.RateLimits;
import dev.campaigns.orchestrator.dispatch.Dispatcher.DispatchRound;
import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.provider.Dialect;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.ProviderSettings;
import dev.campaigns.orchestrator.provider.StatusResult;
import dev.campaigns.orchestrator.provider.TriggerResult;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher against PostgreSQL and the in-process sandbox over HTTP. Rounds run at
 * chosen instants (a Monday morning in 2030, when every window below is open); the sandbox
 * and the leases run on the real clock.
 */
@IntegrationTest
// rounds here run at chosen instants and count what each claimed and sent: a trigger put back because a
// cold HTTP client took longer than the default 50 ms to send it would make those counts a matter of
// timing (the test of that put-back sets its own stall)
@TestPropertySource(properties = { "orchestrator.dispatch.calls-per-second=1000", "orchestrator.dispatch.burst=200" })
@Import(DispatcherIntegrationTests.OnMonday.class)
class DispatcherIntegrationTests {

	/** The whole context (dispatcher, leases, in-process sandbox) on a clock the tests move. */
	@TestConfiguration(proxyBeanMethods = false)
	static class OnMonday {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock(MONDAY);
		}

	}

	/** One synchronous round at {@code at}, the clock moved there first (the rounds' one timeline). */
	private DispatchRound round(Dispatcher replica, Instant at) {
		clock.set(at);
		return replica.dispatchDue(at);
	}

	/** One loop round at {@code at}, the clock moved there first. */
	private DispatchRound next(Dispatcher replica, Instant at) {
		clock.set(at);
		return replica.dispatchNext(at);
	}

	static final Instant MONDAY = Instant.parse("2030-01-07T10:00:00Z");

	@LocalServerPort
	int port;

	/** This test's replica: its own trigger pool, recorder and knowledge of the budgets (the clock goes back between tests). */
	RoundDispatcher dispatcher;

	@Autowired
	CallLines lines;

	@Autowired
	ClaimStore store;

	@Autowired
	AttemptStore attempts;

	@Autowired
	LeaseHousekeeping housekeeping;

	@Autowired
	RateLimits rateLimits;

	@Autowired
	MutableClock clock;

	@Autowired
	SendGate gate;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

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
	JdbcClient jdbc;

	@Autowired
	javax.sql.DataSource dataSource;

	@Autowired
	dev.campaigns.orchestrator.compliance.Suppressions suppressions;

	@Autowired
	dev.campaigns.orchestrator.compliance.ComplianceSettings compliance;

	Api tenant;

	@BeforeEach
	void isolate() {
		// rounds run at chosen instants: each test starts with fresh buckets and no other due work
		jdbc.sql("delete from rate_limit").update();
		clock.set(MONDAY);
		jdbc.sql("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')").update();
		// calls other tests left in progress would count against the global concurrency cap
		jdbc.sql("update recipient set state = 'DONE', outcome = 'CANCELLED', lease_owner = null,"
				+ " lease_expires_at = null where state in ('DIALING', 'IN_CALL')").update();
		// and their attempts finished, so no poller (of this context or a later test's) works through them
		jdbc.sql("update call_attempt set phase = 'FINAL', next_poll_at = null where phase = 'ACTIVE'").update();
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_faults")).DELETE().build());
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_calls")).DELETE().build());
		tenant = Api.at(port).newTenant("campaigns:write");
		dispatcher = replica("test", calls);
	}

	@Test
	void dialsEveryDueRecipientOnceAndRecordsTheCallBeforeAndAfter() {
		String id = campaign(numbers(5));

		DispatchRound round = round(dispatcher, MONDAY);

		assertThat(round.claimed()).isEqualTo(5);
		assertThat(round.accepted()).isEqualTo(5);
		assertThat(dialled(id)).hasSize(5).allSatisfy((number, times) -> assertThat(times).isEqualTo(1));
		assertThat(states(id)).containsOnlyKeys("IN_CALL");
		assertThat(jdbc.sql("select count(*) from call_attempt a join recipient r on r.id = a.recipient_id"
				+ " where r.campaign_id = ?::uuid and a.phase = 'ACTIVE' and a.call_sid like 'OUT-%'"
				+ " and a.retention_deadline is not null")
			.param(id)
			.query(Long.class)
			.single()).isEqualTo(5);
		assertThat(round(dispatcher, MONDAY.plusSeconds(1)).claimed()).isZero();
	}

	@Test
	void threeDispatchersOnOneDatabaseDialEveryRecipientExactlyOnce() throws Exception {
		String id = campaign(numbers(300));
		List<RoundDispatcher> replicas = List.of(replica("a", calls), replica("b", calls), replica("c", calls));
		ExecutorService threads = Executors.newFixedThreadPool(3);
		// each step, the three replicas run a round at the same instant; then the clock moves a second
		java.util.concurrent.CyclicBarrier step = new java.util.concurrent.CyclicBarrier(3,
				() -> clock.advance(Duration.ofSeconds(1)));
		List<Future<int[]>> rounds = new ArrayList<>();
		for (RoundDispatcher replica : replicas) {
			rounds.add(threads.submit(() -> {
				int[] total = new int[3];
				for (int second = 0; second < 40; second++) {
					DispatchRound round = replica.dispatchDue(clock.instant());
					total[0] += round.claimed();
					total[1] += round.accepted();
					total[2] += round.putBack();
					step.await();
				}
				return total;
			}));
		}
		int claimed = 0;
		int accepted = 0;
		int putBack = 0;
		for (Future<int[]> future : rounds) {
			claimed += future.get()[0];
			accepted += future.get()[1];
			putBack += future.get()[2];
		}
		threads.shutdown();

		// every claim was either sent once or put back unsent (another replica reserved the campaign's send
		// instants first), and a put-back one was claimed again
		assertThat(accepted).isEqualTo(300);
		assertThat(claimed).isEqualTo(300 + putBack);
		Map<String, Long> dialled = dialled(id);
		assertThat(dialled).hasSize(300).allSatisfy((number, times) -> assertThat(times).isEqualTo(1));
		assertThat(states(id)).containsOnly(Map.entry("IN_CALL", 300L));
		assertThat(jdbc.sql("select count(a.lease_owner) + count(r.lease_owner) from call_attempt a join recipient r"
				+ " on r.id = a.recipient_id where r.campaign_id = ?::uuid")
			.param(id)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aCampaignPausedOrCancelledIsNotDialledFromTheNextRound() {
		String paused = campaign(numbers(3));
		tenant.postEmpty("/api/v1/campaigns/" + paused + "/pause");

		assertThat(round(dispatcher, MONDAY).claimed()).isZero();
		assertThat(dialled(paused)).isEmpty();

		tenant.postEmpty("/api/v1/campaigns/" + paused + "/resume");
		assertThat(round(dispatcher, MONDAY.plusSeconds(1)).claimed()).isEqualTo(3);
		// the recipient's trail shows what it waited for, then its call
		long recipient = json(tenant.get("/api/v1/campaigns/" + paused + "/recipients")).at("/items/0/id").asLong();
		assertThat(trail(paused, recipient).findValuesAsString("reason")).containsExactly("SCHEDULED",
				"CAMPAIGN_PAUSED", "CAMPAIGN_RESUMED", "WINDOW_OPEN");
		assertThat(trail(paused, recipient).at("/3/decision").asString()).isEqualTo("PLACED");
		assertThat(trail(paused, recipient).at("/3/callSid").asString()).startsWith("OUT-");
	}

	@Test
	void aScheduledCampaignWhoseRowAnotherTransactionHoldsStartsLaterAndTheRoundDoesNotWaitForIt()
			throws Exception {
		List<String> six = numbers(6);
		String held = campaign(six.subList(0, 3));
		String other = campaign(six.subList(3, 6));
		jdbc.sql("update campaign set status = 'SCHEDULED', start_at = ? where id = ?::uuid")
			.params(java.sql.Timestamp.from(MONDAY.minusSeconds(1)), held)
			.update();

		DispatchRound whileHeld;
		try (java.sql.Connection edit = dataSource.getConnection()) {
			// as an edit re-planning a million recipients holds it for a minute
			edit.setAutoCommit(false);
			try (var lock = edit.prepareStatement("select id from campaign where id = ?::uuid for no key update")) {
				lock.setString(1, held);
				lock.executeQuery().close();
			}
			whileHeld = java.util.concurrent.CompletableFuture.supplyAsync(() -> round(dispatcher, MONDAY))
				.get(30, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(jdbc.sql("select status from campaign where id = ?::uuid").param(held).query(String.class)
				.single()).isEqualTo("SCHEDULED");
			edit.rollback();
		}
		Map<String, Long> heldWhileHeld = dialled(held);
		DispatchRound after = round(dispatcher, MONDAY.plusSeconds(1));

		assertThat(whileHeld.claimed()).isEqualTo(3);
		assertThat(dialled(other)).hasSize(3);
		assertThat(heldWhileHeld).isEmpty();
		assertThat(after.claimed()).isEqualTo(3);
		assertThat(dialled(held)).hasSize(3);
	}

	@Test
	void aRecipientOfAnotherCampaignOrTenantIsNotFound() {
		String id = campaign(numbers(1));
		long recipient = json(tenant.get("/api/v1/campaigns/" + id + "/recipients")).at("/items/0/id").asLong();
		String other = campaign(numbers(1));

		assertThat(tenant.get("/api/v1/campaigns/" + id + "/recipients/" + recipient).statusCode()).isEqualTo(200);
		HttpResponse<String> wrongCampaign = tenant.get("/api/v1/campaigns/" + other + "/recipients/" + recipient);
		assertThat(wrongCampaign.statusCode()).isEqualTo(404);
		assertThat(json(wrongCampaign).get("type").asString()).endsWith("recipient-not-found");
		assertThat(Api.at(port).newTenant("reports:read").get("/api/v1/campaigns/" + id + "/recipients/" + recipient)
			.statusCode()).isEqualTo(404);
		assertThat(tenant.get("/api/v1/campaigns/" + id + "/recipients/not-a-number").statusCode()).isEqualTo(400);
	}

	@Test
	void aRecipientWhoseWindowClosedSinceItWasPlannedIsPutBackNotDialled() {
		Instant sunday = Instant.parse("2030-01-06T12:00:00Z");
		clock.set(sunday.minus(Duration.ofDays(1)));
		String id = campaign(numbers(2));
		// planned when the window was open (the rules changed since): due before Sunday noon
		jdbc.sql("update recipient set next_attempt_at = ? where campaign_id = ?::uuid")
			.params(java.sql.Timestamp.from(sunday.minusSeconds(3600)), id)
			.update();

		DispatchRound round = round(dispatcher, sunday);

		assertThat(round.putBack()).isEqualTo(2);
		assertThat(dialled(id)).isEmpty();
		JsonNode recipients = json(tenant.get("/api/v1/campaigns/" + id + "/recipients"));
		assertThat(recipients.at("/items/0/state").asString()).isEqualTo("PENDING");
		assertThat(recipients.at("/items/0/attempts").asInt()).isZero();
		assertThat(recipients.at("/items/0/nextAttemptAt").asString()).isEqualTo("2030-01-07T09:00:00Z");
		JsonNode trail = trail(id, recipients.at("/items/0/id").asLong());
		assertThat(trail.at("/0/decision").asString()).isEqualTo("PLANNED");
		assertThat(trail.at("/1/decision").asString()).isEqualTo("DEFERRED");
		assertThat(trail.at("/1/reason").asString()).isEqualTo("WINDOW_CLOSED");
		assertThat(trail.at("/1/attempt").asInt()).isEqualTo(1);
		assertThat(trail.at("/1/nextAttemptAt").asString()).isEqualTo("2030-01-07T09:00:00Z");
	}

	@Test
	void aServerErrorThatOutlastsTheRetriesReschedulesWithoutAnAttempt() {
		String id = campaign(numbers(1));
		fault("{\"kind\":\"HTTP_502\"}");

		DispatchRound round = round(dispatcher, MONDAY);

		assertThat(round.putBack()).isEqualTo(1);
		assertThat(dialled(id)).isEmpty();
		JsonNode recipient = json(tenant.get("/api/v1/campaigns/" + id + "/recipients")).at("/items/0");
		assertThat(recipient.get("state").asString()).isEqualTo("PENDING");
		assertThat(recipient.get("attempts").asInt()).isZero();
		assertThat(recipient.get("nextAttemptAt").asString()).isEqualTo(MONDAY.plus(Duration.ofMinutes(1)).toString());
	}

	@Test
	void aLostAnswerMakesTheRecipientTriggerUnknownAndItIsNeverRedialled() {
		String id = campaign(numbers(1));
		fault("{\"kind\":\"DROP_RESPONSE\",\"count\":1,\"hold\":\"PT15S\"}");

		DispatchRound round = round(dispatcher, MONDAY);
		round(dispatcher, MONDAY.plus(Duration.ofHours(1)));

		assertThat(round.unknown()).isEqualTo(1);
		assertThat(dialled(id)).hasSize(1).containsValue(1L);
		JsonNode recipient = json(tenant.get("/api/v1/campaigns/" + id + "/recipients")).at("/items/0");
		assertThat(recipient.get("state").asString()).isEqualTo("DONE");
		assertThat(recipient.get("outcome").asString()).isEqualTo("TRIGGER_UNKNOWN");
		JsonNode trail = trail(id, recipient.get("id").asLong());
		assertThat(trail.findValuesAsString("decision")).containsExactly("PLANNED", "FINISHED");
		assertThat(trail.at("/1/reason").asString()).isEqualTo("TRIGGER_UNKNOWN");
		assertThat(trail.at("/1/detail").asString()).contains("never redialled");
		assertThat(completedEvents(id)).containsExactly("TRIGGER_UNKNOWN");
	}

	@Test
	void tooManyRequestsPutsTheRecipientBackAndStopsTheGlobalBucketUntilRetryAfter() {
		String id = campaign(numbers(3));
		fault("{\"kind\":\"HTTP_429\",\"count\":1,\"retryAfterSeconds\":30}");

		DispatchRound first = round(dispatcher, MONDAY);
		DispatchRound during = round(dispatcher, MONDAY.plusSeconds(10));
		DispatchRound after = round(dispatcher, MONDAY.plusSeconds(40));

		assertThat(first.putBack()).isGreaterThanOrEqualTo(1);
		assertThat(during.claimed()).isZero();
		assertThat(after.accepted()).isEqualTo(3 - first.accepted());
		assertThat(dialled(id)).hasSize(3);
	}

	@Test
	void triggersWaitingToLeaveWhenA429ArrivesArePutBackUntilItsRetryAfterNotSent() {
		String id = campaign(numbers(3));
		fault("{\"kind\":\"HTTP_429\",\"count\":1,\"retryAfterSeconds\":30}");
		// one trigger thread: the second and third wait while the first is answered 429
		RoundDispatcher replica = replica("serial", calls, withTriggerThreads(1));

		DispatchRound first = round(replica, MONDAY);
		DispatchRound after = round(replica, MONDAY.plusSeconds(40));

		// the fault hit only the first request: without the stop, the other two would have been accepted
		assertThat(first.claimed()).isEqualTo(3);
		assertThat(first.accepted()).isZero();
		assertThat(first.putBack()).isEqualTo(3);
		assertThat(jdbc.sql("select count(*) from recipient_event e join recipient r on r.id = e.recipient_id"
				+ " where r.campaign_id = ?::uuid and e.reason = 'RATE_LIMITED' and e.next_attempt_at = ?")
			.param(id)
			.param(java.sql.Timestamp.from(MONDAY.plusSeconds(30)))
			.query(Long.class)
			.single()).isEqualTo(3);
		assertThat(after.accepted()).isEqualTo(3);
		assertThat(dialled(id)).hasSize(3);
	}

	@Test
	void aRejectedConfigurationPausesTheCampaignWithTheReason() {
		String id = campaign(numbers(2));
		OutboundCalls misconfigured = new OutboundCalls() {
			@Override
			public TriggerResult trigger(CallRequest request) {
				return new TriggerResult.ConfigurationRejected(401, "HTTP 401: invalid token");
			}

			@Override
			public StatusResult status(String callSid, Instant answerBy) {
				return new StatusResult.ConfigurationRejected(401, "HTTP 401: invalid token");
			}

			@Override
			public Dialect dialect() {
				return Dialect.OUTBOUND_CALLING_V1;
			}
		};

		replica("misconfigured", misconfigured).dispatchDue(MONDAY);

		JsonNode campaign = json(tenant.get("/api/v1/campaigns/" + id));
		assertThat(campaign.get("status").asString()).isEqualTo("PAUSED");
		assertThat(campaign.get("statusReason").asString()).contains("401");
		assertThat(campaign.at("/counts/pending").asInt()).isEqualTo(2);
		assertThat(round(dispatcher, MONDAY.plusSeconds(5)).claimed()).isZero();
	}

	@Test
	void theExpiredLeaseOfADeadReplicaIsTakenOverAsUnknownNeverRedialled() {
		String id = campaign(numbers(2));
		java.util.UUID campaign = java.util.UUID.fromString(id);
		// a replica claims and dies before sending anything it could report
		transactions.execute(tx -> store.claim(campaign, 2, "dead-replica", MONDAY, MONDAY.plus(settings.lease())));

		assertThat(housekeeping.takeOverExpired(MONDAY.plusSeconds(60))).isZero();
		assertThat(housekeeping.takeOverExpired(MONDAY.plus(settings.lease()).plusSeconds(1))).isEqualTo(2);

		assertThat(states(id)).containsOnly(Map.entry("DONE", 2L));
		assertThat(completedEvents(id)).containsExactly("TRIGGER_UNKNOWN", "TRIGGER_UNKNOWN");
		assertThat(round(dispatcher, MONDAY.plus(Duration.ofHours(1))).claimed()).isZero();
		assertThat(dialled(id)).isEmpty();
	}

	@Test
	void aLoopRoundSendsWithoutWaitingForAnswersAndTheRecorderRecordsThem() {
		String id = campaign(numbers(3));
		CountDownLatch answer = new CountDownLatch(1);
		RoundDispatcher replica = replica("pipelined", held(answer));

		DispatchRound sent = next(replica, MONDAY);

		assertThat(sent.claimed()).isEqualTo(3);
		assertThat(sent.accepted()).isZero();
		assertThat(states(id)).containsOnly(Map.entry("DIALING", 3L));

		answer.countDown();
		replica.awaitInFlight(Duration.ofSeconds(10));

		assertThat(states(id)).containsOnly(Map.entry("IN_CALL", 3L));
		assertThat(dialled(id)).hasSize(3).allSatisfy((number, times) -> assertThat(times).isEqualTo(1));
		assertThat(next(replica, MONDAY.plusSeconds(1)).claimed()).isZero();
	}

	@Test
	void aLoopRoundNeverHasMoreTriggersUnansweredThanTriggerThreads() {
		String id = campaign(numbers(settings.triggerThreads() * 3), 60_000);
		CountDownLatch answer = new CountDownLatch(1);
		// no trigger is put back for a late send here (the pool's first threads start slowly): each
		// claim stays in flight until answered
		RoundDispatcher replica = replica("bounded", held(answer));
		int limit = settings.triggerThreads();

		int claimed = 0;
		DispatchRound round = null;
		for (int i = 0; i < 10; i++) {
			// at one instant: the budget's send instants within the lookahead outnumber the threads
			round = next(replica, MONDAY);
			claimed += round.claimed();
		}

		assertThat(claimed).isEqualTo(limit);
		// a full loop looks again for room a moment later, it does not spin
		assertThat(round.pause()).isEqualTo(Duration.ofMillis(5));
		answer.countDown();
		replica.awaitInFlight(Duration.ofSeconds(30));
		assertThat(states(id)).containsEntry("IN_CALL", (long) claimed);
	}

	@Test
	void aRateLimitedRoundPausesUntilTheCampaignsBucketHoldsTheNextCall() {
		HttpResponse<String> created = tenant.post("/api/v1/campaigns", "{\"name\":\"slow\","
				+ "\"rateLimit\":{\"callsPerMinute\":60,\"maxConcurrentCalls\":10},"
				+ "\"recipients\":[{\"phoneNumber\":\"+442079460001\"},{\"phoneNumber\":\"+442079460002\"}]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

		RoundDispatcher replica = replica("paced", calls);

		DispatchRound first = next(replica, MONDAY);
		replica.awaitInFlight(Duration.ofSeconds(10));
		DispatchRound next = next(replica, MONDAY.plusMillis(1));
		DispatchRound early = next(replica, MONDAY.plusMillis(500));
		DispatchRound onTime = next(replica, MONDAY.plusSeconds(1));
		replica.awaitInFlight(Duration.ofSeconds(10));

		assertThat(first.claimed()).isEqualTo(1);
		// one call a second: the campaign's budget has no send instant within the lookahead before then
		assertThat(early.claimed()).isZero();
		assertThat(onTime.claimed()).isEqualTo(1);
	}

	@Test
	void shutdownSendsNothingMoreAndRecordsTheAnswersInFlight() throws InterruptedException {
		String id = campaign(numbers(5));
		CountDownLatch answer = new CountDownLatch(1);
		RoundDispatcher replica = replica("stopping", held(answer));
		DispatchLoop loop = new DispatchLoop(replica, settings, java.time.Clock.fixed(MONDAY, java.time.ZoneOffset.UTC),
				new org.springframework.context.support.GenericApplicationContext());

		loop.start();
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> states(id).getOrDefault("DIALING", 0L) == 5L);
		Thread stopping = new Thread(loop::stop);
		stopping.start();
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !loop.isRunning());
		answer.countDown();
		stopping.join(Duration.ofSeconds(30).toMillis());

		assertThat(stopping.isAlive()).isFalse();
		assertThat(states(id)).containsOnly(Map.entry("IN_CALL", 5L));
		assertThat(dialled(id)).hasSize(5).allSatisfy((number, times) -> assertThat(times).isEqualTo(1));
	}

	@Test
	void aDatabaseFailureBeforeTheTriggersLeaveUndoesTheClaimInsteadOfLeavingItToTheTakeover() {
		String id = campaign(numbers(3));
		RoundDispatcher replica = replica("unlucky", settings, suppressionsFailingAfter(0));

		org.assertj.core.api.Assertions.assertThatThrownBy(() -> round(replica, MONDAY))
			.isInstanceOf(org.springframework.dao.DataAccessResourceFailureException.class);

		assertThat(dialled(id)).isEmpty();
		assertThat(states(id)).containsOnly(Map.entry("PENDING", 3L));
		JsonNode recipient = json(tenant.get("/api/v1/campaigns/" + id + "/recipients")).at("/items/0");
		assertThat(recipient.get("attempts").asInt()).isZero();
		assertThat(trail(id, recipient.get("id").asLong()).findValuesAsString("reason")).containsExactly("SCHEDULED");
		assertThat(jdbc.sql("select count(*) from call_attempt a join recipient r on r.id = a.recipient_id"
				+ " where r.campaign_id = ?::uuid").param(id).query(Long.class).single()).isZero();
		// the next round dials them
		assertThat(round(dispatcher, MONDAY.plusSeconds(1)).accepted()).isEqualTo(3);
	}

	@Test
	void puttingBackTwiceChangesNothingTwiceAndATakenOverRecipientKeepsItsOutcome() {
		String id = campaign(numbers(3));
		Instant leaseUntil = MONDAY.plus(settings.lease());
		List<ClaimStore.Claimed> claimed = transactions.execute(tx -> store.claim(java.util.UUID.fromString(id), 3,
				"putter", MONDAY, leaseUntil));
		assertThat(claimed).hasSize(3);
		// the third was taken over (its lease ran out) before the answers were recorded
		jdbc.sql("update recipient set state = 'DONE', outcome = 'TRIGGER_UNKNOWN' where id = ?")
			.param(claimed.get(2).recipientId())
			.update();
		List<AttemptStore.PutBack> putBacks = claimed.stream()
			.map(recipient -> new AttemptStore.PutBack(recipient, MONDAY.plusSeconds(60), "PROVIDER_UNAVAILABLE",
					"the provider could not take the call", MONDAY))
			.toList();

		attempts.notPlaced(putBacks);
		// a recording that failed later in the same round is retried with the same answers
		attempts.notPlaced(putBacks);

		for (ClaimStore.Claimed recipient : claimed.subList(0, 2)) {
			JsonNode trail = trail(id, recipient.recipientId());
			assertThat(trail).hasSize(2);
			assertThat(trail.at("/1/decision").asString()).isEqualTo("DEFERRED");
			assertThat(trail.at("/1/reason").asString()).isEqualTo("PROVIDER_UNAVAILABLE");
			assertThat(trail.at("/1/nextAttemptAt").asString()).isEqualTo(MONDAY.plusSeconds(60).toString());
		}
		for (ClaimStore.Claimed recipient : claimed) {
			String expected = recipient == claimed.get(2) ? "DONE 1 TRIGGER_UNKNOWN" : "PENDING 0 -";
			assertThat(jdbc.sql("select state || ' ' || attempts || ' ' || coalesce(outcome, '-') from recipient"
					+ " where id = ?")
				.param(recipient.recipientId())
				.query(String.class)
				.single()).isEqualTo(expected);
		}
		// the put-back attempts are forgotten; the taken-over one keeps its attempt row
		assertThat(jdbc.sql("select count(*) from call_attempt a join recipient r on r.id = a.recipient_id"
				+ " where r.campaign_id = ?::uuid")
			.param(id)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aCampaignNeverHasMoreCallsAtOnceThanItsCapAndTheCountFollowsEveryChange() {
		HttpResponse<String> created = tenant.post("/api/v1/campaigns", "{\"name\":\"capped\","
				+ "\"rateLimit\":{\"callsPerMinute\":6000,\"maxConcurrentCalls\":2},\"recipients\":["
				+ numbers(5).stream().map(n -> "{\"phoneNumber\":\"" + n + "\"}").collect(Collectors.joining(","))
				+ "]}");
		String id = json(created).get("id").asString();

		assertThat(round(dispatcher, MONDAY).claimed()).isEqualTo(2);
		assertThat(activeCalls(id)).isEqualTo(2).isEqualTo(countedActive(id));
		assertThat(round(dispatcher, MONDAY.plusSeconds(1)).claimed()).isZero();

		// a call ends (here by hand, as an operator might): one place frees up
		jdbc.sql("update recipient set state = 'DONE', outcome = 'COMPLETED' where id = (select min(id) from recipient"
				+ " where campaign_id = ?::uuid and state = 'IN_CALL')").param(id).update();
		assertThat(activeCalls(id)).isEqualTo(1).isEqualTo(countedActive(id));
		assertThat(round(dispatcher, MONDAY.plusSeconds(2)).claimed()).isEqualTo(1);
		assertThat(activeCalls(id)).isEqualTo(2).isEqualTo(countedActive(id));

		tenant.postEmpty("/api/v1/campaigns/" + id + "/cancel");
		jdbc.sql("delete from recipient where campaign_id = ?::uuid and state = 'IN_CALL'").param(id).update();
		assertThat(activeCalls(id)).isZero();
	}

	private int activeCalls(String campaignId) {
		return jdbc.sql("select coalesce(max(calls), 0) from campaign_active_calls where campaign_id = ?::uuid")
			.param(campaignId)
			.query(Integer.class)
			.single();
	}

	private int countedActive(String campaignId) {
		return jdbc.sql("select count(*) from recipient where campaign_id = ?::uuid and state in ('DIALING', 'IN_CALL')")
			.param(campaignId)
			.query(Integer.class)
			.single();
	}

	@Test
	void aHugeCampaignDoesNotStarveASmallOneWhenRoundsHaveOnlyAFewTokens() {
		List<String> numbers = numbers(305);
		String huge = campaign(numbers.subList(0, 300));
		String small = campaign(numbers.subList(300, 305));
		// 20 calls a second, bursts of 4: a round's lookahead holds about 8 send instants, too few to split
		RoundDispatcher replica = replica("fair", calls, burstsOfFour());

		round(replica, MONDAY);
		round(replica, MONDAY.plusMillis(250));

		// a round's few send instants go to one campaign, least recently served first: the small one has its
		// turn by the second round at the latest, whatever the huge one wants, and what it cannot use of
		// that turn goes to the huge one
		assertThat(dialled(small)).hasSize(5);
		assertThat(dialled(huge)).isNotEmpty();
	}

	@Test
	void anUrgentSmallCampaignFinishesWithinTheFirstRoundsBesideAHugeLowPriorityOneThatIsServedEveryRound() {
		List<String> numbers = numbers(2020);
		String huge = campaign(numbers.subList(0, 2000), 6000, 1);
		String urgent = campaign(numbers.subList(2000, 2020), 6000, 5);
		// 100 calls a second, bursts of 10: a round's lookahead holds about 30 send instants, fewer than either
		// campaign could take
		RoundDispatcher replica = replica("priority", calls, new DispatchSettings(true, 100, 10, 1000, 64,
				settings.lease(), settings.leaseMargin(), settings.lookahead(), settings.unavailableBackoff()));
		List<Long> hugeAfter = new ArrayList<>();
		List<Long> urgentAfter = new ArrayList<>();

		for (int round = 0; round < 8; round++) {
			round(replica, MONDAY.plusMillis(300L * round));
			hugeAfter.add(attemptsOf(huge));
			urgentAfter.add(attemptsOf(urgent));
		}

		// the first round holds 29 send instants: a batch of 8 each, the other 13 weighted 16 to 1, so the urgent
		// one has all it needs at once (an even split would have given it 15) and the huge one a batch
		assertThat(urgentAfter.get(0)).as("the urgent campaign after the first round").isEqualTo(20);
		assertThat(dialled(urgent)).hasSize(20);
		assertThat(hugeAfter.get(0)).isGreaterThanOrEqualTo(FairShares.MIN_SHARE).isLessThan(urgentAfter.get(0));
		// and the huge one was served in every round, its share growing once the urgent one is done
		for (int round = 1; round < 8; round++) {
			assertThat(hugeAfter.get(round)).as("the huge campaign in round %d", round)
				.isGreaterThan(hugeAfter.get(round - 1));
		}
		assertThat(hugeAfter.get(7) - hugeAfter.get(6)).isGreaterThan(hugeAfter.get(0));
	}

	private long attemptsOf(String campaignId) {
		return jdbc.sql("select count(*) from call_attempt where campaign_id = ?::uuid")
			.param(campaignId)
			.query(Long.class)
			.single();
	}

	/** The outcomes of the {@code recipient.completed} events in the outbox for this campaign. */
	private List<String> completedEvents(String campaignId) {
		return jdbc.sql("select payload ->> 'outcome' from outbox where event_type = 'recipient.completed'"
				+ " and payload ->> 'campaignId' = ? order by id")
			.param(campaignId)
			.query(String.class)
			.list();
	}

	@Test
	void aCallIdTheProviderAnswersTwiceClosesThatRecipientAsUnknownAndTheOthersAreRecordedAndDispatchGoesOn() {
		String id = campaign(numbers(6));
		// the provider answers one call id to the first two triggers: the second cannot be stored
		fault("{\"kind\":\"REPEATED_CALL_SID\",\"count\":2}");
		double before = meters.counter("orchestrator.dispatch.trigger.repeated-call-id").count();

		DispatchRound first = round(dispatcher, MONDAY);

		assertThat(first.claimed()).isEqualTo(6);
		assertThat(states(id)).containsOnly(Map.entry("IN_CALL", 5L), Map.entry("DONE", 1L));
		assertThat(dialled(id)).hasSize(6).allSatisfy((number, times) -> assertThat(times).isEqualTo(1));
		assertThat(jdbc.sql("select outcome || ' ' || outcome_reason from recipient where campaign_id = ?::uuid"
				+ " and state = 'DONE'").param(id).query(String.class).single())
			.startsWith("TRIGGER_UNKNOWN the provider answered call id OUT-repeated-")
			.contains("never redialled");
		assertThat(meters.counter("orchestrator.dispatch.trigger.repeated-call-id").count()).isEqualTo(before + 1);
		// nothing is left to retry, and the next campaign is dialled as usual
		String next = campaign(numbers(9).subList(6, 9));
		assertThat(round(dispatcher, MONDAY.plusSeconds(1)).accepted()).isEqualTo(3);
		assertThat(states(next)).containsOnly(Map.entry("IN_CALL", 3L));
		assertThat(dialled(id)).hasSize(6).allSatisfy((number, times) -> assertThat(times).isEqualTo(1));
	}

	@Test
	void aTriggerThatCannotLeaveWithinItsLatenessOfItsSendInstantIsPutBackUnsentAndALaterRoundSendsIt() {
		String id = campaign(numbers(2));
		double late = meters.counter("orchestrator.dispatch.triggers.late").count();
		// a trigger pool whose threads start late: the clock has moved a second when each trigger runs
		ExecutorService stalled = new java.util.concurrent.ThreadPoolExecutor(4, 4, 1, TimeUnit.MINUTES,
				new java.util.concurrent.LinkedBlockingQueue<>()) {
			@Override
			protected void beforeExecute(Thread thread, Runnable task) {
				clock.advance(Duration.ofSeconds(1));
			}
		};

		DispatchRound stalledRound = round(replica("stalled", calls, settings, suppressions, stalled), MONDAY);

		assertThat(stalledRound.claimed()).isEqualTo(2);
		assertThat(stalledRound.accepted()).isZero();
		assertThat(stalledRound.putBack()).isEqualTo(2);
		assertThat(dialled(id)).isEmpty();
		assertThat(meters.counter("orchestrator.dispatch.triggers.late").count()).isEqualTo(late + 2);
		long recipient = json(tenant.get("/api/v1/campaigns/" + id + "/recipients")).at("/items/0/id").asLong();
		assertThat(trail(id, recipient).findValuesAsString("reason")).containsExactly("SCHEDULED", "SEND_TOO_LATE");

		assertThat(round(dispatcher, clock.instant()).accepted()).isEqualTo(2);
		assertThat(dialled(id)).hasSize(2).allSatisfy((number, times) -> assertThat(times).isEqualTo(1));
		stalled.shutdown();
	}

	@Test
	void aRecipientClaimedAheadIsCheckedForItsDueTimeNotTheClaims() {
		HttpResponse<String> created = tenant.post("/api/v1/campaigns", "{\"name\":\"closing\","
				+ "\"schedule\":{\"callingWindow\":{\"start\":\"09:00\",\"end\":\"12:00\"},"
				+ "\"defaultTimeZone\":\"Europe/London\"},"
				+ "\"rateLimit\":{\"callsPerMinute\":6000,\"maxConcurrentCalls\":10},\"recipients\":["
				+ "{\"phoneNumber\":\"+442079460001\"},{\"phoneNumber\":\"+442079460002\"}]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = json(created).get("id").asString();
		Instant beforeNoon = Instant.parse("2030-01-07T11:59:59.800Z");
		// one falls due just before the window closes at noon (London is on UTC in January), one just after
		jdbc.sql("update recipient set next_attempt_at = case phone_number when '+442079460001' then cast(? as timestamptz) else cast(? as timestamptz) end"
				+ " where campaign_id = ?::uuid")
			.params(java.sql.Timestamp.from(beforeNoon.plusMillis(100)), java.sql.Timestamp.from(beforeNoon.plusMillis(300)),
					id)
			.update();

		// both are within the lookahead of a round before noon, and both are claimed by it
		DispatchRound round = round(dispatcher, beforeNoon);

		assertThat(round.claimed()).isEqualTo(2);
		assertThat(round.accepted()).isEqualTo(1);
		assertThat(dialled(id)).containsOnlyKeys("+442079460001");
		JsonNode later = json(tenant.get("/api/v1/campaigns/" + id + "/recipients?state=PENDING")).at("/items/0");
		assertThat(later.get("phoneNumber").asString()).isEqualTo("+442079460002");
		assertThat(later.get("nextAttemptAt").asString()).isEqualTo("2030-01-08T09:00:00Z");
		assertThat(trail(id, later.get("id").asLong()).findValuesAsString("reason")).endsWith("WINDOW_CLOSED");
	}

	@Test
	void aTooManyRequestsAnsweredToOneReplicaStopsEveryReplicaUntilItsRetryAfter() {
		campaign(numbers(1));
		fault("{\"kind\":\"HTTP_429\",\"count\":1,\"retryAfterSeconds\":30}");
		assertThat(round(replica("a", calls), MONDAY).putBack()).isEqualTo(1);
		String other = campaign(numbers(4).subList(1, 4));
		RoundDispatcher b = replica("b", calls);

		DispatchRound firstOfB = round(b, MONDAY.plusSeconds(1));
		DispatchRound nextOfB = round(b, MONDAY.plusSeconds(2));
		DispatchRound afterRetry = round(b, MONDAY.plusSeconds(31));

		// b knew nothing of the 429: its reservation found the shared budget stopped, and it sent nothing
		assertThat(firstOfB.accepted()).isZero();
		// from then on it claims nothing until the Retry-After has passed
		assertThat(nextOfB.claimed()).isZero();
		assertThat(afterRetry.accepted()).isEqualTo(4);
		assertThat(dialled(other)).hasSize(3);
	}

	@Test
	void onceAPauseHasAnsweredNoTriggerOfTheCampaignLeavesEvenOneAlreadyWaitingForItsSendInstant() {
		// 2 calls a second and a lookahead of 3 s: one leaves at once, the others wait 250, 750, ... 2,750 ms
		String id = campaign(numbers(8), 120);
		RoundDispatcher replica = replica("paused", calls, withLookahead(Duration.ofSeconds(3)));

		DispatchRound sent = next(replica, MONDAY);
		HttpResponse<String> paused = tenant.postEmpty("/api/v1/campaigns/" + id + "/pause");
		int dialledWhenAnswered = dialled(id).size();
		replica.awaitInFlight(Duration.ofSeconds(10));

		assertThat(sent.claimed()).isEqualTo(7);
		assertThat(paused.statusCode()).isEqualTo(200);
		// nothing left after the answer, and the pause did stop triggers that were waiting
		assertThat(dialled(id)).hasSize(dialledWhenAnswered);
		assertThat(dialledWhenAnswered).isLessThan(7);
		assertThat(jdbc.sql("select count(*) from recipient_event e join recipient r on r.id = e.recipient_id"
				+ " where r.campaign_id = ?::uuid and e.reason = 'CAMPAIGN_STOPPED'").param(id).query(Long.class).single())
			.isEqualTo(7L - dialledWhenAnswered);
		assertThat(states(id)).containsEntry("PENDING", 8L - dialledWhenAnswered);
	}

	@Test
	void aCancelThatHasAnsweredLeavesTheTriggersStillWaitingCancelledNotPending() {
		String id = campaign(numbers(8), 120);
		RoundDispatcher replica = replica("cancelled", calls, withLookahead(Duration.ofSeconds(3)));

		next(replica, MONDAY);
		assertThat(tenant.postEmpty("/api/v1/campaigns/" + id + "/cancel").statusCode()).isEqualTo(200);
		int dialledWhenAnswered = dialled(id).size();
		replica.awaitInFlight(Duration.ofSeconds(10));

		assertThat(dialled(id)).hasSize(dialledWhenAnswered);
		assertThat(dialledWhenAnswered).isLessThan(7);
		assertThat(states(id)).doesNotContainKey("PENDING").doesNotContainKey("DIALING");
		assertThat(jdbc.sql("select count(*) from recipient where campaign_id = ?::uuid and outcome = 'CANCELLED'")
			.param(id).query(Long.class).single()).isEqualTo(8L - dialledWhenAnswered);
	}

	@Test
	void cancellingACampaignCompletesItsPendingRecipientsWithAnEventEach() {
		String id = campaign(numbers(3));

		assertThat(tenant.postEmpty("/api/v1/campaigns/" + id + "/cancel").statusCode()).isEqualTo(200);

		assertThat(completedEvents(id)).containsExactly("CANCELLED", "CANCELLED", "CANCELLED");
		long recipient = json(tenant.get("/api/v1/campaigns/" + id + "/recipients")).at("/items/0/id").asLong();
		assertThat(trail(id, recipient).findValuesAsString("reason")).containsExactly("SCHEDULED",
				"CAMPAIGN_CANCELLED");
	}

	private JsonNode trail(String campaignId, long recipientId) {
		HttpResponse<String> response = tenant.get("/api/v1/campaigns/" + campaignId + "/recipients/" + recipientId);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response).get("history");
	}

	/** The real provider (the sandbox), answering only once {@code answer} opens. */
	private OutboundCalls held(CountDownLatch answer) {
		return new OutboundCalls() {
			@Override
			public TriggerResult trigger(CallRequest request) {
				try {
					answer.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return calls.trigger(request);
			}

			@Override
			public StatusResult status(String callSid, Instant answerBy) {
				return calls.status(callSid, answerBy);
			}

			@Override
			public Dialect dialect() {
				return calls.dialect();
			}
		};
	}

	private RoundDispatcher replica(String name, OutboundCalls provider) {
		return replica(name, provider, settings);
	}

	private RoundDispatcher replica(String name, OutboundCalls provider, DispatchSettings settings) {
		return replica(name, provider, settings, suppressions);
	}

	private RoundDispatcher replica(String name, DispatchSettings settings,
			dev.campaigns.orchestrator.compliance.Suppressions suppressions) {
		return replica(name, calls, settings, suppressions);
	}

	private RoundDispatcher replica(String name, OutboundCalls provider, DispatchSettings settings,
			dev.campaigns.orchestrator.compliance.Suppressions suppressions) {
		return replica(name, provider, settings, suppressions, Executors.newFixedThreadPool(settings.triggerThreads()));
	}

	/** Another replica on the same database, its own trigger pool and recorder, the test's clock. */
	private RoundDispatcher replica(String name, OutboundCalls provider, DispatchSettings settings,
			dev.campaigns.orchestrator.compliance.Suppressions suppressions, ExecutorService pool) {
		io.micrometer.core.instrument.MeterRegistry registry = meters;
		ProviderBackoff backoff = new ProviderBackoff(rateLimits);
		TriggerSender sender = new TriggerSender(backoff, gate, pool, settings, clock, registry);
		AnswerRecorder recorder = new AnswerRecorder(attempts, lifecycle, backoff, settings, this.provider, registry,
				transactions);
		CheckedClaims checks = new CheckedClaims(new Callability(compliance.maxAttemptsPerNumber(),
				compliance.attemptWindow(), attempts::attemptsOfNumber), settingsReader, suppressions);
		return new RoundDispatcher(store, attempts, checks, rateLimits, sender, TestLines.defaultTo(provider, lines), recorder, gate, settingsReader,
				transactions, settings, clock, name);
	}

	/** Suppressions that find none suppressed {@code answers} times, then fail as a restarting database does. */
	private static dev.campaigns.orchestrator.compliance.Suppressions suppressionsFailingAfter(int answers) {
		dev.campaigns.orchestrator.compliance.Suppressions failing = org.mockito.Mockito
			.mock(dev.campaigns.orchestrator.compliance.Suppressions.class);
		var stubbing = org.mockito.Mockito.when(failing.suppressedAmong(org.mockito.ArgumentMatchers.anyString(),
				org.mockito.ArgumentMatchers.anyList()));
		for (int i = 0; i < answers; i++) {
			stubbing = stubbing.thenReturn(java.util.Set.of());
		}
		stubbing.thenThrow(new org.springframework.dao.DataAccessResourceFailureException("the database restarted"));
		return failing;
	}

	private static void suppress(Api api, String number) {
		assertThat(api.post("/api/v1/suppressions", "{\"phoneNumber\":\"" + number + "\"}").statusCode())
			.isEqualTo(201);
	}

	/** The test's settings with this many trigger threads. */
	private DispatchSettings withTriggerThreads(int threads) {
		return new DispatchSettings(true, settings.callsPerSecond(), settings.burst(), settings.maxConcurrentCalls(),
				threads, settings.lease(), settings.leaseMargin(), settings.lookahead(), settings.unavailableBackoff());
	}

	/** The test's settings with this lookahead. */
	private DispatchSettings withLookahead(Duration lookahead) {
		return new DispatchSettings(true, settings.callsPerSecond(), settings.burst(), settings.maxConcurrentCalls(),
				settings.triggerThreads(), settings.lease(), settings.leaseMargin(), lookahead,
				settings.unavailableBackoff());
	}

	/** 20 calls a second in bursts of 4, 8 trigger threads. */
	private DispatchSettings burstsOfFour() {
		return new DispatchSettings(true, 20, 4, 1000, 8, settings.lease(), settings.leaseMargin(),
				settings.lookahead(), settings.unavailableBackoff());
	}

	private String campaign(List<String> numbers) {
		return campaign(numbers, 6000);
	}

	private String campaign(List<String> numbers, int callsPerMinute) {
		return campaign(numbers, callsPerMinute, 3);
	}

	private String campaign(List<String> numbers, int callsPerMinute, int priority) {
		String recipients = numbers.stream()
			.map(number -> "{\"phoneNumber\":\"" + number + "\"}")
			.collect(Collectors.joining(","));
		HttpResponse<String> created = tenant.post("/api/v1/campaigns", "{\"name\":\"dispatch\","
				+ "\"rateLimit\":{\"callsPerMinute\":" + callsPerMinute + ",\"maxConcurrentCalls\":1000},"
				+ "\"priority\":" + priority + ","
				+ "\"recipients\":[" + recipients + "]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created).get("id").asString();
	}

	/** London numbers: the campaign's default window holds on a Monday at 10:00 UTC, and no floor applies. */
	static List<String> numbers(int count) {
		List<String> numbers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			numbers.add(String.format("+44207946%04d", i));
		}
		return numbers;
	}

	/** How often the sandbox received each number of this campaign (its ledger is cleared per test). */
	private Map<String, Long> dialled(String campaignId) {
		List<String> mine = jdbc.sql("select phone_number from recipient where campaign_id = ?::uuid")
			.param(campaignId)
			.query(String.class)
			.list();
		List<String> received = new ArrayList<>();
		json(Http.get(sandbox() + "/_calls")).forEach(call -> received.add(call.get("toNumber").asString()));
		return received.stream()
			.filter(mine::contains)
			.collect(Collectors.groupingBy(number -> number, Collectors.counting()));
	}

	private Map<String, Long> states(String campaignId) {
		Map<String, Long> states = new java.util.HashMap<>();
		jdbc.sql("select state, count(*) as n from recipient where campaign_id = ?::uuid group by state")
			.param(campaignId)
			.query(rs -> {
				states.put(rs.getString("state"), rs.getLong("n"));
			});
		return states;
	}

	private void fault(String json) {
		HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_faults"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
		assertThat(response.statusCode()).isEqualTo(201);
	}

	private String sandbox() {
		return "http://localhost:" + port + "/sandbox/polyai";
	}

}
