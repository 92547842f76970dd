package dev.campaigns.orchestrator.status;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.provider.Dialect;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.StatusResult;
import dev.campaigns.orchestrator.provider.TriggerResult;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;

/** The sandbox's faults, campaigns of a few numbers, and status answers held back, for the status tests. */
final class StatusCaptureFixtures {

	private StatusCaptureFixtures() {
	}

	/** Puts a sandbox fault in force, e.g. {@code {"kind":"NO_STATUS","target":"STATUS"}}. */
	static void inject(String sandbox, String faultJson) {
		var response = Http.send(HttpRequest.newBuilder(URI.create(sandbox + "/_faults"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(faultJson))
			.build());
		if (response.statusCode() != 201) {
			throw new IllegalStateException("fault not accepted: " + response.statusCode() + " " + response.body());
		}
	}

	/** A fault on every status request for {@code number}, with the fault's own fields (JSON, without braces). */
	static void onStatusOf(String sandbox, String number, String fields) {
		inject(sandbox, "{\"target\":\"STATUS\",\"toNumber\":\"" + number + "\"," + fields + "}");
	}

	/** Forgets the sandbox's calls and faults and other tests' running campaigns and buckets. */
	static void freshStart(String sandbox, JdbcClient jdbc) {
		// simulated time restarts in every context: buckets refreshed in another test's future would starve this one
		jdbc.sql("delete from rate_limit").update();
		jdbc.sql("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')").update();
		Http.send(HttpRequest.newBuilder(URI.create(sandbox + "/_calls")).DELETE().build());
		Http.send(HttpRequest.newBuilder(URI.create(sandbox + "/_faults")).DELETE().build());
	}

	/** A campaign calling each number once; answers its id. */
	static String campaign(Api tenant, String name, String... numbers) {
		String recipients = Stream.of(numbers)
			.map(number -> "{\"phoneNumber\":\"" + number + "\"}")
			.collect(Collectors.joining(","));
		return json(tenant.post("/api/v1/campaigns", "{\"name\":\"" + name + "\",\"retry\":{\"maxAttempts\":1},"
				+ "\"rateLimit\":{\"callsPerMinute\":6000,\"maxConcurrentCalls\":100},\"recipients\":[" + recipients
				+ "]}")).get("id").asString();
	}

	static boolean completed(Api tenant, String campaign) {
		return "COMPLETED".equals(json(tenant.get("/api/v1/campaigns/" + campaign)).get("status").asString());
	}

	/** The attempts of a campaign's numbers, keyed by number, with the recipient's outcome. */
	static Map<String, Map<String, Object>> attemptsByNumber(JdbcClient jdbc, String campaign) {
		return jdbc.sql("""
				select r.phone_number, r.outcome, a.call_sid, a.phase, a.status, a.raw_status, a.error, a.triggered_at,
				       a.retention_deadline, a.ended_at, a.poll_count, a.next_poll_at
				from call_attempt a join recipient r on r.id = a.recipient_id
				where a.campaign_id = cast(? as uuid)
				""")
			.param(campaign)
			.query()
			.listOfRows()
			.stream()
			.collect(Collectors.toMap(row -> (String) row.get("phone_number"), row -> row));
	}

	/**
	 * Holds back the status answers of chosen calls, as an adapter whose exchange never ends
	 * would: the real port, wrapped.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class HeldAnswersConfig {

		@Bean
		static HeldAnswers heldAnswers() {
			return new HeldAnswers();
		}

	}

	static final class HeldAnswers implements BeanPostProcessor {

		private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();

		/** Status requests for {@code callSid} answer only once {@link #release} is called. */
		void hold(String callSid) {
			held.put(callSid, new CountDownLatch(1));
		}

		void release(String callSid) {
			CountDownLatch latch = held.remove(callSid);
			if (latch != null) {
				latch.countDown();
			}
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			return bean instanceof OutboundCalls calls ? new Holding(calls) : bean;
		}

		private final class Holding implements OutboundCalls {

			private final OutboundCalls calls;

			private Holding(OutboundCalls calls) {
				this.calls = calls;
			}

			@Override
			public TriggerResult trigger(CallRequest request) {
				return calls.trigger(request);
			}

			@Override
			public StatusResult status(String callSid, Instant answerBy) {
				CountDownLatch latch = held.get(callSid);
				if (latch != null) {
					try {
						latch.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return calls.status(callSid, answerBy);
			}

			@Override
			public Dialect dialect() {
				return calls.dialect();
			}

		}

	}

}
