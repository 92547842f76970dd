package dev.campaigns.orchestrator.connection;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider connection API: shapes, the credential kept secret, validation, roles and tenants. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ConnectionApiIntegrationTests {

	static final String PROBLEMS = "https://campaign-orchestrator.dev/problems/";

	static final String PATH = "/api/v1/provider-connections";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ProviderConnections connections;

	@Test
	void createsListsChangesAndDeletesWithoutEverShowingTheCredential(CapturedOutput output) {
		String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		Api admin = Api.at(port).keyFor(tenant, "admin");
		String credential = "pk_live_" + UUID.randomUUID();
		HttpResponse<String> created = admin.post(PATH, """
				{"name":"uk agents","dialect":"agents-v1","baseUrl":"https://api.uk-1.platform.polyai.app",
				 "credential":"%s","agentId":"agent-1","environment":"sandbox","callsPerSecond":5,"burst":0,
				 "maxConcurrentCalls":50,"statusRequestsPerSecond":2.5}""".formatted(credential));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode connection = json(created);
		String id = connection.get("id").asString();
		assertThat(created.headers().firstValue("Location")).hasValue(PATH + "/" + id);
		assertThat(connection.get("name").asString()).isEqualTo("uk agents");
		assertThat(connection.get("dialect").asString()).isEqualTo("agents-v1");
		assertThat(connection.get("agentId").asString()).isEqualTo("agent-1");
		assertThat(connection.get("callsPerSecond").asDouble()).isEqualTo(5);
		assertThat(connection.get("maxConcurrentCalls").asInt()).isEqualTo(50);
		assertThat(connection.get("enabled").asBoolean()).isTrue();
		assertThat(connection.get("credentialKeyId").asString()).isEqualTo("test-2026");
		assertThat(connection.get("credentialReadable").asBoolean()).isTrue();
		assertThat(connection.has("credential")).isFalse();

		HttpResponse<String> listed = admin.get(PATH);
		assertThat(json(listed).get("totalItems").asInt()).isEqualTo(1);
		assertThat(json(listed).at("/items/0/id").asString()).isEqualTo(id);
		HttpResponse<String> one = admin.get(PATH + "/" + id);
		assertThat(one.statusCode()).isEqualTo(200);

		String newCredential = "pk_live_rotated_" + UUID.randomUUID();
		HttpResponse<String> patched = admin.patch(PATH + "/" + id, """
				{"credential":"%s","callsPerSecond":10,"environment":null,"enabled":false}""".formatted(newCredential),
				"application/merge-patch+json");
		assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
		assertThat(json(patched).get("callsPerSecond").asDouble()).isEqualTo(10);
		assertThat(json(patched).get("environment").isNull()).isTrue();
		assertThat(json(patched).get("enabled").asBoolean()).isFalse();
		assertThat(json(patched).get("agentId").asString()).as("kept").isEqualTo("agent-1");
		assertThat(connections.credential(tenant, UUID.fromString(id))).hasValue(newCredential);

		for (HttpResponse<String> answer : List.of(created, listed, one, patched)) {
			assertThat(answer.body()).doesNotContain(credential).doesNotContain(newCredential);
		}
		assertThat(output.getAll()).doesNotContain(credential).doesNotContain(newCredential);

		assertThat(admin.delete(PATH + "/" + id).statusCode()).isEqualTo(204);
		assertThat(json(admin.get(PATH)).get("items").size()).isZero();
		assertThat(admin.delete(PATH + "/" + id).statusCode()).isEqualTo(404);
	}

	@Test
	void theCredentialIsStoredEncrypted() {
		String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		Api admin = Api.at(port).keyFor(tenant, "admin");
		String credential = "plain-credential-" + UUID.randomUUID();
		String id = create(admin, "stored", credential);

		byte[] stored = jdbc.sql("select credential_ciphertext from provider_connection where id = ?")
			.param(UUID.fromString(id)).query(byte[].class).single();
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(credential);
		assertThat(connections.credential(tenant, UUID.fromString(id))).hasValue(credential);

		assertThat(connections.disable("another-tenant", UUID.fromString(id))).isFalse();
		assertThat(connections.disable(tenant, UUID.fromString(id))).isTrue();
		assertThat(connections.find(tenant, UUID.fromString(id))).hasValueSatisfying(
				connection -> assertThat(connection.enabled()).isFalse());
		assertThat(connections.credential(tenant, UUID.fromString(id))).as("kept when disabled").hasValue(credential);
	}

	@Test
	void aRowUnderAKeyNoLongerConfiguredIsListedAsUnreadable() {
		String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		Api admin = Api.at(port).keyFor(tenant, "admin");
		String id = create(admin, "old key", "secret");
		jdbc.sql("update provider_connection set credential_key_id = 'retired' where id = ?")
			.param(UUID.fromString(id)).update();

		JsonNode listed = json(admin.get(PATH));
		assertThat(listed.at("/items/0/credentialKeyId").asString()).isEqualTo("retired");
		assertThat(listed.at("/items/0/credentialReadable").asBoolean()).isFalse();
		assertThatThrownBy(() -> connections.credential(tenant, UUID.fromString(id)))
			.isInstanceOf(UnreadableCredential.class).hasMessageNotContaining("secret");

		HttpResponse<String> replaced = admin.patch(PATH + "/" + id, "{\"credential\":\"fresh\"}",
				"application/merge-patch+json");
		assertThat(json(replaced).get("credentialKeyId").asString()).isEqualTo("test-2026");
		assertThat(json(replaced).get("credentialReadable").asBoolean()).isTrue();
	}

	@Test
	void badFieldsAreNamedAndNothingIsStored() {
		Api admin = Api.at(port).newTenant("admin");
		String valid = "\"dialect\":\"outbound-calling-v1\",\"baseUrl\":\"https://api.example.com\",\"credential\":\"t\"";
		assertInvalid(admin.post(PATH, "{\"name\":\"a\",\"dialect\":\"v9\",\"baseUrl\":\"https://api.example.com\","
				+ "\"credential\":\"t\"}"), "dialect");
		assertInvalid(admin.post(PATH, "{\"name\":\"a\",\"dialect\":\"outbound-calling-v1\","
				+ "\"baseUrl\":\"http://api.example.com\",\"credential\":\"t\"}"), "baseUrl");
		assertInvalid(admin.post(PATH, "{\"name\":\"" + "n".repeat(101) + "\"," + valid + "}"), "name");
		assertInvalid(admin.post(PATH, "{\"name\":\"a\",\"dialect\":\"outbound-calling-v1\","
				+ "\"baseUrl\":\"https://api.example.com\"}"), "credential");
		assertInvalid(admin.post(PATH, "{\"name\":\"a\"," + valid + ",\"callsPerSecond\":0}"), "callsPerSecond");
		assertInvalid(admin.post(PATH, "{\"name\":\"a\"," + valid + ",\"burst\":-1}"), "burst");
		assertInvalid(admin.post(PATH, "{\"name\":\"a\"," + valid + ",\"maxConcurrentCalls\":1.5}"),
				"maxConcurrentCalls");
		assertInvalid(admin.post(PATH, "{\"name\":\"a\"," + valid + ",\"secret\":\"x\"}"), "secret");
		assertInvalid(admin.post(PATH, "not json"), "body");
		assertThat(json(admin.get(PATH)).get("items").size()).isZero();

		String id = create(admin, "a", "t");
		assertInvalid(admin.patch(PATH + "/" + id, "{\"baseUrl\":null}", "application/merge-patch+json"), "baseUrl");
		assertInvalid(admin.patch(PATH + "/" + id, "{\"credential\":null}", "application/merge-patch+json"),
				"credential");
		assertInvalid(admin.patch(PATH + "/" + id, "{\"dialect\":\"platform-v1\"}", "application/merge-patch+json"),
				"accountId");
		assertThat(json(admin.get(PATH + "/" + id)).get("dialect").asString()).isEqualTo("outbound-calling-v1");
	}

	@Test
	void aStatusMappingIsStoredShownAndMergedStringByString() {
		Api admin = Api.at(port).newTenant("admin");
		HttpResponse<String> created = admin.post(PATH, "{\"name\":\"codes\",\"dialect\":\"outbound-calling-v1\","
				+ "\"baseUrl\":\"https://api.example.com\",\"credential\":\"t\",\"statusMapping\":{"
				+ "\"voicemail\":{\"status\":\"NO_ANSWER\"},\"Transfer\":{\"status\":\"IN_PROGRESS\",\"final\":false}}}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = json(created).get("id").asString();
		assertThat(json(created).get("statusMapping").toString())
			.isEqualTo("{\"Transfer\":{\"status\":\"IN_PROGRESS\",\"final\":false},"
					+ "\"voicemail\":{\"status\":\"NO_ANSWER\",\"final\":true}}");

		HttpResponse<String> patched = admin.patch(PATH + "/" + id, "{\"statusMapping\":{\"Transfer\":null,"
				+ "\"callback\":{\"status\":\"COMPLETED\"},\"voicemail\":{\"status\":\"BUSY\"}}}",
				"application/merge-patch+json");

		assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
		assertThat(json(admin.get(PATH + "/" + id)).get("statusMapping").toString())
			.isEqualTo("{\"callback\":{\"status\":\"COMPLETED\",\"final\":true},"
					+ "\"voicemail\":{\"status\":\"BUSY\",\"final\":true}}");
		assertThat(json(admin.patch(PATH + "/" + id, "{\"name\":\"renamed\"}", "application/merge-patch+json"))
			.get("statusMapping").size()).as("kept").isEqualTo(2);
		assertThat(json(admin.patch(PATH + "/" + id, "{\"statusMapping\":null}", "application/merge-patch+json"))
			.get("statusMapping").toString()).isEqualTo("{}");
		String none = create(admin, "none", "t");
		assertThat(json(admin.get(PATH + "/" + none)).get("statusMapping").toString()).isEqualTo("{}");
	}

	@Test
	void aBrokenStatusMappingIsNamedAndNothingIsStored() {
		Api admin = Api.at(port).newTenant("admin");
		String valid = "\"name\":\"a\",\"dialect\":\"outbound-calling-v1\",\"baseUrl\":\"https://api.example.com\","
				+ "\"credential\":\"t\"";
		for (String mapping : new String[] { "{\"success\":{\"status\":\"NO_ANSWER\"}}",
				"{\"voicemail\":{\"status\":\"STATUS_EXPIRED\"}}", "{\"voicemail\":{\"status\":\"LOST\"}}",
				"{\"voicemail\":{\"status\":\"NO_ANSWER\",\"final\":false}}", "{\"voicemail\":{\"final\":true}}",
				"{\"voicemail\":{\"status\":\"NO_ANSWER\",\"why\":1}}", "{\"voicemail\":\"NO_ANSWER\"}",
				"{\" \":{\"status\":\"NO_ANSWER\"}}", "{\"" + "v".repeat(101) + "\":{\"status\":\"NO_ANSWER\"}}",
				"[\"voicemail\"]" }) {
			assertInvalid(admin.post(PATH, "{" + valid + ",\"statusMapping\":" + mapping + "}"), "statusMapping");
		}
		assertThat(json(admin.get(PATH)).get("items").size()).isZero();
		String id = create(admin, "a", "t");
		assertInvalid(admin.patch(PATH + "/" + id, "{\"dialect\":\"platform-v1\",\"accountId\":\"a\","
				+ "\"projectId\":\"p\",\"statusMapping\":{\"busy\":{\"status\":\"FAILED\"}}}",
				"application/merge-patch+json"), "statusMapping");
	}

	@Test
	void aNameIsUniqueInItsTenant() {
		Api admin = Api.at(port).newTenant("admin");
		create(admin, "main", "t");
		String other = create(admin, "other", "t");

		HttpResponse<String> taken = admin.post(PATH, body("main", "t"));
		assertThat(taken.statusCode()).isEqualTo(409);
		assertThat(json(taken).get("type").asString()).isEqualTo(PROBLEMS + "provider-connection-name-taken");
		assertThat(admin.patch(PATH + "/" + other, "{\"name\":\"main\"}", "application/merge-patch+json")
			.statusCode()).isEqualTo(409);
		assertThat(Api.at(port).newTenant("admin").post(PATH, body("main", "t")).statusCode()).isEqualTo(201);
	}

	@Test
	void onlyAdminsManageConnections() {
		for (String role : List.of("campaigns:write", "reports:read")) {
			Api notAdmin = Api.at(port).newTenant(role);
			assertThat(notAdmin.get(PATH).statusCode()).as(role).isEqualTo(403);
			assertThat(notAdmin.post(PATH, body("x", "t")).statusCode()).as(role).isEqualTo(403);
		}
		assertThat(Api.at(port).as(null).get(PATH).statusCode()).isEqualTo(401);
	}

	@Test
	void anotherTenantsConnectionIsNotFound() {
		Api owner = Api.at(port).newTenant("admin");
		String id = create(owner, "mine", "t");
		Api stranger = Api.at(port).newTenant("admin");

		assertThat(json(stranger.get(PATH)).get("items").size()).isZero();
		for (HttpResponse<String> answer : List.of(stranger.get(PATH + "/" + id),
				stranger.patch(PATH + "/" + id, "{\"name\":\"taken over\"}", "application/merge-patch+json"),
				stranger.delete(PATH + "/" + id), stranger.get(PATH + "/" + UUID.randomUUID()))) {
			assertThat(answer.statusCode()).isEqualTo(404);
			assertThat(json(answer).get("type").asString()).isEqualTo(PROBLEMS + "provider-connection-not-found");
		}
		assertThat(json(owner.get(PATH + "/" + id)).get("name").asString()).isEqualTo("mine");
	}

	private static String create(Api admin, String name, String credential) {
		HttpResponse<String> created = admin.post(PATH, body(name, credential));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created).get("id").asString();
	}

	private static String body(String name, String credential) {
		return "{\"name\":\"" + name + "\",\"dialect\":\"outbound-calling-v1\",\"baseUrl\":\"https://api.example.com\","
				+ "\"credential\":\"" + credential + "\"}";
	}

	private static void assertInvalid(HttpResponse<String> response, String field) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		JsonNode problem = json(response);
		assertThat(problem.get("type").asString()).isEqualTo(PROBLEMS + "invalid-request");
		assertThat(problem.at("/errors/0/field").asString()).as(response.body()).isEqualTo(field);
	}

}
