package dev.campaigns.orchestrator.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.campaigns.orchestrator.security.internal.ApiKeys;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-key request limits over HTTP against the whole service: a key that made its burst is
 * refused with a 429 problem and {@code Retry-After}, and only that key. The rate is one
 * request every 20 s, so no slot comes back while a test runs.
 */
@IntegrationTest
@TestPropertySource(properties = { "orchestrator.security.rate-limit.requests-per-second=0.05",
		"orchestrator.security.rate-limit.burst=3" })
class RequestRateLimitIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	@Test
	void aKeyBeyondItsBudgetIsRefusedWithARetryAfterWhileAnotherKeyOfItsTenantIsServed() {
		String tenant = "it-" + UUID.randomUUID();
		String greedy = keyOf(tenant);
		String other = keyOf(tenant);
		for (int i = 0; i < 3; i++) {
			assertThat(list(greedy).statusCode()).as("request %d of the burst", i + 1).isEqualTo(200);
		}

		HttpResponse<String> refused = list(greedy);

		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
				(seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 20L));
		JsonNode problem = json.readTree(refused.body());
		assertThat(problem.get("type").asString()).isEqualTo("https://campaign-orchestrator.dev/problems/rate-limited");
		assertThat(problem.get("status").asInt()).isEqualTo(429);
		assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/campaigns");
		assertThat(list(other).statusCode()).as("another key of the same tenant").isEqualTo(200);
	}

	@Test
	void concurrentRequestsOfOneKeyGetNoMoreThanItsBurst() throws Exception {
		String key = keyOf("it-" + UUID.randomUUID());
		ExecutorService callers = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> answers = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			answers.add(callers.submit(() -> {
				start.await();
				return list(key).statusCode();
			}));
		}
		start.countDown();
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> answer : answers) {
			statuses.add(answer.get());
		}
		callers.shutdown();

		assertThat(statuses).filteredOn((status) -> status == 200).hasSize(3);
		assertThat(statuses).filteredOn((status) -> status == 429).hasSize(9);
	}

	private String keyOf(String tenant) {
		return apiKeys.issue("rate test", tenant, Set.of(Role.CAMPAIGNS_WRITE, Role.REPORTS_READ), null).key();
	}

	private HttpResponse<String> list(String key) {
		return Http.send(HttpRequest.newBuilder(uri("/api/v1/campaigns"))
			.header("Authorization", "Bearer " + key)
			.GET()
			.build());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

}
