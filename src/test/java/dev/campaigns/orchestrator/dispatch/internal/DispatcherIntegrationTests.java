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
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.dispatch.RateBuckets;
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
@TestPropertySource(properties = { "orchestrator.dispatch.calls-per-second=1000", "orchestrator.dispatch.burst=200",
		"orchestrator.dispatch.batch-size=50", "orchestrator.dispatch.max-send-delay=200ms" })
class DispatcherIntegrationTests {

	static final Instant MONDAY = Instant.parse("2030-01-07T10:00:00Z");

	@LocalServerPort
	int port;

	@Autowired
	PostgresDispatcher dispatcher;

	@Autowired
	DispatchStore store;

	@Autowired
	RateBuckets buckets;

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
	dev.campaigns.orchestrator.compliance.Suppressions suppressions;

	@Autowired
	dev.campaigns.orchestrator.compliance.ComplianceSettings compliance;

	Api tenant;

	@BeforeEach
	void isolate() {
		// rounds run at chosen instants: each test starts with fresh buckets and no other due work
		jdbc.sql("delete from rate_bucket").update();
		jdbc.sql("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')").update();
		// calls other tests left in progress would count against the global concurrency cap
		jdbc.sql("update recipient set state = 'DONE', outcome = 'CANCELLED', lease_owner = null,"
				+ " lease_expires_at = null where state in ('DIALING', 'IN_CALL')").update();
		// and their attempts finished, so no poller (of this context or a later test's) works through them
		jdbc.sql("update call_attempt set phase = 'FINAL', next_poll_at = null where phase = 'ACTIVE'").update();
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_faults")).DELETE().build());
		Http.send(HttpRequest.newBuilder(URI.create(sandbox() + "/_calls")).DELETE().build());
		tenant = Api.at(port).newTenant("campaigns:write");
	}

	@Test
	void dialsEveryDueRecipientOnceAndRecordsTheCallBeforeAndAfter() {
		String id = campaign(numbers(5));

		DispatchRound round = dispatcher.dispatchDue(MONDAY);

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
		assertThat(dispatcher.dispatchDue(MONDAY.plusSeconds(1)).claimed()).isZero();
	}

	@Test
	void threeDispatchersOnOneDatabaseDialEveryRecipientExactlyOnce() throws Exception {
		String id = campaign(numbers(300));
		List<PostgresDispatcher> replicas = List.of(replica("a", calls), replica("b", calls), replica("c", calls));
		ExecutorService threads = Executors.newFixedThreadPool(3);
		List<Future<int[]>> rounds = new ArrayList<>();
		for (PostgresDispatcher replica : replicas) {
			rounds.add(threads.submit(() -> {
				int[] total = new int[3];
				for (int second = 0; second < 40; second++) {
					DispatchRound round = replica.dispatchDue(MONDAY.plusSeconds(second));
					total[0] += round.claimed();
					total[1] += round.accepted();
					total[2] += round.putBack();
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

		// every claim was either sent once or put back unsent (a trigger held up on a busy machine
		// beyond the max send delay), and a put-back one was claimed again
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

		assertThat(dispatcher.dispatchDue(MONDAY).claimed()).isZero();
		assertThat(dialled(paused)).isEmpty();

		tenant.postEmpty("/api/v1/campaigns/" + paused + "/resume");
		assertThat(dispatcher.dispatchDue(MONDAY).claimed()).isEqualTo(3);
		// the recipient's trail shows what it waited for, then its call
		long recipient = json(tenant.get("/api/v1/campaigns/" + paused + "/recipients")).at("/items/0/id").asLong();
		assertThat(trail(paused, recipient).findValuesAsString("reason")).containsExactly("SCHEDULED",
				"CAMPAIGN_PAUSED", "CAMPAIGN_RESUMED", "WINDOW_OPEN");
		assertThat(trail(paused, recipient).at("/3/decision").asString()).isEqualTo("PLACED");
		assertThat(trail(paused, recipient).at("/3/callSid").asString()).startsWith("OUT-");
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
		String id = campaign(numbers(2));
		Instant sunday = Instant.parse("2030-01-06T12:00:00Z");

		DispatchRound round = dispatcher.dispatchDue(sunday);

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

		DispatchRound round = dispatcher.dispatchDue(MONDAY);

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

		DispatchRound round = dispatcher.dispatchDue(MONDAY);
		dispatcher.dispatchDue(MONDAY.plus(Duration.ofHours(1)));

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

		DispatchRound first = dispatcher.dispatchDue(MONDAY);
		DispatchRound during = dispatcher.dispatchDue(MONDAY.plusSeconds(10));
		DispatchRound after = dispatcher.dispatchDue(MONDAY.plusSeconds(40));

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
		PostgresDispatcher replica = replica("serial", calls, withTriggerThreads(1));

		DispatchRound first = replica.dispatchDue(MONDAY);
		DispatchRound after = replica.dispatchDue(MONDAY.plusSeconds(40));

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
			public StatusResult status(String callSid) {
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
		assertThat(dispatcher.dispatchDue(MONDAY.plusSeconds(5)).claimed()).isZero();
	}

	@Test
	void theExpiredLeaseOfADeadReplicaIsTakenOverAsUnknownNeverRedialled() {
		String id = campaign(numbers(2));
		java.util.UUID campaign = java.util.UUID.fromString(id);
		// a replica claims and dies before sending anything it could report
		transactions.execute(tx -> store.claim(campaign, 2, "dead-replica", MONDAY, MONDAY.plus(settings.lease())));

		assertThat(store.takeOverExpiredLeases(MONDAY.plusSeconds(60))).isZero();
		assertThat(store.takeOverExpiredLeases(MONDAY.plus(settings.lease()).plusSeconds(1))).isEqualTo(2);

		assertThat(states(id)).containsOnly(Map.entry("DONE", 2L));
		assertThat(completedEvents(id)).containsExactly("TRIGGER_UNKNOWN", "TRIGGER_UNKNOWN");
		assertThat(dispatcher.dispatchDue(MONDAY.plus(Duration.ofHours(1))).claimed()).isZero();
		assertThat(dialled(id)).isEmpty();
	}

	@Test
	void aLoopRoundSendsWithoutWaitingForAnswersAndTheRecorderRecordsThem() {
		String id = campaign(numbers(3));
		CountDownLatch answer = new CountDownLatch(1);
		PostgresDispatcher replica = replica("pipelined", held(answer));

		DispatchRound sent = replica.dispatchNext(MONDAY);

		assertThat(sent.claimed()).isEqualTo(3);
		assertThat(sent.accepted()).isZero();
		assertThat(states(id)).containsOnly(Map.entry("DIALING", 3L));

		answer.countDown();
		replica.awaitInFlight(Duration.ofSeconds(10));

		assertThat(states(id)).containsOnly(Map.entry("IN_CALL", 3L));
		assertThat(dialled(id)).hasSize(3).allSatisfy((number, times) -> assertThat(times).isEqualTo(1));
		assertThat(replica.dispatchNext(MONDAY.plusSeconds(1)).claimed()).isZero();
	}

	@Test
	void aLoopRoundNeverHasMoreTriggersUnansweredThanTriggerThreads() {
		String id = campaign(numbers(settings.batchSize() * 6));
		CountDownLatch answer = new CountDownLatch(1);
		// no trigger is put back for a late send here (the pool's first threads start slowly): each
		// claim stays in flight until answered
		PostgresDispatcher replica = replica("bounded", held(answer), patient());
		int limit = settings.triggerThreads();

		int claimed = 0;
		DispatchRound round = null;
		for (int second = 0; second < 10; second++) {
			// a second apart, so the buckets never limit
			round = replica.dispatchNext(MONDAY.plusSeconds(second));
			claimed += round.claimed();
		}

		assertThat(claimed).isEqualTo(Math.min(limit, settings.batchSize() * 6));
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

		PostgresDispatcher replica = replica("paced", calls);

		DispatchRound first = replica.dispatchNext(MONDAY);
		replica.awaitInFlight(Duration.ofSeconds(10));
		DispatchRound next = replica.dispatchNext(MONDAY.plusMillis(1));
		DispatchRound early = replica.dispatchNext(MONDAY.plusMillis(500));
		DispatchRound onTime = replica.dispatchNext(MONDAY.plusSeconds(1));
		replica.awaitInFlight(Duration.ofSeconds(10));

		assertThat(first.claimed()).isEqualTo(1);
		// one call a second: the loop looks for other work after claim-ahead less take-ahead (it found
		// everything due within claim-ahead), but this campaign's bucket is asked again only once it holds
		// the next call
		assertThat(next.pause()).isEqualTo(settings.claimAheadPause().minusMillis(1));
		assertThat(early.claimed()).isZero();
		assertThat(onTime.claimed()).isEqualTo(1);
	}

	@Test
	void aRoundStartedTakeAheadOfTheGlobalBucketsRefillTakesForThatInstantAndItsTriggersWaitForIt() {
		String id = campaign(numbers(30));
		// 20 calls a second, bursts of 4: the bucket starts with 8 (it holds 16 only while busy), a round takes
		// 4 at most, and after a drain its next batch (3) is there 150 ms later; rounds may start 100 ms before that
		DispatchSettings paced = new DispatchSettings(true, 20, 4, 1000, 50, settings.interval(), settings.lease(),
				settings.leaseMargin(), 8, settings.unavailableBackoff(), settings.rateRecoveryPerSecond(),
				settings.maxSendDelay(), Duration.ofMillis(100), settings.pathAllowance(), settings.claimAhead());
		PostgresDispatcher replica = replica("ahead", calls, paced);

		List<DispatchRound> drain = List.of(replica.dispatchDue(MONDAY), replica.dispatchDue(MONDAY));
		DispatchRound tooEarly = replica.dispatchDue(MONDAY.plusMillis(40));
		// the round starts before the sandbox's calls: the sandbox runs in this process, on the same clock
		Instant before = Instant.now();
		DispatchRound ahead = replica.dispatchDue(MONDAY.plusMillis(60));

		// a burst a round, the next at once while the bucket holds more
		assertThat(drain).extracting(DispatchRound::claimed).containsExactly(4, 4);
		assertThat(drain.get(0).pause()).isZero();
		// once it is empty, the next round is due take-ahead before the refill
		assertThat(drain.get(1).pause()).isEqualTo(Duration.ofMillis(50));
		// before that, a round asks nothing
		assertThat(tooEarly.claimed()).isZero();
		assertThat(tooEarly.pause()).isEqualTo(Duration.ofMillis(10));
		// refilled for 150 ms, not for the round's 60 ms (1.2 tokens, so 1), and recorded in the window there
		assertThat(ahead.claimed()).isEqualTo(3);
		List<Instant> takes = globalWindowInstants();
		assertThat(takes).containsExactly(MONDAY, MONDAY, MONDAY.plusMillis(150));
		assertThat(dialled(id)).hasSize(11);
		// its triggers left only once the grant's instant had come on the clock: 90 ms after the take
		List<Instant> received = new ArrayList<>();
		json(Http.get(sandbox() + "/_calls")).forEach(call -> received.add(Instant.parse(call.get("receivedAt")
			.asString())));
		assertThat(received.stream().filter(at -> at.isAfter(before)).toList()).hasSize(3)
			.allSatisfy(at -> assertThat(at).isAfterOrEqualTo(before.plusMillis(90)));
	}

	@Test
	void theGlobalWindowSpansASecondTheMaxSendDelayAndThePathAllowance() {
		String id = campaign(numbers(50));
		// 20 calls a second, bursts of 4 (R + burst = 24 in the window; the bucket starts with 8 and holds 16
		// while busy); the window is 1 s + 200 ms (this class's max send delay) + 20 ms
		DispatchSettings paced = new DispatchSettings(true, 20, 4, 1000, 50, settings.interval(), settings.lease(),
				settings.leaseMargin(), 8, settings.unavailableBackoff(), settings.rateRecoveryPerSecond(),
				settings.maxSendDelay(), Duration.ZERO, Duration.ofMillis(20), settings.claimAhead());
		PostgresDispatcher replica = replica("windowed", calls, paced);

		int first = roundsUntilNothing(replica, MONDAY);
		int second = roundsUntilNothing(replica, MONDAY.plusMillis(400));
		int third = roundsUntilNothing(replica, MONDAY.plusMillis(800));
		// the bucket is full again, but the window still holds all 24 (it would not without the allowance):
		// a replica that knows nothing of it yet asks the database, and is given nothing
		int inWindow = replica("newcomer", calls, paced).dispatchDue(MONDAY.plusMillis(1210)).claimed();
		// the first take has left the window
		int after = roundsUntilNothing(replica, MONDAY.plusMillis(1230));

		// what the bucket started with, then what refilled in each 400 ms, up to the window's 24
		assertThat(List.of(first, second, third)).containsExactly(8, 8, 8);
		assertThat(inWindow).isZero();
		// the first 8 have left the window: room for what refilled meanwhile, as much again
		assertThat(after).isEqualTo(8);
		assertThat(dialled(id)).hasSize(32);
	}

	@Test
	void aRoundThatComesLateFindsTheReserveAndTakesItABurstAtATime() {
		String id = campaign(numbers(40));
		// 20 calls a second, bursts of 4: a bucket of 16 while busy, a round takes 4 at most
		DispatchSettings paced = new DispatchSettings(true, 20, 4, 1000, 50, settings.interval(), settings.lease(),
				settings.leaseMargin(), 8, settings.unavailableBackoff(), settings.rateRecoveryPerSecond(),
				settings.maxSendDelay(), Duration.ZERO, settings.pathAllowance(), settings.claimAhead());
		PostgresDispatcher replica = replica("late", calls, paced);
		replica.dispatchDue(MONDAY.minusSeconds(5));
		// the loop's last round emptied the bucket at MONDAY, and the round after it comes 600 ms late
		jdbc.sql("update rate_bucket set tokens = 0, refreshed_at = ? where name = 'global'")
			.param(java.sql.Timestamp.from(MONDAY))
			.update();

		List<Integer> late = new ArrayList<>();
		for (int round = 0; round < 4; round++) {
			late.add(replica.dispatchDue(MONDAY.plusMillis(600)).claimed());
		}

		// the 12 tokens of the 600 ms (not a quiet spell), more than two bursts, a burst a round
		assertThat(late).containsExactly(4, 4, 4, 0);
		assertThat(dialled(id)).hasSize(4 + 12);
	}

	/** Dispatch rounds at {@code at} until one claims nothing: what they claimed together. */
	private static int roundsUntilNothing(PostgresDispatcher replica, Instant at) {
		int claimed = 0;
		for (int round = 0; round < 100; round++) {
			int claimedNow = replica.dispatchDue(at).claimed();
			if (claimedNow == 0) {
				return claimed;
			}
			claimed += claimedNow;
		}
		throw new AssertionError("rounds at " + at + " never ran out of tokens");
	}

	@Test
	void whileTokensArePlentifulTheClaimAndItsChecksComeFirstAndTheTakeCoversOnlyTheCallable() {
		Api both = Api.at(port).newTenant("campaigns:write", "admin");
		String id = plentiful(both, numbers(60));
		// no trigger is put back as late (a cold HTTP client): the counts below are the tokens' alone
		PostgresDispatcher replica = replica("plentiful", calls, patient());
		DispatchRound first = replica.dispatchDue(MONDAY);
		// two of the ten left are suppressed after the first round: the second claims them, and must not
		// spend tokens on them
		List<String> suppressed = pending(id).subList(0, 2);
		suppressed.forEach(number -> suppress(both, number));

		DispatchRound second = replica.dispatchDue(MONDAY.plusMillis(1));

		assertThat(first.accepted()).isEqualTo(50);
		assertThat(second.claimed()).isEqualTo(10);
		assertThat(second.accepted()).isEqualTo(8);
		assertThat(second.putBack()).isEqualTo(2);
		assertThat(dialled(id)).hasSize(58).doesNotContainKeys(suppressed.toArray(String[]::new));
		assertThat(states(id)).containsEntry("IN_CALL", 58L).containsEntry("DONE", 2L);
		// the first round knew nothing of the buckets and took its batch first; the second took exactly the
		// 8 callable recipients it had claimed (taking first, it would have taken 50 and given 40 back)
		assertThat(jdbc.sql("select unnest(window_n) from rate_bucket where name = 'global'")
			.query(Integer.class)
			.list()).containsExactly(50, 8);
	}

	@Test
	void whileTokensArePlentifulTheRoundsCampaignsShareOneClaimAndOneTake() {
		Api both = Api.at(port).newTenant("campaigns:write", "admin");
		List<String> ids = threePlentifulWithFourDueLater(both);
		PostgresDispatcher replica = replica("plentiful-shares", calls, patient());
		// the first round knows nothing of the buckets: each campaign takes its share first, then claims it
		DispatchRound first = replica.dispatchDue(MONDAY);
		List<Integer> firstTakes = globalWindowTakes();
		// one of the twelve left is suppressed after the first round: the second claims it, and spends no token
		// on it
		String suppressed = pending(ids.get(1)).get(0);
		suppress(both, suppressed);

		DispatchRound second = replica.dispatchDue(MONDAY.plusSeconds(10));

		assertThat(first.accepted()).isEqualTo(48);
		assertThat(second.claimed()).isEqualTo(12);
		assertThat(second.accepted()).isEqualTo(11);
		assertThat(second.putBack()).isEqualTo(1);
		// the second round's three shares took their 11 tokens in one take: one entry more in the global window
		// (the patient settings' window spans a minute, so the first round's are still there: three takes, each
		// with its give-back); three takes would have added three
		assertThat(firstTakes).hasSize(6);
		assertThat(globalWindowTakes()).containsExactlyElementsOf(
				java.util.stream.Stream.concat(firstTakes.stream(), java.util.stream.Stream.of(11)).toList());
		for (String id : ids) {
			assertThat(dialled(id)).hasSize(id.equals(ids.get(1)) ? 19 : 20);
			assertThat(states(id)).doesNotContainKey("PENDING");
		}
		assertThat(dialled(ids.get(1))).doesNotContainKey(suppressed);
	}

	/** Three plentiful campaigns of 20 recipients each, four of each due 10 s after MONDAY. */
	private List<String> threePlentifulWithFourDueLater(Api api) {
		List<String> numbers = numbers(60);
		List<String> ids = List.of(plentiful(api, numbers.subList(0, 20)), plentiful(api, numbers.subList(20, 40)),
				plentiful(api, numbers.subList(40, 60)));
		for (String id : ids) {
			jdbc.sql("update recipient set next_attempt_at = ? where id in (select id from recipient"
					+ " where campaign_id = ?::uuid order by phone_number limit 4)")
				.params(java.sql.Timestamp.from(MONDAY.plusSeconds(10)), id)
				.update();
		}
		return ids;
	}

	@Test
	void aDatabaseFailureAfterAClaimOfSeveralCampaignsSharesPutsEveryShareBackUnsent() {
		List<String> ids = threePlentifulWithFourDueLater(tenant);
		// the first round's three campaigns (one query each) pass; the second round's one query fails
		PostgresDispatcher replica = replica("unlucky-shares", patient(), suppressionsFailingAfter(3));
		assertThat(replica.dispatchDue(MONDAY).accepted()).isEqualTo(48);

		org.assertj.core.api.Assertions.assertThatThrownBy(() -> replica.dispatchDue(MONDAY.plusSeconds(10)))
			.isInstanceOf(org.springframework.dao.DataAccessResourceFailureException.class);

		for (String id : ids) {
			assertThat(dialled(id)).hasSize(16);
			assertThat(states(id)).containsOnly(Map.entry("IN_CALL", 16L), Map.entry("PENDING", 4L));
			assertThat(jdbc.sql("select count(*) from recipient_event e join recipient r on r.id = e.recipient_id"
					+ " where r.campaign_id = ?::uuid and e.reason = 'DATABASE_UNAVAILABLE'")
				.param(id)
				.query(Long.class)
				.single()).isEqualTo(4);
		}
		// the next round dials them
		assertThat(dispatcher.dispatchDue(MONDAY.plusSeconds(11)).accepted()).isEqualTo(12);
	}

	@Test
	void aCampaignWithNoRoomAheadInTurnKeepsNoShareFromAPlentifulOne() {
		// claims as large as a round's budget (a burst of 20), so a share kept for a campaign shows
		DispatchSettings patient = patient();
		int burst = 20;
		DispatchSettings wholeBursts = new DispatchSettings(true, 200, burst, patient.maxConcurrentCalls(), burst,
				patient.interval(), patient.lease(), patient.leaseMargin(),
				patient.triggerThreads(), patient.unavailableBackoff(), patient.rateRecoveryPerSecond(),
				patient.maxSendDelay(), patient.takeAhead(), patient.pathAllowance(), patient.claimAhead());
		String big = plentiful(tenant, numbers(2 * burst + 10));
		PostgresDispatcher replica = replica("no-room-ahead", calls, wholeBursts);
		assertThat(replica.dispatchDue(MONDAY).claimed()).isEqualTo(burst);
		// a campaign never served (so first in the next round's turn) with its one concurrent call in progress
		HttpResponse<String> created = tenant.post("/api/v1/campaigns", "{\"name\":\"full\","
				+ "\"rateLimit\":{\"callsPerMinute\":60000,\"maxConcurrentCalls\":1},"
				+ "\"recipients\":[{\"phoneNumber\":\"+442079469998\"},{\"phoneNumber\":\"+442079469999\"}]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String full = json(created).get("id").asString();
		jdbc.sql("update recipient set state = 'IN_CALL', next_attempt_at = null where campaign_id = ?::uuid"
				+ " and phone_number = '+442079469998'").param(full).update();

		assertThat(replica.dispatchDue(MONDAY.plusSeconds(10)).claimed()).isEqualTo(burst);

		// the big campaign had the whole budget in one share (a share kept for the full one would have left it
		// half, for the next round)
		assertThat(globalWindowTakes()).containsExactly(burst, burst);
		assertThat(dialled(big)).hasSize(2 * burst);
		assertThat(dialled(full)).isEmpty();
	}

	@Test
	void recipientsClaimedWhileTokensSeemedPlentifulAndNotCoveredByTheTakeArePutBackUnsentAsDueAsTheyWere() {
		FirstRound first = firstRoundOfFifty("outrun");
		String id = first.campaign();
		PostgresDispatcher replica = first.replica();
		// other replicas took all but 3 of the global bucket's tokens since: this replica's estimate still
		// says it is nearly full; the 10 left fall due 100 ms after the round, which claims them ahead
		Instant second = MONDAY.plusMillis(1);
		Instant due = second.plusMillis(100);
		jdbc.sql("update rate_bucket set tokens = 3, refreshed_at = ? where name = 'global'")
			.param(java.sql.Timestamp.from(second))
			.update();
		jdbc.sql("update recipient set next_attempt_at = ? where campaign_id = ?::uuid and state = 'PENDING'")
			.params(java.sql.Timestamp.from(due), id)
			.update();

		DispatchRound round = replica.dispatchDue(second);

		assertThat(round.claimed()).isEqualTo(10);
		assertThat(round.accepted()).isEqualTo(3);
		assertThat(round.putBack()).isEqualTo(7);
		assertThat(dialled(id)).hasSize(53);
		// put back as they were: due again when they were due (not at the round's instant), their attempts
		// forgotten, the reason in their trail
		assertThat(pendingDueAt(id, due)).isEqualTo(7);
		assertThat(jdbc.sql("select count(*) from call_attempt where campaign_id = ?::uuid")
			.param(java.util.UUID.fromString(id))
			.query(Long.class)
			.single()).isEqualTo(53);
		assertThat(deferred(id, "TOKENS_GONE", "%other replicas took them first%")).isEqualTo(7);
	}

	@Test
	void recipientsClaimedWhileAnotherReplicasThrottleHoldsTheBucketWaitUntilItEnds() {
		FirstRound first = firstRoundOfFifty("unaware");
		String id = first.campaign();
		PostgresDispatcher replica = first.replica();
		// another replica was answered 429 meanwhile: the shared bucket gives nothing for 5 s
		Instant second = MONDAY.plusMillis(1);
		Instant until = second.plusSeconds(5);
		jdbc.sql("update rate_bucket set throttled_until = ? where name = 'global'")
			.param(java.sql.Timestamp.from(until))
			.update();

		DispatchRound round = replica.dispatchDue(second);

		assertThat(round.claimed()).isEqualTo(10);
		assertThat(round.accepted()).isZero();
		assertThat(dialled(id)).hasSize(50);
		assertThat(pendingDueAt(id, until)).isEqualTo(10);
		assertThat(deferred(id, "RATE_LIMITED", "%a 429 from the provider stops them until%")).isEqualTo(10);
	}

	@Test
	void recipientsFallingDueOneByOneAreClaimedAheadAndFirstAndTakeNoTokensToGiveBack() {
		String id = plentiful(tenant, numbers(4));
		// the second and third fall due 500 ms apart, each found by the round 250 ms before it (claim-ahead
		// 300 ms), with rounds finding nothing due in between; the fourth a minute later
		List<String> later = pending(id).subList(1, 4);
		List<Instant> dueAt = List.of(MONDAY.plusMillis(500), MONDAY.plusMillis(1000), MONDAY.plusSeconds(62));
		for (int i = 0; i < later.size(); i++) {
			jdbc.sql("update recipient set next_attempt_at = ? where campaign_id = ?::uuid and phone_number = ?")
				.params(java.sql.Timestamp.from(dueAt.get(i)), id, later.get(i))
				.update();
		}
		PostgresDispatcher replica = replica("trickle", calls, patient());

		List<Integer> claimed = new ArrayList<>();
		for (int round = 0; round <= 4; round++) {
			claimed.add(replica.dispatchDue(MONDAY.plusMillis(250L * round)).claimed());
		}
		List<Integer> takes = globalWindowTakes();

		assertThat(settings.claimAhead()).isEqualTo(Duration.ofMillis(300));
		assertThat(claimed).containsExactly(1, 1, 0, 1, 0);
		assertThat(dialled(id)).hasSize(3);
		// the first round knew nothing of the buckets: it took a batch and gave back what it did not claim
		// (a negative take); the later ones claimed first and took exactly their one token each, stamped at
		// the recipient's due time
		assertThat(takes).hasSize(4);
		assertThat(takes.get(0)).isGreaterThan(1);
		assertThat(takes).containsExactly(takes.get(0), 1 - takes.get(0), 1, 1);
		assertThat(globalWindowInstants().subList(2, 4)).containsExactly(dueAt.get(0), dueAt.get(1));

		// more than a minute after its last take, with nothing due, the campaign's note is gone: its next
		// recipient is taken for blind again
		assertThat(replica.dispatchDue(MONDAY.plusMillis(61_500)).claimed()).isZero();
		assertThat(replica.dispatchDue(MONDAY.plusSeconds(62)).claimed()).isEqualTo(1);
		List<Integer> all = globalWindowTakes();
		assertThat(all).hasSize(6);
		List<Integer> blind = all.subList(4, 6);
		assertThat(blind).containsExactly(blind.get(0), 1 - blind.get(0));
		assertThat(blind.get(0)).isGreaterThan(1);
	}

	@Test
	void aRecipientClaimedAheadIsCheckedForItsDueTimeAndCalledThenNotAtTheClaim() {
		Api both = Api.at(port).newTenant("campaigns:write", "admin");
		String id = plentiful(both, numbers(5));
		PostgresDispatcher replica = replica("claim-ahead", calls, patient());
		// a first campaign's round gives the replica a note of the global bucket; a second campaign's
		// recipients fall due 210 ms later, two of them past their deadline by then, one just before it
		assertThat(replica.dispatchDue(MONDAY).claimed()).isEqualTo(5);
		String laterId = plentiful(both, numbers(25).subList(20, 25));
		List<String> later = pending(laterId);
		Instant due = MONDAY.plusMillis(210);
		jdbc.sql("update recipient set next_attempt_at = ? where campaign_id = ?::uuid")
			.params(java.sql.Timestamp.from(due), laterId)
			.update();
		jdbc.sql("update recipient set deadline = ? where campaign_id = ?::uuid and phone_number in (?, ?)")
			.params(java.sql.Timestamp.from(due), laterId, later.get(0), later.get(1))
			.update();
		jdbc.sql("update recipient set deadline = ? where campaign_id = ?::uuid and phone_number = ?")
			.params(java.sql.Timestamp.from(due.plusMillis(1)), laterId, later.get(2))
			.update();
		// a first round for the new campaign (it has no note yet: its tokens would be taken first, for now)
		// finds it only due later, and leaves it
		DispatchRound early = replica.dispatchDue(MONDAY.plusMillis(5));
		assertThat(early.claimed()).isZero();
		assertThat(pending(laterId)).hasSize(5);
		// one due now with the earliest deadline: the campaign is due, and its first round (taking first) claims
		// only what is due at its instant
		jdbc.sql("update recipient set next_attempt_at = ?, deadline = ? where campaign_id = ?::uuid"
				+ " and phone_number = ?")
			.params(java.sql.Timestamp.from(MONDAY.plusMillis(10)), java.sql.Timestamp.from(MONDAY.plusMillis(100)),
					laterId, later.get(4))
			.update();
		assertThat(replica.dispatchDue(MONDAY.plusMillis(10)).claimed()).isEqualTo(1);

		// the sandbox runs in this process, on the same clock
		Instant before = Instant.now();
		DispatchRound ahead = replica.dispatchDue(MONDAY.plusMillis(20));

		// claimed 190 ms ahead of their due time; the two whose deadline is their due time are not called
		assertThat(ahead.claimed()).isEqualTo(4);
		assertThat(ahead.accepted()).isEqualTo(2);
		assertThat(ahead.putBack()).isEqualTo(2);
		assertThat(dialled(laterId)).containsOnlyKeys(later.get(2), later.get(3), later.get(4));
		assertThat(jdbc.sql("select count(*) from recipient_event e join recipient r on r.id = e.recipient_id"
				+ " where r.campaign_id = ?::uuid and e.reason = 'DEADLINE_PASSED'")
			.param(laterId)
			.query(Long.class)
			.single()).isEqualTo(2);
		// their tokens are stamped at their due time, and their triggers left once it had come on the clock
		assertThat(globalWindowInstants()).endsWith(due);
		List<Instant> received = new ArrayList<>();
		json(Http.get(sandbox() + "/_calls")).forEach(call -> received.add(Instant.parse(call.get("receivedAt")
			.asString())));
		assertThat(received.stream().filter(at -> at.isAfter(before)).toList()).hasSize(2)
			.allSatisfy(at -> assertThat(at).isAfterOrEqualTo(before.plusMillis(190)));
		// the attempt starts, and its trigger time is, the due time, the instant its trigger was granted for
		// (attempt caps count from it, not from the claim)
		assertThat(jdbc.sql("select a.created_at from call_attempt a join recipient r on r.id = a.recipient_id"
				+ " where r.campaign_id = ?::uuid and r.phone_number in (?, ?)"
				+ " union all select a.triggered_at from call_attempt a join recipient r on r.id = a.recipient_id"
				+ " where r.campaign_id = ?::uuid and r.phone_number in (?, ?)")
			.params(laterId, later.get(2), later.get(3), laterId, later.get(2), later.get(3))
			.query(java.sql.Timestamp.class)
			.list()).hasSize(4).extracting(java.sql.Timestamp::toInstant).containsOnly(due);
	}

	@Test
	void aFullClaimThatReachedAheadPausesUntilTakeAheadBeforeTheLastItClaimedFallsDue() {
		String id = plentiful(tenant, numbers(20));
		DispatchSettings small = new DispatchSettings(true, settings.callsPerSecond(), settings.burst(),
				settings.maxConcurrentCalls(), 5, settings.interval(), settings.lease(), settings.leaseMargin(),
				settings.triggerThreads(), settings.unavailableBackoff(), settings.rateRecoveryPerSecond(),
				Duration.ofMinutes(1), settings.takeAhead(), settings.pathAllowance(), settings.claimAhead());
		PostgresDispatcher replica = replica("full-ahead", calls, small);
		DispatchRound first = replica.dispatchDue(MONDAY);
		// the 15 left fall due 10 ms apart from 100 ms on
		List<String> left = pending(id);
		for (int i = 0; i < left.size(); i++) {
			jdbc.sql("update recipient set next_attempt_at = ? where campaign_id = ?::uuid and phone_number = ?")
				.params(java.sql.Timestamp.from(MONDAY.plusMillis(100 + 10L * i)), id, left.get(i))
				.update();
		}

		DispatchRound ahead = replica.dispatchDue(MONDAY.plusMillis(1));

		// a batch of 5 (due up to 140 ms): the next round is due 50 ms (take-ahead) before the last of them
		assertThat(first.claimed()).isEqualTo(5);
		assertThat(left).hasSize(15);
		assertThat(ahead.claimed()).isEqualTo(5);
		assertThat(ahead.accepted()).isEqualTo(5);
		assertThat(ahead.pause()).isEqualTo(Duration.ofMillis(140 - 1 - 50));
		assertThat(dialled(id)).containsKeys(left.subList(0, 5).toArray(String[]::new)).hasSize(10);

		// the last one left (due at 240 ms) has a deadline: the claim takes it before those due at 150 ms
		// and on, so a full claim with a deadline in it says to claim again at once
		jdbc.sql("update recipient set deadline = ? where campaign_id = ?::uuid and phone_number = ?")
			.params(java.sql.Timestamp.from(MONDAY.plusSeconds(3600)), id, left.get(14))
			.update();
		DispatchRound withDeadline = replica.dispatchDue(MONDAY.plusMillis(2));
		assertThat(withDeadline.claimed()).isEqualTo(5);
		assertThat(withDeadline.pause()).isZero();
		assertThat(dialled(id)).containsKeys(left.get(14), left.get(5), left.get(8)).doesNotContainKey(left.get(9));
	}

	private List<Instant> globalWindowInstants() {
		return jdbc.sql("select w.at from rate_bucket b, unnest(b.window_at, b.window_n) with ordinality as w(at, n, i)"
				+ " where b.name = 'global' order by w.i")
			.query(java.sql.Timestamp.class)
			.list()
			.stream()
			.map(java.sql.Timestamp::toInstant)
			.toList();
	}

	/** The takes in the global bucket's window, in the order made (given-back tokens negative). */
	private List<Integer> globalWindowTakes() {
		return jdbc.sql("select w.n from rate_bucket b, unnest(b.window_at, b.window_n) with ordinality as w(at, n, i)"
				+ " where b.name = 'global' order by w.i")
			.query(Integer.class)
			.list();
	}

	/** A replica that dialled 50 of a plentiful campaign's 60 recipients (10 left) in a round at MONDAY. */
	private FirstRound firstRoundOfFifty(String name) {
		String id = plentiful(tenant, numbers(60));
		PostgresDispatcher replica = replica(name, calls, patient());
		assertThat(replica.dispatchDue(MONDAY).accepted()).isEqualTo(50);
		return new FirstRound(id, replica);
	}

	private record FirstRound(String campaign, PostgresDispatcher replica) {
	}

	/** Recipients waiting again, their attempts forgotten, due at {@code at}. */
	private long pendingDueAt(String campaignId, Instant at) {
		return jdbc.sql("select count(*) from recipient where campaign_id = ?::uuid and state = 'PENDING'"
				+ " and attempts = 0 and next_attempt_at = ?")
			.params(campaignId, java.sql.Timestamp.from(at))
			.query(Long.class)
			.single();
	}

	private long deferred(String campaignId, String reason, String detail) {
		return jdbc.sql("select count(*) from recipient_event e join recipient r on r.id = e.recipient_id"
				+ " where r.campaign_id = ?::uuid and e.decision = 'DEFERRED' and e.reason = ? and e.detail like ?")
			.params(campaignId, reason, detail)
			.query(Long.class)
			.single();
	}

	private List<String> pending(String campaignId) {
		return jdbc.sql("select phone_number from recipient where campaign_id = ?::uuid and state = 'PENDING'"
				+ " order by phone_number")
			.param(campaignId)
			.query(String.class)
			.list();
	}

	/** A campaign of 1,000 calls a second: its own bucket stays well above a batch. */
	private static String plentiful(Api api, List<String> numbers) {
		String recipients = numbers.stream()
			.map(number -> "{\"phoneNumber\":\"" + number + "\"}")
			.collect(Collectors.joining(","));
		HttpResponse<String> created = api.post("/api/v1/campaigns", "{\"name\":\"plentiful\","
				+ "\"rateLimit\":{\"callsPerMinute\":60000,\"maxConcurrentCalls\":1000},"
				+ "\"recipients\":[" + recipients + "]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created).get("id").asString();
	}

	@Test
	void shutdownSendsNothingMoreAndRecordsTheAnswersInFlight() throws InterruptedException {
		String id = campaign(numbers(5));
		CountDownLatch answer = new CountDownLatch(1);
		PostgresDispatcher replica = replica("stopping", held(answer));
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
	void aDatabaseFailureBetweenClaimAndTriggersPutsTheUnsentRecipientsBackInsteadOfLeavingThemToTheTakeover() {
		String id = campaign(numbers(3));
		PostgresDispatcher replica = replica("unlucky", settings, suppressionsFailingAfter(0));

		org.assertj.core.api.Assertions.assertThatThrownBy(() -> replica.dispatchDue(MONDAY))
			.isInstanceOf(org.springframework.dao.DataAccessResourceFailureException.class);

		assertThat(dialled(id)).isEmpty();
		assertThat(states(id)).containsOnly(Map.entry("PENDING", 3L));
		JsonNode recipient = json(tenant.get("/api/v1/campaigns/" + id + "/recipients")).at("/items/0");
		assertThat(recipient.get("attempts").asInt()).isZero();
		assertThat(trail(id, recipient.get("id").asLong()).at("/1/reason").asString()).isEqualTo("DATABASE_UNAVAILABLE");
		// the next round dials them
		assertThat(dispatcher.dispatchDue(MONDAY.plusSeconds(1)).accepted()).isEqualTo(3);
	}

	@Test
	void aRoundTakingItsTokensFirstTakesThemAheadByTheTimeTheLastRoundsTookToSendSoItsTriggersLeaveInTime() {
		String id = campaign(numbers(30));
		// a busy database: each claim takes 70 ms on the dispatcher's clock, beyond the max send delay (50 ms)
		MutableClock clock = new MutableClock(MONDAY);
		Duration slowClaim = Duration.ofMillis(70);
		DispatchStore slow = new DispatchStore(jdbc, tools.jackson.databind.json.JsonMapper.builder().build()) {
			@Override
			List<Claimed> claim(UUID campaign, int n, String replica, Instant now, Instant leaseUntil) {
				clock.advance(slowClaim);
				return super.claim(campaign, n, replica, now, leaseUntil);
			}
		};
		// 20 calls a second, bursts of 4: tokens are scarce, so every round takes them before it claims
		DispatchSettings paced = new DispatchSettings(true, 20, 4, 1000, 50, settings.interval(), settings.lease(),
				settings.leaseMargin(), 8, settings.unavailableBackoff(), settings.rateRecoveryPerSecond(),
				Duration.ofMillis(50), Duration.ofMillis(100), settings.pathAllowance(), Duration.ZERO);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		PostgresDispatcher busy = new PostgresDispatcher(slow, buckets, calls, lifecycle, settingsReader, transactions,
				paced, this.provider, pool, meters, "busy", clock, suppressions, compliance);

		// no take is known yet, so the first round takes its 4 before the claim, which leaves them granted 70 ms
		// before its triggers could leave: put back unsent, their tokens spent
		DispatchRound first = busy.dispatchDue(clock.instant());
		assertThat(first.claimed()).isEqualTo(4);
		assertThat(first.accepted()).isZero();
		assertThat(meters.counter("orchestrator.dispatch.triggers.late").count()).isEqualTo(4);
		// the next, with tokens still scarce, takes for 35 ms ahead (half of what the first took from its take to
		// its triggers): they leave 35 ms after the grant's instant, inside the max send delay
		Instant start = clock.instant();
		DispatchRound next = busy.dispatchDue(start);

		assertThat(next.claimed()).isEqualTo(4);
		assertThat(next.accepted()).isEqualTo(4);
		assertThat(meters.counter("orchestrator.dispatch.triggers.late").count()).isEqualTo(4);
		List<Instant> takes = globalWindowInstants();
		assertThat(takes).containsExactly(MONDAY, start.plusMillis(35));
		assertThat(dialled(id)).hasSize(4).allSatisfy((number, times) -> assertThat(times).isEqualTo(1));
		pool.shutdownNow();
	}

	@Test
	void aTriggerHeldUpLongerThanTheMaxSendDelayIsPutBackUnsentAndSentByALaterRound() {
		String id = campaign(numbers(3));
		// a trigger pool that stalls (a pause of the process, say) longer than the max send delay: the
		// dispatcher's clock moves on before each trigger runs
		MutableClock clock = new MutableClock(MONDAY);
		Duration stall = settings.maxSendDelay().plusMillis(200);
		ExecutorService stalling = new java.util.concurrent.ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS,
				new java.util.concurrent.LinkedBlockingQueue<>()) {
			@Override
			protected void beforeExecute(Thread thread, Runnable task) {
				clock.advance(stall);
			}
		};
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		PostgresDispatcher stalled = new PostgresDispatcher(store, buckets, calls, lifecycle, settingsReader,
				transactions, settings, this.provider, stalling, meters, "stalled", clock, suppressions, compliance);

		DispatchRound round = stalled.dispatchDue(MONDAY);

		// nothing was sent late: the recipients are due again at once; their tokens are spent and stay in
		// the global bucket's window (a replica that stalls sends nothing in their place)
		assertThat(round.claimed()).isEqualTo(3);
		assertThat(jdbc.sql("select tokens from rate_bucket where name = ?").param(PostgresDispatcher.GLOBAL)
			.query(Double.class).single()).isEqualTo(settings.globalIdleCapacity() - 3);
		assertThat(jdbc.sql("select (select sum(n) from unnest(window_n) n) from rate_bucket where name = ?")
			.param(PostgresDispatcher.GLOBAL).query(Long.class).single()).isEqualTo(3);
		assertThat(round.putBack()).isEqualTo(3);
		assertThat(round.accepted()).isZero();
		assertThat(dialled(id)).isEmpty();
		assertThat(meters.counter("orchestrator.dispatch.triggers.late").count()).isEqualTo(3);
		JsonNode recipient = json(tenant.get("/api/v1/campaigns/" + id + "/recipients")).at("/items/0");
		assertThat(recipient.get("state").asString()).isEqualTo("PENDING");
		assertThat(recipient.get("attempts").asInt()).isZero();
		assertThat(recipient.get("nextAttemptAt").asString()).isEqualTo(MONDAY.toString());
		assertThat(trail(id, recipient.get("id").asLong()).at("/1/reason").asString()).isEqualTo("SEND_TOO_LATE");
		// a round whose pool keeps up sends them, once each
		assertThat(dispatcher.dispatchDue(MONDAY.plusSeconds(1)).accepted()).isEqualTo(3);
		assertThat(dialled(id)).hasSize(3).allSatisfy((number, times) -> assertThat(times).isEqualTo(1));
		stalling.shutdownNow();
	}

	@Test
	void puttingBackTwiceChangesNothingTwiceAndATakenOverRecipientKeepsItsOutcome() {
		String id = campaign(numbers(3));
		Instant leaseUntil = MONDAY.plus(settings.lease());
		List<DispatchStore.Claimed> claimed = transactions.execute(tx -> store.claim(java.util.UUID.fromString(id), 3,
				"putter", MONDAY, leaseUntil));
		assertThat(claimed).hasSize(3);
		// the third was taken over (its lease ran out) before the answers were recorded
		jdbc.sql("update recipient set state = 'DONE', outcome = 'TRIGGER_UNKNOWN' where id = ?")
			.param(claimed.get(2).recipientId())
			.update();
		List<DispatchStore.PutBack> putBacks = claimed.stream()
			.map(recipient -> new DispatchStore.PutBack(recipient, MONDAY.plusSeconds(60), "PROVIDER_UNAVAILABLE",
					"the provider could not take the call", MONDAY))
			.toList();

		store.notPlaced(putBacks);
		// a recording that failed later in the same round is retried with the same answers
		store.notPlaced(putBacks);

		for (DispatchStore.Claimed recipient : claimed.subList(0, 2)) {
			JsonNode trail = trail(id, recipient.recipientId());
			assertThat(trail).hasSize(2);
			assertThat(trail.at("/1/decision").asString()).isEqualTo("DEFERRED");
			assertThat(trail.at("/1/reason").asString()).isEqualTo("PROVIDER_UNAVAILABLE");
			assertThat(trail.at("/1/nextAttemptAt").asString()).isEqualTo(MONDAY.plusSeconds(60).toString());
		}
		for (DispatchStore.Claimed recipient : claimed) {
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

		assertThat(dispatcher.dispatchDue(MONDAY).claimed()).isEqualTo(2);
		assertThat(activeCalls(id)).isEqualTo(2).isEqualTo(countedActive(id));
		assertThat(dispatcher.dispatchDue(MONDAY.plusSeconds(1)).claimed()).isZero();

		// a call ends (here by hand, as an operator might): one place frees up
		jdbc.sql("update recipient set state = 'DONE', outcome = 'COMPLETED' where id = (select min(id) from recipient"
				+ " where campaign_id = ?::uuid and state = 'IN_CALL')").param(id).update();
		assertThat(activeCalls(id)).isEqualTo(1).isEqualTo(countedActive(id));
		assertThat(dispatcher.dispatchDue(MONDAY.plusSeconds(2)).claimed()).isEqualTo(1);
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
		// 20 calls a second, bursts of 4: a round every 250 ms takes one burst (4 tokens), too few to split
		PostgresDispatcher replica = replica("fair", calls, burstsOfFour());

		for (int round = 0; round < 4; round++) {
			replica.dispatchDue(MONDAY.plusMillis(250L * round));
		}

		// a burst (4) a round: one campaign a round, and the small one has its turn by the second round at
		// the latest (least recently served first), whatever the huge one wants; what the small one
		// cannot use of its second turn goes to the huge one
		assertThat(dialled(small)).hasSize(5);
		assertThat(dialled(huge)).hasSize(11);
	}

	@Test
	void aCampaignWhoseTokensArePlentifulDoesNotTakeTheTurnOfOneBeforeIt() {
		List<String> numbers = numbers(305);
		String huge = plentiful(tenant, numbers.subList(0, 300));
		PostgresDispatcher replica = replica("plentiful-turn", calls, burstsOfFour());
		// a first round for the huge campaign alone: afterwards its tokens are known to be plentiful
		assertThat(replica.dispatchDue(MONDAY).claimed()).isEqualTo(4);
		String small = campaign(numbers.subList(300, 305));

		// the small campaign, never served, has the round's first turn and its burst of 4: the huge one, whose
		// share would be claimed with the plentiful ones first, gets none of it
		assertThat(replica.dispatchDue(MONDAY.plusMillis(250)).claimed()).isEqualTo(4);

		assertThat(dialled(small)).hasSize(4);
		assertThat(dialled(huge)).hasSize(4);
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
			public StatusResult status(String callSid) {
				return calls.status(callSid);
			}

			@Override
			public Dialect dialect() {
				return calls.dialect();
			}
		};
	}

	private PostgresDispatcher replica(String name, OutboundCalls provider) {
		return replica(name, provider, settings);
	}

	private PostgresDispatcher replica(String name, OutboundCalls provider, DispatchSettings settings) {
		return replica(name, provider, settings, suppressions);
	}

	private PostgresDispatcher replica(String name, DispatchSettings settings,
			dev.campaigns.orchestrator.compliance.Suppressions suppressions) {
		return replica(name, calls, settings, suppressions);
	}

	private PostgresDispatcher replica(String name, OutboundCalls provider, DispatchSettings settings,
			dev.campaigns.orchestrator.compliance.Suppressions suppressions) {
		return new PostgresDispatcher(store, buckets, provider, lifecycle, settingsReader, transactions, settings,
				this.provider, Executors.newFixedThreadPool(settings.triggerThreads()), new SimpleMeterRegistry(), name,
				java.time.Clock.systemUTC(), suppressions, compliance);
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
				settings.batchSize(), settings.interval(), settings.lease(), settings.leaseMargin(), threads,
				settings.unavailableBackoff(), settings.rateRecoveryPerSecond(), settings.maxSendDelay(),
				settings.takeAhead(), settings.pathAllowance(), settings.claimAhead());
	}

	/** 20 calls a second in bursts of 4, 8 trigger threads. */
	private DispatchSettings burstsOfFour() {
		return new DispatchSettings(true, 20, 4, 1000, 50, settings.interval(), settings.lease(),
				settings.leaseMargin(), 8, settings.unavailableBackoff(), settings.rateRecoveryPerSecond(),
				settings.maxSendDelay(), settings.takeAhead(), settings.pathAllowance(), settings.claimAhead());
	}

	/** The test's settings with a max send delay no trigger reaches. */
	private DispatchSettings patient() {
		return new DispatchSettings(true, settings.callsPerSecond(), settings.burst(), settings.maxConcurrentCalls(),
				settings.batchSize(), settings.interval(), settings.lease(), settings.leaseMargin(),
				settings.triggerThreads(), settings.unavailableBackoff(), settings.rateRecoveryPerSecond(),
				Duration.ofMinutes(1), settings.takeAhead(), settings.pathAllowance(), settings.claimAhead());
	}

	private String campaign(List<String> numbers) {
		String recipients = numbers.stream()
			.map(number -> "{\"phoneNumber\":\"" + number + "\"}")
			.collect(Collectors.joining(","));
		HttpResponse<String> created = tenant.post("/api/v1/campaigns", "{\"name\":\"dispatch\","
				+ "\"rateLimit\":{\"callsPerMinute\":6000,\"maxConcurrentCalls\":1000},"
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
