package dev.campaigns.orchestrator.status;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.provider.Dialect;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.OutboundCallsFactory;
import dev.campaigns.orchestrator.provider.StatusResult;
import dev.campaigns.orchestrator.provider.TriggerResult;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.orchestrator.status.StatusCaptureFixtures.attemptsByNumber;
import static dev.campaigns.orchestrator.status.StatusCaptureFixtures.campaign;
import static dev.campaigns.orchestrator.status.StatusCaptureFixtures.completed;
import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24: each call's status is read through the provider connection it was placed on, under
 * that connection's own status budget: a 429 on one connection slows only its polls, a
 * credential changed by {@code PATCH} is used from the next poll, and a connection whose
 * credential cannot be read costs only its own calls their answers. Two connections, the
 * default and a stored one, both pointing at the in-process sandbox, on simulated time.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@Import({ SimulatedTime.Config.class, ConnectionPollingIntegrationTests.ReadsConfig.class })
@TestPropertySource(properties = { "orchestrator.provider.status-retention=PT3M", "orchestrator.status.first-poll=10s", "orchestrator.sandbox.retention=PT3M",
		"orchestrator.sandbox.outcomes.answered=1", "orchestrator.dispatch.calls-per-second=1000",
		"orchestrator.dispatch.burst=1000", "orchestrator.status.requests-per-second=1000",
		// the sandbox accepts the test credential only: a connection's wrong one is refused
		"orchestrator.sandbox.auth-token=test-token" })
class ConnectionPollingIntegrationTests {

	static final String CONNECTIONS = "/api/v1/provider-connections";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	StatusPoller poller;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Reads reads;

	@Test
	void eachCallIsPolledThroughTheConnectionItWasPlacedOnUnderThatConnectionsBudget() {
		StatusCaptureFixtures.freshStart(sandbox(), jdbc);
		Api tenant = Api.at(port).newTenant("admin", "campaigns:write");
		UUID second = connection(tenant, "second line", "test-token");
		String id = campaign(tenant, "two lines", "+442079460201", "+442079460202", "+442079460203",
				"+442079460204");
		triggered(id, 4);
		placedOn(second, id, "+442079460203", "+442079460204");

		run(() -> completed(tenant, id));

		Map<String, Map<String, Object>> attempts = attemptsByNumber(jdbc, id);
		assertThat(attempts.values()).allSatisfy(attempt -> assertThat(attempt).containsEntry("status", "COMPLETED"));
		for (String number : List.of("+442079460201", "+442079460202")) {
			assertThat(reads.of(sid(attempts, number))).isNotEmpty().containsOnly("default test-token");
		}
		for (String number : List.of("+442079460203", "+442079460204")) {
			assertThat(reads.of(sid(attempts, number))).isNotEmpty()
				.containsOnly("connection-" + second + " test-token");
		}
		assertThat(budgets()).containsKeys("status", "status-connection-" + second);
	}

	@Test
	void aThrottledConnectionSlowsOnlyItsOwnStatusBudget() {
		StatusCaptureFixtures.freshStart(sandbox(), jdbc);
		Api tenant = Api.at(port).newTenant("admin", "campaigns:write");
		UUID second = connection(tenant, "throttled line", "test-token");
		String id = campaign(tenant, "one line throttled", "+442079460211", "+442079460212", "+442079460213");
		Instant firstPoll = triggered(id, 3);
		placedOn(second, id, "+442079460212", "+442079460213");
		StatusCaptureFixtures.inject(sandbox(), "{\"kind\":\"HTTP_429\",\"target\":\"STATUS\",\"toNumber\":"
				+ "\"+442079460212\",\"count\":1,\"retryAfterSeconds\":30}");
		// the second call on the throttled line falls due only after the 429
		dueAt(id, "+442079460213", firstPoll.plusSeconds(5));
		clock.set(firstPoll);

		poller.pollDue(firstPoll);

		Map<String, Map<String, Object>> attempts = attemptsByNumber(jdbc, id);
		assertThat(attempts.get("+442079460211")).containsEntry("poll_count", 1).containsEntry("error", null);
		assertThat(attempts.get("+442079460212")).containsEntry("poll_count", 1);
		assertThat((String) attempts.get("+442079460212").get("error")).startsWith("HTTP 429");
		assertThat(budgets().get("status-connection-" + second))
			.isEqualTo(Timestamp.from(firstPoll.plusSeconds(30)));
		assertThat(budgets().get("status")).isNull();

		// both lines have a poll due; only the default line's budget grants one
		dueAt(id, "+442079460211", firstPoll.plusSeconds(5));
		clock.set(firstPoll.plusSeconds(5));
		poller.pollDue(firstPoll.plusSeconds(5));

		attempts = attemptsByNumber(jdbc, id);
		assertThat(attempts.get("+442079460211")).containsEntry("poll_count", 2);
		assertThat(attempts.get("+442079460213")).containsEntry("poll_count", 0);
		assertThat(reads.of(sid(attempts, "+442079460213"))).isEmpty();

		// every second until the throttle ends: the throttled line's due poll waits
		SimulatedTime.run(clock, dispatcher, poller, Duration.ofSeconds(1), Duration.ofSeconds(24), now -> false,
				() -> false);
		assertThat(clock.instant()).isEqualTo(firstPoll.plusSeconds(29));
		assertThat(attemptsByNumber(jdbc, id).get("+442079460213")).containsEntry("poll_count", 0);

		run(() -> completed(tenant, id));
		assertThat(attemptsByNumber(jdbc, id).values())
			.allSatisfy(attempt -> assertThat(attempt).containsEntry("status", "COMPLETED"));
		assertThat(reads.of(sid(attempts, "+442079460213"))).isNotEmpty()
			.containsOnly("connection-" + second + " test-token");
	}

	@Test
	void aCredentialChangedByPatchIsUsedFromTheNextPoll() {
		StatusCaptureFixtures.freshStart(sandbox(), jdbc);
		Api tenant = Api.at(port).newTenant("admin", "campaigns:write");
		UUID second = connection(tenant, "rotated line", "test-token");
		String id = campaign(tenant, "a credential rotated", "+442079460221");
		Instant firstPoll = triggered(id, 1);
		placedOn(second, id, "+442079460221");
		clock.set(firstPoll);
		poller.pollDue(firstPoll);
		String sid = sid(attemptsByNumber(jdbc, id), "+442079460221");
		assertThat(reads.of(sid)).containsExactly("connection-" + second + " test-token");

		patchCredential(tenant, second, "a-credential-the-sandbox-refuses");
		dueAt(id, "+442079460221", firstPoll.plusSeconds(1));
		clock.set(firstPoll.plusSeconds(1));
		poller.pollDue(firstPoll.plusSeconds(1));

		assertThat(reads.of(sid)).last().isEqualTo("connection-" + second + " a-credential-the-sandbox-refuses");
		assertThat((String) attemptsByNumber(jdbc, id).get("+442079460221").get("error")).startsWith("HTTP 401");

		patchCredential(tenant, second, "test-token");
		run(() -> completed(tenant, id));
		assertThat(attemptsByNumber(jdbc, id).get("+442079460221")).containsEntry("status", "COMPLETED");
		assertThat(reads.of(sid)).last().isEqualTo("connection-" + second + " test-token");
	}

	@Test
	void aConnectionWhoseCredentialCannotBeReadLeavesOnlyItsOwnCallsUnread(CapturedOutput output) {
		StatusCaptureFixtures.freshStart(sandbox(), jdbc);
		Api tenant = Api.at(port).newTenant("admin", "campaigns:write");
		UUID broken = connection(tenant, "broken line", "test-token");
		jdbc.sql("update provider_connection set credential_key_id = 'retired', version = version + 1 where id = ?")
			.param(broken)
			.update();
		String id = campaign(tenant, "one line broken", "+442079460231", "+442079460232");
		triggered(id, 2);
		placedOn(broken, id, "+442079460232");

		run(() -> completed(tenant, id));

		Map<String, Map<String, Object>> attempts = attemptsByNumber(jdbc, id);
		assertThat(attempts.get("+442079460231")).containsEntry("status", "COMPLETED");
		Map<String, Object> unread = attempts.get("+442079460232");
		assertThat(unread).containsEntry("status", "STATUS_EXPIRED").containsEntry("outcome", "STATUS_EXPIRED");
		assertThat((Integer) unread.get("poll_count")).isGreaterThan(2);
		assertThat((String) unread.get("error")).startsWith("provider connection " + broken + " cannot be used");
		assertThat(reads.of((String) unread.get("call_sid"))).isEmpty();
		String logged = "The status of call " + unread.get("call_sid") + " cannot be read";
		assertThat(output.getAll().split(java.util.regex.Pattern.quote(logged), -1)).as("logged once").hasSize(2);
		assertThat(output.getAll()).doesNotContain("2079460232");
	}

	/** A stored connection of {@code tenant} to the in-process sandbox. */
	private UUID connection(Api tenant, String name, String credential) {
		var created = tenant.post(CONNECTIONS, """
				{"name":"%s","dialect":"outbound-calling-v1","baseUrl":"%s","credential":"%s",
				 "statusRequestsPerSecond":500}""".formatted(name, sandbox(), credential));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return UUID.fromString(json(created).get("id").asString());
	}

	private void patchCredential(Api tenant, UUID connection, String credential) {
		var patched = tenant.patch(CONNECTIONS + "/" + connection, "{\"credential\":\"" + credential + "\"}",
				"application/merge-patch+json");
		assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
	}

	/** Runs the dispatcher until the campaign's calls are all placed; answers when the last one's first poll is due. */
	private Instant triggered(String campaign, int calls) {
		run(() -> attemptsByNumber(jdbc, campaign).values().stream()
			.filter(attempt -> "ACTIVE".equals(attempt.get("phase")))
			.count() == calls);
		return attemptsByNumber(jdbc, campaign).values().stream()
			.map(attempt -> ((Timestamp) attempt.get("triggered_at")).toInstant().plusSeconds(10))
			.max(Instant::compareTo)
			.orElseThrow();
	}

	/** The calls to these numbers were placed on {@code connection}, as the dispatcher records it. */
	private void placedOn(UUID connection, String campaign, String... numbers) {
		jdbc.sql("""
				update call_attempt a set connection_id = :connection
				from recipient r
				where r.id = a.recipient_id and a.campaign_id = cast(:campaign as uuid)
				  and r.phone_number = any(cast(:numbers as text[]))
				""")
			.param("connection", connection)
			.param("campaign", campaign)
			.param("numbers", numbers)
			.update();
	}

	private void dueAt(String campaign, String number, Instant at) {
		jdbc.sql("""
				update call_attempt a set next_poll_at = :at
				from recipient r
				where r.id = a.recipient_id and a.campaign_id = cast(:campaign as uuid) and r.phone_number = :number
				""")
			.param("at", Timestamp.from(at))
			.param("campaign", campaign)
			.param("number", number)
			.update();
	}

	/** The status budgets, by name, with the instant each is throttled until (null: not throttled). */
	private Map<String, Object> budgets() {
		Map<String, Object> budgets = new java.util.HashMap<>();
		jdbc.sql("select name, throttled_until from rate_limit where name like 'status%'")
			.query()
			.listOfRows()
			.forEach(row -> budgets.put((String) row.get("name"), row.get("throttled_until")));
		return budgets;
	}

	private static String sid(Map<String, Map<String, Object>> attempts, String number) {
		return (String) attempts.get(number).get("call_sid");
	}

	private void run(BooleanSupplier done) {
		SimulatedTime.run(clock, dispatcher, poller, Duration.ofSeconds(1), Duration.ofMinutes(10), now -> false, done);
		assertThat(done.getAsBoolean()).as("done within 10 simulated minutes").isTrue();
	}

	private String sandbox() {
		return "http://localhost:" + port + "/sandbox/polyai";
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ReadsConfig {

		@Bean
		static Reads reads() {
			return new Reads();
		}

	}

	/**
	 * Which connection, with which credential, each status read went through: the default port
	 * and every port the factory opens, wrapped. Test credentials only; nothing is logged.
	 */
	static final class Reads implements BeanPostProcessor {

		private final Map<String, List<String>> reads = new ConcurrentHashMap<>();

		/** The status reads of a call, in order, as {@code <connection key> <credential>}. */
		List<String> of(String callSid) {
			return List.copyOf(reads.getOrDefault(callSid, List.of()));
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof OutboundCalls calls) {
				return new Recording("default test-token", calls);
			}
			if (bean instanceof OutboundCallsFactory factory) {
				return (OutboundCallsFactory) (name, endpoint, targets) -> new Recording(
						name + " " + endpoint.credential(), factory.open(name, endpoint, targets));
			}
			return bean;
		}

		private final class Recording implements OutboundCalls {

			private final String line;

			private final OutboundCalls calls;

			private Recording(String line, OutboundCalls calls) {
				this.line = line;
				this.calls = calls;
			}

			@Override
			public TriggerResult trigger(CallRequest request) {
				return calls.trigger(request);
			}

			@Override
			public StatusResult status(String callSid, Instant answerBy) {
				reads.computeIfAbsent(callSid, sid -> new CopyOnWriteArrayList<>()).add(line);
				return calls.status(callSid, answerBy);
			}

			@Override
			public Dialect dialect() {
				return calls.dialect();
			}

		}

	}

}
