package dev.campaigns.orchestrator.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator on the main port: health stays open for probes, every other management
 * endpoint (metrics, Prometheus, the index, info) needs an API key with the platform:admin role.
 */
@IntegrationTest
class ManagementEndpointSecurityIntegrationTests {

	private static final List<String> GUARDED = List.of("/actuator/metrics", "/actuator/metrics/jvm.memory.used",
			"/actuator/prometheus", "/actuator", "/actuator/info");

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void metricsAndPrometheusWithoutAKeyAreUnauthenticated() {
		for (String path : GUARDED) {
			HttpResponse<String> response = get(path, null);

			assertThat(response.statusCode()).as(path).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Bearer");
			assertThat(json.readTree(response.body()).get("type").asString()).as(path)
				.isEqualTo("https://campaign-orchestrator.dev/problems/unauthenticated");
			assertThat(response.body()).as(path).doesNotContain("# HELP", "\"names\"", "\"measurements\"", "_links");
		}
		assertThat(get("/actuator/prometheus", "co_" + "A".repeat(43)).statusCode()).isEqualTo(401);
	}

	@Test
	void aKeyWithoutThePlatformAdminRoleIsForbiddenEvenATenantsAdmin() {
		// the metrics are every tenant's: a tenant's admin does not read them
		String reader = Api.at(port).newTenant("reports:read", "campaigns:write").authorization().substring(7);
		String tenantAdmin = Api.at(port).newTenant("admin").authorization().substring(7);

		for (String key : List.of(reader, tenantAdmin)) {
			for (String path : GUARDED) {
				HttpResponse<String> response = get(path, key);

				assertThat(response.statusCode()).as(path).isEqualTo(403);
				assertThat(json.readTree(response.body()).get("detail").asString()).as(path)
					.isEqualTo("This needs the role platform:admin.");
			}
		}
	}

	@Test
	void aPlatformAdminKeyReadsMetricsAndPrometheus() {
		HttpResponse<String> prometheus = get("/actuator/prometheus", Api.TEST_ADMIN_KEY);
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("jvm_memory_used_bytes");

		HttpResponse<String> metrics = get("/actuator/metrics", Api.TEST_ADMIN_KEY);
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm.memory.used");
	}

	@Test
	void healthAndItsProbeGroupsStayOpen() {
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			HttpResponse<String> response = get(path, null);

			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.body()).as(path).contains("\"status\":\"UP\"");
		}
	}

	private HttpResponse<String> get(String path, @Nullable String key) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		return Http.send(request.build());
	}

}
