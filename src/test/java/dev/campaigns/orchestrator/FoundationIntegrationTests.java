package dev.campaigns.orchestrator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class FoundationIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	@Test
	void flywayCreatesTheWholeDomain() {
		List<String> tables = jdbc.queryForList(
				"select table_name from information_schema.tables where table_schema = current_schema()", String.class);

		assertThat(tables).contains("campaign", "recipient", "call_attempt", "call_status_event", "suppression",
				"api_key", "idempotency_key", "outbox", "webhook_subscription", "webhook_delivery");
	}

	@Test
	void campaignsBelongToATenantFromDayOne() {
		String nullable = jdbc.queryForObject("select is_nullable from information_schema.columns"
				+ " where table_schema = current_schema() and table_name = 'campaign' and column_name = 'tenant'",
				String.class);

		assertThat(nullable).isEqualTo("NO");
	}

	@Test
	void dueRecipientsAreIndexedByAPartialIndexOverPendingRowsOnly() {
		String definition = jdbc.queryForObject(
				"select indexdef from pg_indexes where schemaname = current_schema() and indexname = 'recipient_due'",
				String.class);

		assertThat(definition).contains("WHERE (state = 'PENDING'::text)");
	}

	@Test
	void theSchemaIsOwnedByFlywayAndSessionsDoNotLeakIntoViews() {
		Environment environment = context.getEnvironment();

		assertThat(environment.getProperty("spring.jpa.hibernate.ddl-auto")).isEqualTo("validate");
		assertThat(environment.getProperty("spring.jpa.open-in-view")).isEqualTo("false");
	}

	@Test
	void livenessAndReadinessProbesAreUp() {
		assertThat(Http.get(url("/actuator/health/liveness")).body()).contains("\"status\":\"UP\"");
		assertThat(Http.get(url("/actuator/health/readiness")).body()).contains("\"status\":\"UP\"");
	}

	@Test
	void prometheusScrapesJvmAndHttpMetricsWithAnAdminKey() {
		var response = Http.send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
			.header("Authorization", "Bearer " + Api.TEST_ADMIN_KEY)
			.build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("jvm_memory_used_bytes", "hikaricp_connections");
	}

	@Test
	void servesTheOpenApiDocumentAndSwaggerUi() {
		var apiDocs = Http.get(url("/v3/api-docs"));

		assertThat(apiDocs.statusCode()).isEqualTo(200);
		assertThat(apiDocs.body()).startsWith("{").contains("\"openapi\":\"3.");
		assertThat(Http.get(url("/swagger-ui/index.html")).statusCode()).isEqualTo(200);
	}

	private String url(String path) {
		return "http://localhost:" + port + path;
	}

}
