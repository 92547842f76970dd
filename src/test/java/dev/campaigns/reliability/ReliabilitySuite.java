package dev.campaigns.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.LoadFixtures;
import dev.campaigns.testsupport.SandboxProcess;
import dev.campaigns.testsupport.ServiceProcess;
import dev.campaigns.testsupport.SlidingWindows;
import dev.campaigns.testsupport.Sql;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static dev.campaigns.testsupport.Api.json;
import static dev.campaigns.testsupport.Percentiles.nearestRank;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crashes, outages and load against real processes ({@code reliability/run}, profile
 * {@code reliability}): orchestrator replicas and the sandbox run as separate processes of the
 * packaged jar on a PostgreSQL cluster of their own, which scenario 2 restarts. Every figure is
 * read from the sandbox's {@code _calls} (what was really dialled) and from the database (what
 * was stored); the table goes to {@code target/reliability/results.md}.
 *
 * <p>Environment: {@code RELIABILITY_DATABASE_URL} (a database of the dedicated cluster),
 * {@code RELIABILITY_POSTGRES_RESTART} (the shell command that restarts that cluster) and
 * {@code RELIABILITY_SHORT=true} for the short version CI runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilitySuite {

	private static final boolean SHORT = Boolean.parseBoolean(System.getenv().getOrDefault("RELIABILITY_SHORT", "false"));

	private static final Path OUT = Path.of("target", "reliability");

	private static final Duration FINISH = Duration.ofMinutes(12);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static Deployment deployment;

	private static Results results;

	private static int nextNumber;

	@BeforeAll
	static void startTheDeployment() throws Exception {
		String url = System.getenv("RELIABILITY_DATABASE_URL");
		assertThat(url).as("RELIABILITY_DATABASE_URL (run reliability/run)").isNotBlank();
		results = new Results(OUT.resolve("results.md"), SHORT ? "short" : "full");
		deployment = Deployment.start(new Sql(url, "postgres"), OUT.resolve("logs"));
		// the first replica alone migrates the schema; then the claim log can hook into it
		deployment.startReplicas(1);
		installClaimLog(deployment.sql);
	}

	@AfterAll
	static void stopTheDeployment() throws Exception {
		if (deployment != null) {
			deployment.close();
		}
	}

	/**
	 * Every claim, as it is committed (an attempt row is inserted by the claim statement), with
	 * the claiming replica and the database's clock: who claimed what, and when.
	 */
	private static void installClaimLog(Sql sql) {
		sql.update("""
				create table if not exists reliability_claim (attempt_id bigint, recipient_id bigint, campaign_id uuid,
				    lease_owner text, logged_at timestamptz, claim_transaction bigint, unsent text)
				""");
		sql.update("""
				create or replace function reliability_log_claim() returns trigger language plpgsql as $$
				begin
				    insert into reliability_claim values (new.id, new.recipient_id, new.campaign_id, new.lease_owner,
				                                          clock_timestamp(), txid_current(), null);
				    return new;
				end $$
				""");
		// a claim put back without its trigger leaving (sent too late after its tokens' grant, or the
		// lease too short) is marked: it is the recipient's latest claim, as a recipient is put back
		// before it can be claimed again
		sql.update("""
				create or replace function reliability_log_unsent() returns trigger language plpgsql as $$
				begin
				    if new.reason in ('SEND_TOO_LATE', 'TOKENS_GONE', 'LEASE_TOO_SHORT', 'SHUTDOWN', 'DATABASE_UNAVAILABLE') then
				        update reliability_claim set unsent = new.reason
				        where recipient_id = new.recipient_id
				          and logged_at = (select max(c.logged_at) from reliability_claim c
				                           where c.recipient_id = new.recipient_id);
				    end if;
				    return new;
				end $$
				""");
		sql.update("create index if not exists reliability_claim_by_recipient on reliability_claim (recipient_id, logged_at)");
		sql.update("drop trigger if exists reliability_unsent on recipient_event");
		sql.update("create trigger reliability_unsent after insert on recipient_event for each row"
				+ " execute function reliability_log_unsent()");
		// how far ahead of the wall clock a reservation leaves the global budget's next send instant (at
		// most the lookahead while busy)
		sql.update("create table if not exists reliability_take (logged_at timestamptz, staleness interval)");
		sql.update("""
				create or replace function reliability_log_take() returns trigger language plpgsql as $$
				begin
				    if new.name = 'global' and new.tat > old.tat then
				        insert into reliability_take values (clock_timestamp(), new.tat - clock_timestamp());
				    end if;
				    return new;
				end $$
				""");
		sql.update("drop trigger if exists reliability_take on rate_limit");
		sql.update("create trigger reliability_take after update on rate_limit for each row"
				+ " execute function reliability_log_take()");
		sql.update("drop trigger if exists reliability_claim on call_attempt");
		sql.update("create trigger reliability_claim after insert on call_attempt for each row"
				+ " execute function reliability_log_claim()");
	}

	// ---------------------------------------------------------------------------------------------
	// 1. kill -9

	@Test
	@Order(1)
	void aReplicaKilledMidCampaignLosesNothingAndItsLeasesAreTakenOverWithinTwoLeases() throws Exception {
		scenario("1. kill -9 of one of 3 replicas", checks -> {
			List<ServiceProcess> replicas = deployment.ensureReplicas(3);
			int size = SHORT ? 2_000 : 10_000;
			List<String> numbers = numbers(size);
			UUID campaign = createCampaign(replicas.get(0), "kill -9", numbers, Duration.ofSeconds(2));
			awaitAttempts(campaign, size / 4, Duration.ofMinutes(3));

			ServiceProcess victim = replicas.get(1);
			String owner = victim.dispatchReplica();
			String poller = victim.pollReplica();
			// a slow provider for a moment, so the victim surely dies with triggers in flight
			Instant slowFrom = Instant.now();
			deployment.sandbox.fault("{\"kind\":\"LATENCY\",\"target\":\"TRIGGER\",\"latency\":\"PT1.5S\",\"duration\":\"PT8S\"}");
			// a recipient the victim claimed after the provider became slow: its trigger is held for 1.5 s (one
			// claimed before may already be answered, and the replicas share the rate unevenly, so the victim
			// need not claim again within the pause below)
			awaitCount("""
					select count(*) from recipient r join call_attempt a on a.recipient_id = r.id and a.attempt = r.attempts
					where r.state = 'DIALING' and r.lease_owner = ? and a.created_at > ?
					""", 1, Duration.ofSeconds(10), owner, java.sql.Timestamp.from(slowFrom));
			// into the slow triggers: the claimed batch is in flight, its answers not yet recorded
			Thread.sleep(500);
			victim.kill();
			Instant killedAt = Instant.now();
			deployment.forget(victim);
			long leased = deployment.sql.count(
					"select count(*) from recipient where state = 'DIALING' and lease_owner = ?", owner);
			long polls = deployment.sql.count(
					"select count(*) from call_attempt where phase = 'ACTIVE' and lease_owner = ?", poller);
			Duration takeover = awaitZero("""
					select (select count(*) from recipient where state = 'DIALING' and lease_owner = ?)
					     + (select count(*) from call_attempt where phase = 'ACTIVE' and lease_owner = ?)
					""", Deployment.LEASE.multipliedBy(3), owner, poller);
			Duration bound = Deployment.LEASE.multipliedBy(2);
			checks.add(new Results.Check("the dead replica's leases (recipients dialling, calls being polled) taken"
					+ " over within 2 leases (" + bound.toSeconds() + " s) of the kill",
					String.format(Locale.ROOT, "%d recipients + %d polls leased at the kill; all taken over after %.1f s",
							leased, polls, seconds(takeover)),
					leased > 0 && takeover.compareTo(bound) <= 0));

			List<ServiceProcess> restarted = deployment.startReplicas(1);
			Instant upAt = Instant.now();
			String newOwner = restarted.get(0).dispatchReplica();
			awaitCompleted(campaign);
			long claims = deployment.sql.count("select count(*) from reliability_claim where lease_owner = ?", newOwner);
			checks.add(new Results.Check("the replica restarted after the takeover rejoins",
					String.format(Locale.ROOT, "healthy %.0f s after the kill, then claimed %d recipients",
							seconds(Duration.between(killedAt, upAt)), claims),
					restarted.get(0).isAlive()));

			Ledger ledger = Ledger.of(campaign, deployment.sandbox.calls());
			ledger.checkEveryoneDoneOnceAndStored(checks, size);
			long unknownNotVictims = deployment.sql.count("""
					select count(*) from recipient r where r.campaign_id = ? and r.outcome = 'TRIGGER_UNKNOWN'
					  and not exists (select 1 from reliability_claim c where c.recipient_id = r.id and c.lease_owner = ?)
					""", campaign, owner);
			checks.add(new Results.Check("only the dead replica's claims end TRIGGER_UNKNOWN (never redialled)",
					String.format(Locale.ROOT, "%d TRIGGER_UNKNOWN (%d of them reached the sandbox), %d of another replica",
							ledger.unknown, ledger.unknownDialled, unknownNotVictims),
					unknownNotVictims == 0 && ledger.unknown <= leased));
			ledger.checkRate(checks, campaign, Instant.EPOCH);
		});
	}

	// ---------------------------------------------------------------------------------------------
	// 4. lost responses

	@Test
	@Order(2)
	void triggersWhoseResponsesAreLostEndTriggerUnknownAndAreNeverRedialled() throws Exception {
		scenario("4. lost responses (DROP_RESPONSE)", checks -> {
			List<ServiceProcess> replicas = deployment.ensureReplicas(2);
			int size = SHORT ? 500 : 1_500;
			int dropped = 20;
			List<String> numbers = numbers(size);
			UUID campaign = createCampaign(replicas.get(0), "lost responses", numbers, Duration.ofSeconds(2));
			awaitAttempts(campaign, size / 5, Duration.ofMinutes(2));
			deployment.sandbox.fault("{\"kind\":\"DROP_RESPONSE\",\"target\":\"TRIGGER\",\"count\":" + dropped
					+ ",\"hold\":\"" + Deployment.DROP_HOLD + "\"}");
			awaitCompleted(campaign);

			Ledger ledger = Ledger.of(campaign, deployment.sandbox.calls());
			ledger.checkEveryoneDoneOnceAndStored(checks, size);
			long takenOver = deployment.sql.count("select count(*) from recipient where campaign_id = ?"
					+ " and outcome = 'TRIGGER_UNKNOWN' and outcome_reason like 'the replica dialling it stopped%'", campaign);
			checks.add(new Results.Check("TRIGGER_UNKNOWN recipients = dropped responses (" + dropped
					+ "), each dialled exactly once, none by a lease takeover",
					String.format(Locale.ROOT, "%d TRIGGER_UNKNOWN, %d of them dialled once, %d twice; %d by takeover",
							ledger.unknown, ledger.unknownDialled, ledger.unknownDialledTwice, takenOver),
					ledger.unknown == dropped && ledger.unknownDialled == dropped && ledger.unknownDialledTwice == 0
							&& takenOver == 0));
		});
	}

	// ---------------------------------------------------------------------------------------------
	// 5. SIGTERM

	@Test
	@Order(3)
	void aReplicaStoppedWithSigtermClaimsNothingAfterTheSignalAndLeavesNothingBehind() throws Exception {
		scenario("5. graceful shutdown (SIGTERM) of one of 2 replicas", checks -> {
			List<ServiceProcess> replicas = deployment.ensureReplicas(2);
			int size = SHORT ? 1_500 : 4_000;
			List<String> numbers = numbers(size);
			UUID campaign = createCampaign(replicas.get(0), "sigterm", numbers, Duration.ofSeconds(2));
			awaitAttempts(campaign, size / 4, Duration.ofMinutes(2));
			ServiceProcess victim = replicas.get(1);
			String owner = victim.dispatchReplica();
			String poller = victim.pollReplica();
			// triggers answered slowly, so the signal surely finds a round in flight
			deployment.sandbox.fault("{\"kind\":\"LATENCY\",\"target\":\"TRIGGER\",\"latency\":\"PT1S\",\"duration\":\"PT6S\"}");
			awaitCount("select count(*) from recipient where state = 'DIALING' and lease_owner = ?", 1,
					Duration.ofSeconds(10), owner);
			Thread.sleep(300);
			long inFlight = deployment.sql.count(
					"select count(*) from recipient where state = 'DIALING' and lease_owner = ?", owner);
			// and an API request in flight too (a CSV upload still sending), which graceful shutdown waits for
			SlowUpload upload = SlowUpload.start(victim, createCampaign(replicas.get(0), "sigterm upload", numbers(1),
					Duration.ofDays(1)), numbers(2));
			Instant signal = Instant.now();
			victim.signalTerm();
			Thread.sleep(3_000);
			String uploaded = upload.finish();
			int exit = victim.awaitExit(Duration.ofSeconds(90));
			Duration stopping = Duration.between(signal, Instant.now());
			deployment.forget(victim);
			checks.add(new Results.Check("the process stops by itself after SIGTERM; the API request in flight"
					+ " (an upload still sending for 3 s after the signal) is answered",
					String.format(Locale.ROOT, "exit value %d after %.1f s, %d recipients were being dialled at the signal;"
							+ " the upload answered %s", exit, seconds(stopping), inFlight, uploaded),
					exit != -1 && uploaded.matches("HTTP/1.1 2\\d\\d.*")));
			// a round that had started when the replica learnt of the signal may still commit its claim (one
			// statement, one campaign is due); any further claim statement is a round started after it. The
			// replica learns of it when its context closes (its log says when): until then the signal is on
			// its way (the JVM's signal thread, the shutdown hook), and claims go on as before
			Instant began = victim.dispatchShutdownBegan()
				.orElseThrow(() -> new IllegalStateException(victim.name + " logged no dispatch shutdown"));
			String claimsAfter = "select count(*) from reliability_claim where lease_owner = ? and logged_at > ?";
			String roundsAfter = "select count(distinct claim_transaction) from reliability_claim"
					+ " where lease_owner = ? and logged_at > ?";
			long claimsAfterSignal = deployment.sql.count(claimsAfter, owner, Timestamp.from(signal));
			long roundsAfterSignal = deployment.sql.count(roundsAfter, owner, Timestamp.from(signal));
			long claimsAfterBegan = deployment.sql.count(claimsAfter, owner, Timestamp.from(began));
			long roundsAfterBegan = deployment.sql.count(roundsAfter, owner, Timestamp.from(began));
			Instant lastClaim = deployment.sql.query(
					"select max(logged_at) from reliability_claim where lease_owner = ?",
					rs -> rs.getTimestamp(1).toInstant(), owner).get(0);
			checks.add(new Results.Check("no round started by that replica after it learnt of the signal (its log):"
					+ " claims after it come from at most the one claim statement already in flight (claim log)",
					String.format(Locale.ROOT, "the dispatcher learnt of it %d ms after the signal; %d claims in %d"
							+ " statements after that (%d in %d after the signal); last claim %d ms %s the signal",
							Duration.between(signal, began).toMillis(), claimsAfterBegan, roundsAfterBegan,
							claimsAfterSignal, roundsAfterSignal,
							Math.abs(Duration.between(lastClaim, signal).toMillis()),
							lastClaim.isAfter(signal) ? "after" : "before"),
					roundsAfterBegan <= 1));
			long leftDialling = deployment.sql.count(
					"select count(*) from recipient where state = 'DIALING' and lease_owner = ?", owner);
			long leftPolls = deployment.sql.count(
					"select count(*) from call_attempt where phase <> 'FINAL' and lease_owner in (?, ?)", owner, poller);
			checks.add(new Results.Check("in-flight work finished or released: nothing left leased by it",
					leftDialling + " recipients dialling, " + leftPolls + " attempts or polls leased",
					leftDialling == 0 && leftPolls == 0));
			awaitCompleted(campaign);
			Ledger ledger = Ledger.of(campaign, deployment.sandbox.calls());
			ledger.checkEveryoneDoneOnceAndStored(checks, size);
			checks.add(new Results.Check("no TRIGGER_UNKNOWN (nothing abandoned mid-trigger)", ledger.unknown + "",
					ledger.unknown == 0));
		});
	}

	// ---------------------------------------------------------------------------------------------
	// 3. provider outage

	@Test
	@Order(4)
	void aProviderOutageOpensTheCircuitLosesNothingAndRecoversWithinTheRate() throws Exception {
		Duration phase = SHORT ? Duration.ofSeconds(10) : Duration.ofMinutes(1);
		scenario("3. provider outage: 500 then 502 (" + phase.multipliedBy(2).toSeconds() + " s), then 429 ("
				+ phase.toSeconds() + " s)", checks -> {
			List<ServiceProcess> replicas = deployment.ensureReplicas(2);
			int size = SHORT ? 1_500 : 4_000;
			List<String> numbers = numbers(size);
			UUID campaign = createCampaign(replicas.get(0), "outage", numbers, Duration.ofSeconds(2));
			awaitAttempts(campaign, size / 5, Duration.ofMinutes(2));

			AtomicBoolean watching = new AtomicBoolean(true);
			Set<String> opened = Collections.synchronizedSet(new HashSet<>());
			Thread watcher = new Thread(() -> {
				while (watching.get()) {
					for (ServiceProcess replica : replicas) {
						if (circuitOpen(replica, "polyai-trigger")) {
							opened.add(replica.name);
						}
					}
					sleep(Duration.ofMillis(500));
				}
			}, "circuit-watcher");
			Instant outage = Instant.now();
			// each phase's fault outlasts the phase by 2 s, so the outage has no gap between phases
			// (the next fault is added only after the sleep, the watcher's last round and a request; the
			// earlier fault, first in order, answers during the overlap); the last is cleared at the recovery
			Duration lasting = phase.plusSeconds(2);
			deployment.sandbox.fault("{\"kind\":\"HTTP_500\",\"target\":\"ALL\",\"duration\":\"" + lasting + "\"}");
			watcher.start();
			sleep(phase);
			deployment.sandbox.fault("{\"kind\":\"HTTP_502\",\"target\":\"ALL\",\"duration\":\"" + lasting + "\"}");
			sleep(phase);
			watching.set(false);
			watcher.join();
			deployment.sandbox.fault("{\"kind\":\"HTTP_429\",\"target\":\"ALL\",\"retryAfterSeconds\":2,\"duration\":\""
					+ lasting + "\"}");
			sleep(phase);
			Instant recovered = Instant.now();
			deployment.sandbox.clearFaults();
			awaitCompleted(campaign);

			List<SandboxProcess.Call> calls = deployment.sandbox.calls();
			long duringOutage = calls.stream()
				.filter(call -> call.receivedAt().isAfter(outage.plusSeconds(1)) && call.receivedAt().isBefore(recovered))
				.count();
			checks.add(new Results.Check("the trigger circuit breaker opens during the 5xx phase (actuator/prometheus)",
					"open on " + (opened.isEmpty() ? "no replica" : String.join(", ", new TreeSet<>(opened)))
							+ "; " + duringOutage + " calls placed during the outage",
					!opened.isEmpty() && duringOutage == 0));
			Ledger ledger = Ledger.of(campaign, calls);
			ledger.checkEveryoneDoneOnceAndStored(checks, size);
			checks.add(new Results.Check("nothing lost: no TRIGGER_UNKNOWN, no STATUS_EXPIRED",
					ledger.unknown + " TRIGGER_UNKNOWN, " + ledger.outcomes.getOrDefault("STATUS_EXPIRED", 0L)
							+ " STATUS_EXPIRED",
					ledger.unknown == 0 && ledger.outcomes.getOrDefault("STATUS_EXPIRED", 0L) == 0));
			List<Instant> after = ledger.times.stream().filter(t -> t.isAfter(recovered)).toList();
			Instant first = after.isEmpty() ? null : after.get(0);
			checks.add(new Results.Check("the campaign finishes after the outage",
					String.format(Locale.ROOT, "%d calls after the recovery, the first %s s after it", after.size(),
							first == null ? "-" : String.format(Locale.ROOT, "%.1f", seconds(Duration.between(recovered, first)))),
					!after.isEmpty()));
			ledger.checkRate(checks, campaign, recovered);
		});
	}

	// ---------------------------------------------------------------------------------------------
	// 2. PostgreSQL restarts

	@Test
	@Order(5)
	void theServiceRecoversByItselfFromTwoPostgresRestartsDuringACampaign() throws Exception {
		String restart = System.getenv("RELIABILITY_POSTGRES_RESTART");
		scenario("2. PostgreSQL restarted twice", checks -> {
			assertThat(restart).as("RELIABILITY_POSTGRES_RESTART").isNotBlank();
			List<ServiceProcess> replicas = deployment.ensureReplicas(2);
			int size = SHORT ? 2_000 : 5_000;
			List<String> numbers = numbers(size);
			UUID campaign = createCampaign(replicas.get(0), "postgres restarts", numbers, Duration.ofSeconds(2));
			List<String> restarts = new ArrayList<>();
			for (double share : new double[] { 0.2, 0.55 }) {
				awaitAttempts(campaign, (int) (size * share), Duration.ofMinutes(5));
				Instant before = Instant.now();
				Process process = new ProcessBuilder("bash", "-c", restart).inheritIO().start();
				assertThat(process.waitFor()).as(restart).isZero();
				restarts.add(String.format(Locale.ROOT, "%.1f s", seconds(Duration.between(before, Instant.now()))));
			}
			awaitCompleted(campaign);
			long healthy = replicas.stream().filter(replica -> health(replica) == 200).count();
			checks.add(new Results.Check("the campaign completes with no help; every replica alive and healthy",
					"restarts took " + String.join(", ", restarts) + "; " + healthy + " of " + replicas.size()
							+ " replicas healthy",
					healthy == replicas.size()));
			Ledger ledger = Ledger.of(campaign, deployment.sandbox.calls());
			ledger.checkEveryoneDoneOnceAndStored(checks, size);
			checks.add(new Results.Check("nothing lost: no TRIGGER_UNKNOWN", ledger.unknown + " TRIGGER_UNKNOWN ("
					+ ledger.unknownDialled + " of them were placed)", ledger.unknown == 0,
					"a claim whose commit the restart cut off (committed, but its answer never reached the replica)"
							+ " leaves its recipients DIALING with nobody knowing them; at the lease's end they are"
							+ " TRIGGER_UNKNOWN, never redialled (claims committed and answered are put back or recorded)"));
		});
	}

	// ---------------------------------------------------------------------------------------------
	// 7. load

	@Test
	@Order(6)
	void fiftyClientsCreatingCampaignsAndReadingReportsGetNoErrorsWhileTwoCampaignsDispatch() throws Exception {
		Duration duration = SHORT ? Duration.ofSeconds(20) : Duration.ofMinutes(2);
		int clients = 50;
		scenario("7. load: " + clients + " clients (closed loop, no pauses) for " + duration.toSeconds() + " s, 2 campaigns dispatching",
				checks -> {
			List<ServiceProcess> replicas = deployment.ensureReplicas(2);
			int size = (int) (Deployment.CALLS_PER_SECOND * duration.toSeconds() / 2);
			List<UUID> dispatching = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				dispatching.add(createCampaign(replicas.get(i), "load dispatch " + i, numbers(size), Duration.ofSeconds(1)));
			}
			List<String> small = numbers(10);
			List<Api> apis = replicas.stream().map(deployment::api).toList();
			ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
			ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
			// fifty clients are fifty systems, each with its own key (a key has its own request budget)
			List<List<Api>> keys = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				String key = apis.get(0).keyFor("default", "campaigns:write", "reports:read").authorization()
					.substring("Bearer ".length());
				keys.add(apis.stream().map((api) -> api.as(key)).toList());
			}
			Instant end = Instant.now().plus(duration);
			CountDownLatch done = new CountDownLatch(clients);
			for (int c = 0; c < clients; c++) {
				int client = c;
				Thread thread = new Thread(() -> {
					try {
						int i = 0;
						while (Instant.now().isBefore(end)) {
							Api api = keys.get(client).get((client + i) % apis.size());
							boolean create = (client + i) % 2 == 0;
							long start = System.nanoTime();
							int status;
							try {
								HttpResponse<String> response = create
										? api.post("/api/v1/campaigns", campaignJson("load " + client + "-" + i, small,
												Instant.now().plus(Duration.ofDays(1))))
										: api.get("/api/v1/campaigns/" + dispatching.get(i % 2) + "/report");
								status = response.statusCode();
							}
							catch (RuntimeException ex) {
								status = -1;
							}
							long nanos = System.nanoTime() - start;
							samples.add(new long[] { create ? 1 : 0, nanos });
							if (status != (create ? 201 : 200)) {
								errors.add((create ? "create " : "report ") + status);
							}
							i++;
						}
					}
					finally {
						done.countDown();
					}
				}, "load-client-" + c);
				thread.start();
			}
			done.await();
			Map<Boolean, List<Long>> byKind = samples.stream()
				.collect(Collectors.partitioningBy(sample -> sample[0] == 1,
						Collectors.mapping(sample -> sample[1], Collectors.toList())));
			List<Long> all = samples.stream().map(sample -> sample[1]).sorted().toList();
			checks.add(new Results.Check("no errors (every create 201, every report 200)",
					String.format(Locale.ROOT, "%,d requests (%.0f/s), %d errors%s", all.size(),
							all.size() / seconds(duration), errors.size(),
							errors.isEmpty() ? "" : ": " + errors.stream().distinct().limit(5).toList()),
					errors.isEmpty() && !all.isEmpty()));
			checks.add(new Results.Check("API latency, all requests (reported)", latencies(all), true));
			checks.add(new Results.Check("API latency, POST /api/v1/campaigns with 10 recipients", latencies(byKind.get(true)),
					true));
			checks.add(new Results.Check("API latency, GET /api/v1/campaigns/{id}/report", latencies(byKind.get(false)),
					true));
			long dispatched = deployment.sql.count(
					"select count(*) from call_attempt where campaign_id in (?, ?)", dispatching.get(0), dispatching.get(1));
			for (UUID campaign : dispatching) {
				awaitCompleted(campaign);
			}
			List<SandboxProcess.Call> calls = deployment.sandbox.calls();
			int doubled = 0;
			for (UUID campaign : dispatching) {
				Ledger ledger = Ledger.of(campaign, calls);
				doubled += ledger.dialledTwice + ledger.notDone + ledger.mismatched;
			}
			checks.add(new Results.Check("the 2 campaigns dispatched during the load and finished: all done, none"
					+ " dialled twice, statuses stored", String.format(Locale.ROOT,
							"%,d attempts during the load (%.0f/s, R = %d); %d recipients not done, dialled twice or with a"
									+ " wrong status", dispatched, dispatched / seconds(duration), Deployment.CALLS_PER_SECOND,
							doubled), doubled == 0 && dispatched > 0));
		});
	}

	/**
	 * A CSV append whose body is still being sent: an API request in flight for as long as the
	 * test wants. Written on a plain socket, so the request line, headers and first chunk are
	 * surely on the wire (and the request in the servlet) before the signal.
	 */
	private static final class SlowUpload {

		private final Socket socket;

		private final String last;

		private SlowUpload(Socket socket, String last) {
			this.socket = socket;
			this.last = last;
		}

		static SlowUpload start(ServiceProcess replica, UUID campaign, List<String> numbers) throws Exception {
			Socket socket = new Socket("127.0.0.1", replica.port);
			socket.setSoTimeout(60_000);
			String first = "phone_number\r\n" + numbers.get(0) + "\r\n";
			String head = "POST /api/v1/campaigns/" + campaign + "/recipients HTTP/1.1\r\nHost: 127.0.0.1:" + replica.port
					+ "\r\nAuthorization: Bearer " + Api.TEST_ADMIN_KEY + "\r\nContent-Type: text/csv\r\n"
					+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunk(first);
			socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			// the controller is reading the body by now
			Thread.sleep(1_000);
			return new SlowUpload(socket, numbers.get(1));
		}

		/** Sends the rest of the body; answers the response's status line, or the failure. */
		String finish() {
			try (socket) {
				String rest = chunk(last + "\r\n") + "0\r\n\r\n";
				socket.getOutputStream().write(rest.getBytes(StandardCharsets.UTF_8));
				socket.getOutputStream().flush();
				String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
						StandardCharsets.UTF_8)).readLine();
				return status == null ? "no answer (connection closed)" : status;
			}
			catch (Exception ex) {
				return ex.toString();
			}
		}

		private static String chunk(String data) {
			return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data
					+ "\r\n";
		}

	}

	private static String latencies(List<Long> nanos) {
		List<Long> sorted = nanos.stream().sorted().toList();
		return String.format(Locale.ROOT, "%,d requests: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms",
				sorted.size(), nearestRank(sorted, 50) / 1e6, nearestRank(sorted, 95) / 1e6,
				nearestRank(sorted, 99) / 1e6,
				sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1) / 1e6);
	}

	// ---------------------------------------------------------------------------------------------
	// what every campaign must show at its end

	/** One campaign's end state, from the database and from the sandbox's list of calls. */
	private static final class Ledger {

		long recipients;

		long notDone;

		Map<String, Long> outcomes = new HashMap<>();

		int dialledTwice;

		int neverDialled;

		int mismatched;

		int placedNotStored;

		long unknown;

		long unknownDialled;

		long unknownDialledTwice;

		List<Instant> times;

		/** The numbers of the campaign's calls the sandbox placed (one per call). */
		List<String> placedNumbers;

		static Ledger of(UUID campaign, List<SandboxProcess.Call> allCalls) {
			Ledger ledger = new Ledger();
			record Recipient(String number, String state, String outcome, String callSid, String raw, String phase) {
			}
			List<Recipient> recipients = deployment.sql.query("""
					select r.phone_number, r.state, r.outcome, r.last_call_sid, a.raw_status, a.phase
					from recipient r left join call_attempt a on a.call_sid = r.last_call_sid
					where r.campaign_id = ?
					""", rs -> new Recipient(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6)), campaign);
			Set<String> stored = new HashSet<>(deployment.sql.query(
					"select call_sid from call_attempt where campaign_id = ? and call_sid is not null",
					rs -> rs.getString(1), campaign));
			Map<String, Recipient> byNumber = recipients.stream()
				.collect(Collectors.toMap(Recipient::number, Function.identity()));
			List<SandboxProcess.Call> calls = allCalls.stream().filter(call -> byNumber.containsKey(call.toNumber())).toList();
			Map<String, List<SandboxProcess.Call>> callsByNumber = calls.stream()
				.collect(Collectors.groupingBy(SandboxProcess.Call::toNumber));
			Map<String, SandboxProcess.Call> bySid = calls.stream()
				.collect(Collectors.toMap(SandboxProcess.Call::callSid, Function.identity()));
			ledger.recipients = recipients.size();
			for (Recipient recipient : recipients) {
				List<SandboxProcess.Call> dialled = callsByNumber.getOrDefault(recipient.number(), List.of());
				boolean unknown = "TRIGGER_UNKNOWN".equals(recipient.outcome());
				if (!"DONE".equals(recipient.state())) {
					ledger.notDone++;
				}
				else {
					ledger.outcomes.merge(recipient.outcome(), 1L, Long::sum);
				}
				if (dialled.size() > 1) {
					ledger.dialledTwice++;
				}
				if (unknown) {
					ledger.unknown++;
					ledger.unknownDialled += dialled.isEmpty() ? 0 : 1;
					ledger.unknownDialledTwice += dialled.size() > 1 ? 1 : 0;
				}
				else if (dialled.isEmpty()) {
					ledger.neverDialled++;
				}
				else {
					// the final status stored must be the one the provider ended the call with
					SandboxProcess.Call call = bySid.get(recipient.callSid());
					if (call == null || !call.ended() || !"FINAL".equals(recipient.phase())
							|| !call.status().equals(recipient.raw())) {
						ledger.mismatched++;
					}
				}
			}
			for (SandboxProcess.Call call : calls) {
				if (!stored.contains(call.callSid())
						&& !"TRIGGER_UNKNOWN".equals(byNumber.get(call.toNumber()).outcome())) {
					ledger.placedNotStored++;
				}
			}
			ledger.times = calls.stream().map(SandboxProcess.Call::receivedAt).sorted().toList();
			ledger.placedNumbers = calls.stream().map(SandboxProcess.Call::toNumber).toList();
			return ledger;
		}

		void checkEveryoneDoneOnceAndStored(List<Results.Check> checks, int size) {
			checks.add(new Results.Check("every recipient DONE with an outcome",
					String.format(Locale.ROOT, "%,d of %,d done: %s", recipients - notDone, size,
							new TreeMap<>(outcomes)),
					recipients == size && notDone == 0));
			checks.add(new Results.Check("nobody dialled twice; everyone not TRIGGER_UNKNOWN dialled (sandbox `_calls` by"
					+ " `toNumber`)", String.format(Locale.ROOT, "%,d calls; %d numbers dialled twice, %d never dialled",
							times.size(), dialledTwice, neverDialled),
					dialledTwice == 0 && neverDialled == 0));
			checks.add(new Results.Check("every placed call's final status stored, equal to the sandbox's",
					String.format(Locale.ROOT, "%d wrong or missing, %d placed calls unknown to the database",
							mismatched, placedNotStored),
					mismatched == 0 && placedNotStored == 0));
		}

		/**
		 * The rate where the triggers leave the replicas (the line each writes as it hands a request
		 * to its HTTP client) and where the provider sees them (the sandbox's {@code receivedAt}),
		 * each against R + burst in every sliding second.
		 *
		 * <p>Where they leave the design holds the bound by construction: every trigger has a send
		 * instant that conforms to the global budget (GCRA), never leaves before it and is put back
		 * unsent rather than leave more than the lateness after it (docs/dispatch.md). (Not covered:
		 * a retry of a trigger after a 5xx, inside the provider client, writes no line; and a thread
		 * preempted between its last check and its line.) The check also asks that every call the
		 * sandbox placed has a line for its recipient's attempt, so it cannot pass on missing lines.
		 *
		 * <p>The sandbox stamps {@code receivedAt} in another process, which the orchestrator cannot
		 * hold: above the bound, up to R (1.1 s + how far ahead the budget's send instants were
		 * reserved) + burst, that is shown as a known issue; above that the check fails.
		 *
		 * <p>The claims (claim log) are reported, not held to the bound: a claim commits before its
		 * trigger leaves, up to a lookahead before its send instant, and one put back unsent dials
		 * nobody.
		 */
		void checkRate(List<Results.Check> checks, UUID campaign, Instant from) throws IOException {
			List<Instant> sent = times.stream().filter(t -> t.isAfter(from)).toList();
			Instant first = sent.isEmpty() ? from : sent.get(0);
			Instant last = sent.isEmpty() ? from : sent.get(sent.size() - 1);
			record Ages(double p50, double p99, double max) {
			}
			Ages ages = deployment.sql.query("""
					select coalesce(percentile_cont(0.5) within group (order by ms), 0),
					       coalesce(percentile_cont(0.99) within group (order by ms), 0), coalesce(max(ms), 0)
					from (select extract(epoch from staleness) * 1000 as ms from reliability_take
					      where logged_at between ? and ?) t
					""", rs -> new Ages(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)), Timestamp.from(first),
					Timestamp.from(last)).get(0);
			int bound = Deployment.CALLS_PER_SECOND + Deployment.BURST;

			List<Deployment.Leaving> allLeaving = deployment.triggersLeaving(campaign);
			List<Instant> leaving = allLeaving.stream().map(Deployment.Leaving::at).filter(t -> t.isAfter(from)).toList();
			// every placed call's recipient has a line for one of its attempts (the attempt of a call
			// stays, accepted or unknown; a put-back one is deleted, and placed no call)
			record AttemptOf(long attempt, String number) {
			}
			Map<Long, String> numberOfAttempt = deployment.sql
				.query("select a.id, r.phone_number from call_attempt a join recipient r on r.id = a.recipient_id"
						+ " where r.campaign_id = ?", rs -> new AttemptOf(rs.getLong(1), rs.getString(2)), campaign)
				.stream()
				.collect(Collectors.toMap(AttemptOf::attempt, AttemptOf::number));
			Set<String> logged = allLeaving.stream().map(line -> numberOfAttempt.get(line.attempt()))
				.filter(java.util.Objects::nonNull).collect(Collectors.toSet());
			long unlogged = placedNumbers.stream().filter(number -> !logged.contains(number)).count();
			int leavingMost = SlidingWindows.maxInWindow(leaving, Duration.ofSeconds(1));
			record Claim(Instant at, @Nullable String unsent) {
			}
			List<Claim> claims = deployment.sql.query(
					"select logged_at, unsent from reliability_claim where campaign_id = ? and logged_at > ?"
							+ " order by logged_at",
					rs -> new Claim(rs.getTimestamp(1).toInstant(), rs.getString(2)), campaign, Timestamp.from(from));
			Map<String, Long> unsent = claims.stream().filter(claim -> claim.unsent() != null)
				.collect(Collectors.groupingBy(Claim::unsent, TreeMap::new, Collectors.counting()));
			int claimsMost = SlidingWindows.maxInWindow(claims.stream().map(Claim::at).toList(), Duration.ofSeconds(1));
			checks.add(new Results.Check("triggers leaving the replicas in any sliding 1 s (their logs) ≤ R + burst = "
					+ bound + "; every call the sandbox placed logged leaving",
					String.format(Locale.ROOT, "at most %d%s; %,d lines, %d of %,d placed calls without one; claims: at"
							+ " most %d in a second, %d put back unsent %s", leavingMost, where(leaving), allLeaving.size(),
							unlogged, placedNumbers.size(), claimsMost, unsent.values().stream().mapToLong(Long::longValue).sum(),
							unsent),
					leavingMost <= bound && unlogged == 0));

			// send instants reserved up to max-age ahead, used within a second, plus 0.1 s for the lateness and transit
			int tolerated = (int) Math.floor(Deployment.CALLS_PER_SECOND * (1.1 + ages.max() / 1000)) + Deployment.BURST;
			String issue = String.format(Locale.ROOT, "the replicas hold R + burst where the triggers leave (above),"
					+ " but the sandbox, another process on busy cores, can stamp requests sent apart closer together"
					+ " (send instants reserved ahead p50 / p99 / max: %.0f / %.0f / %.0f ms; tolerated R (1.1 s + max)"
					+ " + burst = %d)", ages.p50(), ages.p99(), ages.max(), tolerated);
			int sandboxMost = SlidingWindows.maxInWindow(sent, Duration.ofSeconds(1));
			checks.add(new Results.Check("triggers received in any sliding 1 s (sandbox `receivedAt`) ≤ R + burst = "
					+ bound, "at most " + sandboxMost + where(sent), sandboxMost <= bound,
					sandboxMost <= tolerated ? issue : null));
		}

		private static String where(List<Instant> sorted) {
			Instant at = SlidingWindows.busiest(sorted, Duration.ofSeconds(1)).start();
			return at == null ? "" : String.format(Locale.ROOT, " (from %.1f s after the first)",
					seconds(Duration.between(sorted.get(0), at)));
		}

	}

	// ---------------------------------------------------------------------------------------------
	// 7. hostile peers

	/**
	 * What one tenant's calls do to the provider's answers, each aimed at one number and lasting:
	 * status reads answered 410, 400 or 503, a garbage, NUL or empty status, no status, a body
	 * trickled a byte every 200 ms or of 10 MB; triggers answered with a call id already given,
	 * trickled or oversized. ({@code {n}} is the number.)
	 */
	private static final List<String> HOSTILE = List.of(
			"{\"kind\":\"HTTP_STATUS\",\"target\":\"STATUS\",\"httpStatus\":410,\"toNumber\":\"{n}\"}",
			"{\"kind\":\"HTTP_STATUS\",\"target\":\"STATUS\",\"httpStatus\":400,\"toNumber\":\"{n}\"}",
			"{\"kind\":\"HTTP_STATUS\",\"target\":\"STATUS\",\"httpStatus\":503,\"toNumber\":\"{n}\"}",
			"{\"kind\":\"STATUS_TEXT\",\"target\":\"STATUS\",\"statusText\":\"garbage \\u0007 %$\",\"toNumber\":\"{n}\"}",
			"{\"kind\":\"STATUS_TEXT\",\"target\":\"STATUS\",\"statusText\":\"in\\u0000progress\",\"toNumber\":\"{n}\"}",
			"{\"kind\":\"STATUS_TEXT\",\"target\":\"STATUS\",\"statusText\":\"\",\"toNumber\":\"{n}\"}",
			"{\"kind\":\"NO_STATUS\",\"target\":\"STATUS\",\"toNumber\":\"{n}\"}",
			"{\"kind\":\"TRICKLE\",\"target\":\"STATUS\",\"latency\":\"PT0.2S\",\"toNumber\":\"{n}\"}",
			"{\"kind\":\"OVERSIZED\",\"target\":\"STATUS\",\"size\":10000000,\"toNumber\":\"{n}\"}",
			"{\"kind\":\"REPEATED_CALL_SID\",\"statusText\":\"hostile\",\"toNumber\":\"{n}\"}",
			"{\"kind\":\"REPEATED_CALL_SID\",\"statusText\":\"hostile\",\"toNumber\":\"{n}\"}",
			"{\"kind\":\"TRICKLE\",\"latency\":\"PT0.2S\",\"toNumber\":\"{n}\"}",
			"{\"kind\":\"OVERSIZED\",\"size\":10000000,\"toNumber\":\"{n}\"}");

	@Test
	@Order(7)
	void hostilePeersCostOnlyTheirOwnCalls() throws Exception {
		Duration retention = Duration.ofSeconds(SHORT ? 30 : 60);
		scenario("7. hostile peers: one tenant's calls answer 410/400/503, garbage, NUL, nothing, slowly or"
				+ " hugely, while another tenant's campaign runs", checks -> {
			// a short retention, so every hostile call meets its deadline within the scenario
			List<ServiceProcess> replicas = deployment.replaceReplicas(2,
					"orchestrator.provider.status-retention=" + retention);
			int size = SHORT ? 800 : 3_000;
			UUID quiet = createCampaign(replicas.get(0), "quiet", numbers(size), Duration.ofSeconds(2));
			awaitCompleted(quiet);
			Duration quietCapture = capture95(quiet);

			List<String> hostile = numbers(HOSTILE.size());
			for (int i = 0; i < HOSTILE.size(); i++) {
				deployment.sandbox.fault(HOSTILE.get(i).replace("{n}", hostile.get(i)));
			}
			Api hostileTenant = deployment.api(replicas.get(1)).newTenant("campaigns:write");
			HttpResponse<String> created = hostileTenant.post("/api/v1/campaigns",
					campaignJson("hostile", hostile, Instant.now().plusSeconds(1)));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			UUID bad = UUID.fromString(json(created).get("id").asString());
			UUID good = createCampaign(replicas.get(0), "good", numbers(size), Duration.ofSeconds(2));
			awaitCompleted(good);
			awaitCompleted(bad);

			List<SandboxProcess.Call> calls = deployment.sandbox.calls();
			Ledger ledger = Ledger.of(good, calls);
			ledger.checkEveryoneDoneOnceAndStored(checks, size);
			checks.add(new Results.Check("the other tenant loses nothing: no TRIGGER_UNKNOWN, no STATUS_EXPIRED",
					ledger.unknown + " TRIGGER_UNKNOWN, " + ledger.outcomes.getOrDefault("STATUS_EXPIRED", 0L)
							+ " STATUS_EXPIRED",
					ledger.unknown == 0 && ledger.outcomes.getOrDefault("STATUS_EXPIRED", 0L) == 0));
			List<Instant> times = ledger.times;
			double rate = times.size() < 2 ? 0
					: (times.size() - 1) / seconds(Duration.between(times.get(0), times.get(times.size() - 1)));
			checks.add(new Results.Check("the other tenant's campaign keeps ≥ 95 % of R = " + Deployment.CALLS_PER_SECOND,
					String.format(Locale.ROOT, "%.1f calls/s (%.1f %%)", rate, 100 * rate / Deployment.CALLS_PER_SECOND),
					rate >= 0.95 * Deployment.CALLS_PER_SECOND));
			Duration goodCapture = capture95(good);
			checks.add(new Results.Check("the other tenant's capture delay p95 within 20 % of a quiet run",
					String.format(Locale.ROOT, "%.2f s against %.2f s quiet", seconds(goodCapture), seconds(quietCapture)),
					goodCapture.toMillis() <= quietCapture.toMillis() * 1.2 + 100));
			record Hostile(String outcome, boolean inTime, String raw, String lateness) {
			}
			List<Hostile> ended = deployment.sql.query("""
					select r.outcome, a.ended_at <= a.retention_deadline + interval '5 seconds',
					       coalesce(a.raw_status, a.error, ''), (a.ended_at - a.retention_deadline)::text
					from recipient r left join call_attempt a on a.recipient_id = r.id
					where r.campaign_id = ?
					""", rs -> new Hostile(rs.getString(1), rs.getObject(2) == null || rs.getBoolean(2),
					rs.getString(3), rs.getString(4)), bad);
			List<Hostile> late = ended.stream().filter(call -> !call.inTime()).toList();
			checks.add(new Results.Check("every hostile call ends by its retention deadline (+ 5 s), its last answer kept",
					String.format(Locale.ROOT, "%d calls: %s; %d late%s", ended.size(), ended.stream()
						.collect(Collectors.groupingBy(Hostile::outcome, TreeMap::new, Collectors.counting())),
							late.size(), late.stream()
								.map(call -> " [" + call.outcome() + " after its deadline by " + call.lateness()
										+ ", last answer " + call.raw().substring(0, Math.min(80, call.raw().length()))
										+ "]")
								.collect(Collectors.joining())),
					ended.size() >= HOSTILE.size() && late.isEmpty()));
		});
	}

	/** The 95th percentile, over a campaign's calls, from the call's end at the sandbox to its final status stored. */
	private static Duration capture95(UUID campaign) {
		Map<String, Instant> ended = new HashMap<>();
		deployment.sandbox.calls().forEach(call -> {
			if (call.endedAt() != null) {
				ended.put(call.callSid(), call.endedAt());
			}
		});
		List<Long> delays = new ArrayList<>();
		deployment.sql.query("""
				select a.call_sid, max(e.observed_at) from call_attempt a join call_status_event e on e.call_attempt_id = a.id
				where a.campaign_id = ? and a.phase = 'FINAL' and a.call_sid is not null group by a.call_sid
				""", rs -> Map.entry(rs.getString(1), rs.getTimestamp(2).toInstant()), campaign).forEach(stored -> {
			Instant end = ended.get(stored.getKey());
			if (end != null) {
				delays.add(Math.max(0, Duration.between(end, stored.getValue()).toMillis()));
			}
		});
		Collections.sort(delays);
		return delays.isEmpty() ? Duration.ZERO : Duration.ofMillis(delays.get((int) Math.ceil(0.95 * delays.size()) - 1));
	}

	// ---------------------------------------------------------------------------------------------
	// helpers

	private interface Body {

		void run(List<Results.Check> checks) throws Exception;

	}

	/** Runs one scenario on a clean sandbox and records its checks, then fails if any failed. */
	private static void scenario(String name, Body body) throws Exception {
		System.out.printf("%n==== %s (%s)%n", name, Instant.now());
		deployment.sandbox.clearFaults();
		deployment.sandbox.forgetCalls();
		// an earlier scenario that failed half-way must not dial into this one
		deployment.sql.update("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')"
				+ " and start_at < now() + interval '1 hour'");
		List<Results.Check> checks = new ArrayList<>();
		long started = System.nanoTime();
		String failure = null;
		try {
			body.run(checks);
		}
		catch (Exception | AssertionError ex) {
			failure = ex.toString();
			throw ex;
		}
		finally {
			deployment.sandbox.clearFaults();
			results.add(name, checks, Duration.ofNanos(System.nanoTime() - started), failure);
			checks.forEach(check -> System.out.printf("  %s %s: %s%n", check.result(), check.what(), check.measured()));
		}
		assertThat(checks).as(name)
			.allSatisfy(check -> assertThat(check.blocks()).as(check.what() + ": " + check.measured()).isFalse());
	}

	private static UUID createCampaign(ServiceProcess replica, String name, List<String> numbers, Duration startIn) {
		HttpResponse<String> created = deployment.api(replica)
			.post("/api/v1/campaigns", campaignJson(name, numbers, Instant.now().plus(startIn)));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return UUID.fromString(json(created).get("id").asString());
	}

	/** One attempt each (so every call is a first call), as fast as the global rate lets it. */
	private static String campaignJson(String name, List<String> numbers, Instant startAt) {
		StringBuilder body = new StringBuilder(numbers.size() * 40 + 400);
		body.append("{\"name\":\"").append(name).append("\",\"schedule\":{\"startAt\":\"").append(startAt)
			.append("\",\"callingWindow\":").append(LoadFixtures.windowOpenNow())
			.append("},\"retry\":{\"maxAttempts\":1},")
			.append("\"rateLimit\":{\"callsPerMinute\":60000,\"maxConcurrentCalls\":10000},\"recipients\":[");
		for (int i = 0; i < numbers.size(); i++) {
			body.append(i == 0 ? "" : ",").append("{\"phoneNumber\":\"").append(numbers.get(i)).append("\"}");
		}
		return body.append("]}").toString();
	}

	/** London numbers (+44 20 7xxx xxxx) never used before in this run, so scenarios never share one. */
	private static synchronized List<String> numbers(int count) throws NumberParseException {
		PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
		List<String> numbers = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String number = LoadFixtures.londonNumber(nextNumber++);
			if (i % 499 == 0) {
				assertThat(phones.isValidNumber(phones.parse(number, "ZZ"))).as(number).isTrue();
			}
			numbers.add(number);
		}
		return numbers;
	}

	private static void awaitAttempts(UUID campaign, int attempts, Duration timeout) {
		awaitCount("select count(*) from call_attempt where campaign_id = ?", attempts, timeout, campaign);
	}

	private static void awaitCount(String sql, long atLeast, Duration timeout, Object... params) {
		Awaitility.await("waiting for " + sql)
			.atMost(timeout)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> deployment.sql.count(sql, params) >= atLeast);
	}

	/** How long until the count is 0, polled every 200 ms. */
	private static Duration awaitZero(String sql, Duration timeout, Object... params) {
		long started = System.nanoTime();
		Awaitility.await("waiting for no rows of " + sql)
			.atMost(timeout)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> deployment.sql.count(sql, params) == 0);
		return Duration.ofNanos(System.nanoTime() - started);
	}

	private static void awaitCompleted(UUID campaign) {
		long[] lastPrint = { 0 };
		Awaitility.await("campaign " + campaign + " completed")
			.atMost(FINISH)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				String status = deployment.sql.query("""
						select c.status || ' ' || (select string_agg(state || '=' || n, ' ') from
						    (select state, count(*) n from recipient where campaign_id = c.id group by state order by state) s)
						from campaign c where c.id = ?
						""", rs -> rs.getString(1), campaign).get(0);
				if (System.nanoTime() - lastPrint[0] > 10_000_000_000L) {
					System.out.printf("  %s campaign %s: %s%n", LocalTime.now().withNano(0), campaign, status);
					lastPrint[0] = System.nanoTime();
				}
				return status.startsWith("COMPLETED");
			});
	}

	private static boolean circuitOpen(ServiceProcess replica, String breaker) {
		try {
			HttpResponse<String> metrics = http.send(
					HttpRequest.newBuilder(URI.create(replica.base() + "/actuator/prometheus"))
						.header("Authorization", "Bearer " + Api.TEST_ADMIN_KEY)
						.timeout(Duration.ofSeconds(5))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			return metrics.body()
				.lines()
				.anyMatch(line -> line.startsWith("resilience4j_circuitbreaker_state{") && line.contains("name=\"" + breaker + "\"")
						&& line.contains("state=\"open\"") && line.endsWith(" 1.0"));
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static int health(ServiceProcess replica) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(replica.base() + "/actuator/health"))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
