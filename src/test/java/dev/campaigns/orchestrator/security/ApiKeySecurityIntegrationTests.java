package dev.campaigns.orchestrator.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys over HTTP against the whole service. The database is shared with every other
 * integration test, so each test works in tenants of its own.
 */
@IntegrationTest
@Import(ApiKeySecurityIntegrationTests.TestEndpoints.class)
class ApiKeySecurityIntegrationTests {

	private static final String ADMIN_KEY = "co_it-admin-" + UUID.randomUUID();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("orchestrator.security.bootstrap-admin-key", () -> ADMIN_KEY);
		// long enough that "revoked on another replica" is still cached when the test looks
		registry.add("orchestrator.security.key-cache-ttl", () -> "1m");
		registry.add("test.security.endpoints", () -> "true");
	}

	@Test
	void aRequestWithoutAKeyIsUnauthenticatedWithAProblemAndABearerChallenge() {
		HttpResponse<String> response = send("GET", "/api/v1/api-keys", null, null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("type").asString())
			.isEqualTo("https://campaign-orchestrator.dev/problems/unauthenticated");
		assertThat(problem.get("title").asString()).isEqualTo("Unauthenticated");
		assertThat(problem.get("status").asInt()).isEqualTo(401);
		assertThat(problem.get("detail").asString()).contains("Authorization");
	}

	@Test
	void pathsUnderApiThatDoNotExistAreUnauthenticatedToo() {
		assertThat(send("GET", "/api/v1/nothing-here", null, null).statusCode()).isEqualTo(401);
		assertThat(send("GET", "/api", null, null).statusCode()).isEqualTo(401);
	}

	@Test
	void aMalformedAuthorizationHeaderIsUnauthenticated() {
		for (String header : List.of("Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer ", "Bearer two words", ADMIN_KEY)) {
			HttpResponse<String> response = sendWithAuthorization("/api/v1/api-keys", header);

			assertThat(response.statusCode()).as(header).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
			assertThat(json.readTree(response.body()).get("type").asString()).endsWith("/problems/unauthenticated");
		}
	}

	@Test
	void anUnknownKeyIsUnauthenticated() {
		HttpResponse<String> response = send("GET", "/api/v1/api-keys", "co_" + "A".repeat(43), null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
		assertThat(json.readTree(response.body()).get("detail").asString()).contains("unknown, revoked or expired");
	}

	@Test
	void pathsOutsideApiNeedNoKey() {
		assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/sandbox/polyai/_calls", null, null).statusCode()).isEqualTo(200);
		HttpResponse<String> apiDocs = send("GET", "/v3/api-docs", null, null);
		assertThat(apiDocs.statusCode()).isEqualTo(200);
		JsonNode document = json.readTree(apiDocs.body());
		assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asString()).isEqualTo("bearer");
		assertThat(document.at("/paths/~1api~1v1~1api-keys/post/security/0").has("bearerAuth")).isTrue();
	}

	@Test
	void anAdminCreatesAKeyThatWorksIsStoredOnlyAsItsHashAndStopsWorkingOnceRevoked() {
		String tenant = uniqueTenant();
		HttpResponse<String> created = create("reporting", tenant, "reports:read");

		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode body = json.readTree(created.body());
		String id = body.get("id").asString();
		String key = body.get("key").asString();
		assertThat(key).matches("co_[A-Za-z0-9_-]{43}");
		assertThat(body.get("name").asString()).isEqualTo("reporting");
		assertThat(body.get("tenant").asString()).isEqualTo(tenant);
		assertThat(body.get("roles").toString()).isEqualTo("[\"reports:read\"]");
		assertThat(body.get("createdAt").asString()).isNotBlank();
		assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/api-keys/" + id);

		HttpResponse<String> used = send("GET", "/api/v1/_test/reports", key, null);
		assertThat(used.statusCode()).isEqualTo(200);
		assertThat(json.readTree(used.body()).get("tenant").asString()).isEqualTo(tenant);
		assertThat(json.readTree(used.body()).get("keyId").asString()).isEqualTo(id);

		assertThat(jdbc.queryForObject("select count(*) from api_key t where strpos(t::text, ?) > 0", Integer.class,
				key)).isZero();
		assertThat(jdbc.queryForObject("select count(*) from api_key"
				+ " where id = ?::uuid and key_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')"
				+ " and key_prefix = ?", Integer.class, id, key, key.substring(0, 8))).isOne();

		assertThat(send("DELETE", "/api/v1/api-keys/" + id, ADMIN_KEY, null).statusCode()).isEqualTo(204);
		HttpResponse<String> afterRevocation = send("GET", "/api/v1/_test/reports", key, null);
		assertThat(afterRevocation.statusCode()).isEqualTo(401);
		assertThat(afterRevocation.headers().firstValue("Content-Type").orElseThrow())
			.startsWith("application/problem+json");
		assertThat(send("DELETE", "/api/v1/api-keys/" + id, ADMIN_KEY, null).statusCode()).isEqualTo(204);
		assertThat(jdbc.queryForObject("select revoked_at is not null from api_key where id = ?::uuid",
				Boolean.class, id)).isTrue();
	}

	@Test
	void aKeyWithoutTheNeededRoleIsForbiddenAndToldWhichRole() {
		String key = keyOf(uniqueTenant(), "campaigns:write");

		HttpResponse<String> reports = send("GET", "/api/v1/_test/reports", key, null);
		assertThat(reports.statusCode()).isEqualTo(403);
		assertThat(reports.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		JsonNode problem = json.readTree(reports.body());
		assertThat(problem.get("type").asString()).isEqualTo("https://campaign-orchestrator.dev/problems/forbidden");
		assertThat(problem.get("status").asInt()).isEqualTo(403);
		assertThat(problem.get("detail").asString()).contains("reports:read");

		HttpResponse<String> keys = send("GET", "/api/v1/api-keys", key, null);
		assertThat(keys.statusCode()).isEqualTo(403);
		assertThat(json.readTree(keys.body()).get("detail").asString()).contains("admin");
		assertThat(createAs(key, "escalation", uniqueTenant(), "admin").statusCode()).isEqualTo(403);
	}

	@Test
	void anAdminKeyHasEveryRole() {
		HttpResponse<String> response = send("GET", "/api/v1/_test/reports", ADMIN_KEY, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("name").asString()).isEqualTo("bootstrap");
	}

	@Test
	void aHandlerWithoutRequiresIsClosedEvenToAdmins() {
		HttpResponse<String> response = send("GET", "/api/v1/_test/unguarded", ADMIN_KEY, null);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("detail").asString()).contains("no required role");
	}

	@Test
	void theListingShowsKeysWithoutKeysOrHashes() {
		String tenant = uniqueTenant();
		String reader = keyOf(tenant, "reports:read");
		String writer = keyOf(tenant, "campaigns:write", "reports:read");
		send("GET", "/api/v1/_test/reports", reader, null);

		HttpResponse<String> response = send("GET", "/api/v1/api-keys?tenant=" + tenant, ADMIN_KEY, null);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode page = json.readTree(response.body());
		assertThat(page.get("totalItems").asInt()).isEqualTo(2);
		assertThat(page.get("page").asInt()).isZero();
		List<JsonNode> items = new ArrayList<>();
		page.get("items").forEach(items::add);
		assertThat(items).hasSize(2);
		for (JsonNode item : items) {
			assertThat(item.propertyNames()).containsExactlyInAnyOrder("id", "name", "tenant", "roles", "prefix",
					"createdAt", "revokedAt", "lastUsedAt", "expiresAt");
		}
		assertThat(items.get(0).get("roles").toString()).isEqualTo("[\"campaigns:write\",\"reports:read\"]");
		assertThat(items.get(0).get("prefix").asString()).isEqualTo(writer.substring(0, 8));
		assertThat(items.get(1).get("lastUsedAt").isNull()).isFalse();
		List<String> hashes = jdbc.queryForList("select key_hash from api_key where tenant = ?", String.class, tenant);
		assertThat(hashes).hasSize(2);
		assertThat(response.body()).doesNotContain(reader, writer, hashes.get(0), hashes.get(1));
	}

	@Test
	void anInvalidRequestIsAProblemNamingEachFieldAndStoresNothing() {
		String tenant = "bad tenant " + UUID.randomUUID();
		HttpResponse<String> response = send("POST", "/api/v1/api-keys", ADMIN_KEY,
				Map.of("name", "", "tenant", tenant, "roles", List.of("reports:read", "superuser")));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		List<String> fields = new ArrayList<>();
		problem.get("errors").forEach((error) -> {
			fields.add(error.get("field").asString());
			assertThat(error.get("reason").asString()).isNotBlank();
		});
		assertThat(fields).containsExactly("name", "tenant", "roles");
		assertThat(jdbc.queryForObject("select count(*) from api_key where tenant = ?", Integer.class, tenant))
			.isZero();
	}

	@Test
	void anUnreadableBodyOrIdIsAnInvalidRequest() {
		HttpResponse<String> body = send("POST", "/api/v1/api-keys", ADMIN_KEY, "not an object");
		HttpResponse<String> id = send("DELETE", "/api/v1/api-keys/not-a-uuid", ADMIN_KEY, null);

		assertThat(body.statusCode()).isEqualTo(400);
		assertThat(json.readTree(body.body()).get("type").asString()).endsWith("/problems/invalid-request");
		assertThat(json.readTree(body.body()).at("/errors/0/field").asString()).isEqualTo("body");
		assertThat(id.statusCode()).isEqualTo(400);
		assertThat(json.readTree(id.body()).at("/errors/0/field").asString()).isEqualTo("id");
	}

	@Test
	void revokingAnUnknownKeyIsNotFound() {
		HttpResponse<String> response = send("DELETE", "/api/v1/api-keys/" + UUID.randomUUID(), ADMIN_KEY, null);

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(json.readTree(response.body()).get("type").asString())
			.isEqualTo("https://campaign-orchestrator.dev/problems/api-key-not-found");
	}

	@Test
	void aKeyRevokedByAnotherReplicaWorksHereUntilItsCacheEntryExpires() {
		String key = keyOf(uniqueTenant(), "reports:read");
		assertThat(send("GET", "/api/v1/_test/reports", key, null).statusCode()).isEqualTo(200);

		jdbc.update("update api_key set revoked_at = now()"
				+ " where key_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')", key);

		assertThat(send("GET", "/api/v1/_test/reports", key, null).statusCode()).isEqualTo(200);
	}

	private String keyOf(String tenant, String... roles) {
		HttpResponse<String> created = create("test key", tenant, roles);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json.readTree(created.body()).get("key").asString();
	}

	private HttpResponse<String> create(String name, String tenant, String... roles) {
		return send("POST", "/api/v1/api-keys", ADMIN_KEY, Map.of("name", name, "tenant", tenant, "roles", roles));
	}

	private HttpResponse<String> createAs(String asKey, String name, String tenant, String role) {
		return send("POST", "/api/v1/api-keys", asKey, Map.of("name", name, "tenant", tenant, "roles", List.of(role)));
	}

	private HttpResponse<String> send(String method, String path, String key, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))
					: HttpRequest.BodyPublishers.noBody());
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return Http.send(request.build());
	}

	private HttpResponse<String> sendWithAuthorization(String path, String authorization) {
		return Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Authorization", authorization)
			.GET()
			.build());
	}

	private static String uniqueTenant() {
		return "it-" + UUID.randomUUID();
	}

	/** Endpoints needing a role, for these tests only (off unless {@code test.security.endpoints}). */
	@RestController
	@ConditionalOnBooleanProperty("test.security.endpoints")
	static class TestEndpoints {

		@GetMapping("/api/v1/_test/reports")
		@Requires(Role.REPORTS_READ)
		Map<String, Object> reports(Caller caller) {
			return Map.of("tenant", caller.tenant(), "keyId", caller.keyId(), "name", caller.name());
		}

		@GetMapping("/api/v1/_test/unguarded")
		String unguarded() {
			return "open";
		}

	}

}
