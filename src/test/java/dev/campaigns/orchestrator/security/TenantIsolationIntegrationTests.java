package dev.campaigns.orchestrator.security;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the API document, called by a key of another tenant holding each role
 * in turn, on tenant A's objects: a missing role is a 403, another tenant's object a 404, a
 * list or a create the caller's own tenant only, and never A's data in the answer. Only a
 * {@code platform:admin} manages another tenant's keys. The operations come from
 * {@code docs/openapi.json}, so a new endpoint without a row here fails; the table of
 * {@code docs/access.md} is written from the same rows (with {@code -Ddocs.write=true}) and
 * compared with them.
 */
@IntegrationTest
class TenantIsolationIntegrationTests {

	private static final Path DOCUMENT = Path.of("docs", "openapi.json");

	private static final Path TABLE = Path.of("docs", "access.md");

	private static final List<Role> ROLES = List.of(Role.REPORTS_READ, Role.CAMPAIGNS_WRITE, Role.CALLS_REPORT,
			Role.ADMIN, Role.PLATFORM_ADMIN);

	/** Operations a platform admin performs on any tenant; everything else is per tenant. */
	private static final Set<String> ACROSS_TENANTS = Set.of("createApiKey", "listApiKeys", "revokeApiKey");

	private static final String A_NUMBER = "+442079460901";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;


	@Test
	void anotherTenantsKeySeesNoneOfItsObjectsAndALesserRoleIsForbidden() throws IOException {
		TenantA a = tenantA();
		Map<String, Probe> probes = probes(a);
		Map<String, Operation> operations = operations();
		assertThat(probes.keySet()).as("every operation of the document has a probe here")
			.containsExactlyInAnyOrderElementsOf(operations.keySet());

		String tenantB = "tenant-b-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, Map<Role, String>> table = new TreeMap<>();
		List<String> failures = new ArrayList<>();
		for (Operation operation : operations.values()) {
			Map<Role, String> row = new LinkedHashMap<>();
			for (Role role : ROLES) {
				Api b = Api.at(port).keyFor(tenantB, role.code());
				Expectation expected = expectation(operation, role);
				row.put(role, expected.cell);
				HttpResponse<String> answer = probes.get(operation.id).send(b);
				String why = expected.check(answer, a, probes.get(operation.id));
				if (why != null) {
					failures.add(operation + " as " + role.code() + " of another tenant: " + why + " (" + answer.statusCode()
							+ " " + answer.body() + ")");
				}
			}
			table.put(operation.toString(), row);
		}
		assertThat(failures).isEmpty();
		aStillHasEverything(a);
		assertThat(Api.at(port).newTenant("admin").post("/api/v1/api-keys",
				"{\"name\":\"x\",\"roles\":[\"platform:admin\"]}").statusCode())
			.as("an admin cannot grant platform:admin").isEqualTo(403);

		String markdown = markdown(table);
		if (Boolean.getBoolean("docs.write")) {
			Files.writeString(TABLE, markdown);
		}
		assertThat(Files.readString(TABLE)).as(TABLE + " is written by this test: regenerate it with ./mvnw verify"
				+ " -Dit.test=TenantIsolationIntegrationTests -Ddocs.write=true").isEqualTo(markdown);
	}

	private Expectation expectation(Operation operation, Role role) {
		if (operation.roles.stream().noneMatch(role::implies)) {
			return Expectation.FORBIDDEN;
		}
		if (ACROSS_TENANTS.contains(operation.id)) {
			if (role == Role.PLATFORM_ADMIN) {
				return Expectation.EVERY_TENANT;
			}
			if (!operation.path.contains("{")) {
				// the probe names tenant A: acting across tenants is a function only a platform admin has
				return Expectation.FORBIDDEN_ACROSS;
			}
		}
		return operation.path.contains("{") ? Expectation.NOT_FOUND : Expectation.OWN_TENANT;
	}

	/** Tenant A: a campaign with a recipient and a call, a webhook with a delivery, a suppression, two keys. */
	private TenantA tenantA() {
		String tenant = "tenant-a-" + UUID.randomUUID().toString().substring(0, 8);
		Api admin = Api.at(port).keyFor(tenant, "admin");
		JsonNode campaign = json(admin.post("/api/v1/campaigns", """
				{"name":"A's campaign","schedule":{"startAt":"%s"},
				 "recipients":[{"phoneNumber":"%s","externalId":"a-secret"}]}"""
			.formatted(Instant.now().plus(Duration.ofDays(7)), A_NUMBER)));
		String campaignId = campaign.get("id").asString();
		JsonNode recipient = json(admin.get("/api/v1/campaigns/" + campaignId + "/recipients")).get("items").get(0);
		// a call of A's, as the dispatcher would have recorded it (dispatch rounds here would first work
		// through every other test's backlog in the shared database)
		String callSid = "CA-a-" + UUID.randomUUID();
		jdbc.sql("insert into call_attempt (recipient_id, campaign_id, attempt, call_sid, phase, status, raw_status,"
				+ " created_at, triggered_at, ended_at) values (?, ?, 1, ?, 'FINAL', 'COMPLETED', 'completed', now(),"
				+ " now(), now())")
			.params(recipient.get("id").asLong(), UUID.fromString(campaignId), callSid)
			.update();
		String webhook = json(admin.post("/api/v1/webhooks",
				"{\"url\":\"http://127.0.0.1:9/a\",\"events\":[\"campaign.completed\"]}")).get("id").asString();
		long outbox = jdbc.sql("insert into outbox (tenant, event_type, payload, created_at, routed_at)"
				+ " values (?, 'campaign.completed', '{}'::jsonb, now(), now()) returning id").param(tenant)
			.query(Long.class).single();
		long delivery = jdbc.sql("insert into webhook_delivery (subscription_id, outbox_id, state, created_at,"
				+ " delivered_at) values (?, ?, 'DELIVERED', now(), now()) returning id")
			.param(UUID.fromString(webhook)).param(outbox).query(Long.class).single();
		admin.post("/api/v1/suppressions", "{\"phoneNumber\":\"+442079460902\",\"reason\":\"a-secret\"}");
		String connection = json(admin.post("/api/v1/provider-connections", "{\"name\":\"a-secret\","
				+ "\"dialect\":\"outbound-calling-v1\",\"baseUrl\":\"https://a.example.com\",\"credential\":\"a-credential\"}"))
			.get("id").asString();
		String key = json(admin.post("/api/v1/api-keys", "{\"name\":\"a key\",\"roles\":[\"reports:read\"]}"))
			.get("id").asString();
		String throwaway = json(admin.post("/api/v1/api-keys", "{\"name\":\"a spare\",\"roles\":[\"reports:read\"]}"))
			.get("id").asString();
		return new TenantA(tenant, admin, campaignId, recipient.get("id").asLong(), callSid, webhook, delivery, key,
				throwaway, connection);
	}

	private record TenantA(String tenant, Api admin, String campaign, long recipient, String callSid, String webhook,
			long delivery, String key, String spareKey, String connection) {

		/** What of A's must never appear in another tenant's answer. */
		List<String> secrets() {
			return List.of(tenant, campaign, callSid, webhook, key, connection, A_NUMBER, "a-secret", "a-credential");
		}

	}

	private static Map<String, Probe> probes(TenantA a) {
		String campaign = "/api/v1/campaigns/" + a.campaign;
		String webhook = "/api/v1/webhooks/" + a.webhook;
		String newCampaign = "{\"name\":\"B's\",\"recipients\":[{\"phoneNumber\":\"+442079460903\"}]}";
		Map<String, Probe> probes = new LinkedHashMap<>();
		probes.put("listCampaigns", new Probe("GET", "/api/v1/campaigns?size=500", null, null));
		probes.put("createCampaign", new Probe("POST", "/api/v1/campaigns", newCampaign, "application/json"));
		probes.put("previewCampaign", new Probe("POST", "/api/v1/campaigns/preview", newCampaign, "application/json"));
		probes.put("getCampaign", new Probe("GET", campaign, null, null));
		probes.put("listRecipients", new Probe("GET", campaign + "/recipients", null, null));
		probes.put("appendRecipients", new Probe("POST", campaign + "/recipients",
				"phone_number\n+442079460904\n", "text/csv"));
		probes.put("getRecipient", new Probe("GET", campaign + "/recipients/" + a.recipient, null, null));
		probes.put("getRecipientByExternalId", new Probe("GET", campaign + "/recipients/by-external-id/a-secret", null,
				null));
		probes.put("cancelRecipient", new Probe("DELETE", campaign + "/recipients/" + a.recipient, null, null));
		probes.put("cancelRecipientByExternalId", new Probe("DELETE", campaign + "/recipients/by-external-id/a-secret",
				null, null));
		probes.put("updateRecipient", new Probe("PATCH", campaign + "/recipients/" + a.recipient,
				"{\"notBefore\":\"2030-01-08T11:00:00Z\"}", "application/merge-patch+json"));
		probes.put("updateRecipientByExternalId", new Probe("PATCH", campaign + "/recipients/by-external-id/a-secret",
				"{\"metadata\":{\"note\":\"b's\"}}", "application/merge-patch+json"));
		probes.put("requeueRecipient", new Probe("POST", campaign + "/recipients/" + a.recipient + "/requeue", null,
				null));
		probes.put("listCampaignEvents", new Probe("GET", campaign + "/events", null, null));
		probes.put("pauseCampaign", new Probe("POST", campaign + "/pause", null, null));
		probes.put("resumeCampaign", new Probe("POST", campaign + "/resume", null, null));
		probes.put("cancelCampaign", new Probe("POST", campaign + "/cancel", null, null));
		probes.put("completeCampaign", new Probe("POST", campaign + "/complete", null, null));
		probes.put("editCampaign", new Probe("PATCH", campaign, "{\"name\":\"B was here\"}",
				"application/merge-patch+json"));
		probes.put("getCampaignReport", new Probe("GET", campaign + "/report", null, null));
		probes.put("getCall", new Probe("GET", "/api/v1/calls/" + a.callSid, null, null));
		probes.put("reportCallOutcome", new Probe("POST", "/api/v1/calls/" + a.callSid + "/outcome",
				"{\"detection\":\"NOT_IN_SERVICE\",\"notes\":\"b's\"}", "application/json"));
		probes.put("listSuppressions", new Probe("GET", "/api/v1/suppressions?size=500", null, null));
		probes.put("addSuppression", new Probe("POST", "/api/v1/suppressions",
				"{\"phoneNumber\":\"+442079460905\"}", "application/json"));
		probes.put("importSuppressions", new Probe("POST", "/api/v1/suppressions/import",
				"phone_number\n+442079460906\n", "text/csv"));
		probes.put("removeSuppression", new Probe("DELETE", "/api/v1/suppressions/+442079460902", null, null));
		probes.put("listWebhooks", new Probe("GET", "/api/v1/webhooks", null, null));
		probes.put("createWebhook", new Probe("POST", "/api/v1/webhooks",
				"{\"url\":\"http://127.0.0.1:9/b\",\"events\":[\"campaign.completed\"]}", "application/json"));
		probes.put("getWebhook", new Probe("GET", webhook, null, null));
		probes.put("deleteWebhook", new Probe("DELETE", webhook, null, null));
		probes.put("rotateWebhookSecret", new Probe("POST", webhook + "/rotate-secret", null, null));
		probes.put("retirePreviousWebhookSecret", new Probe("POST", webhook + "/retire-previous-secret", null, null));
		probes.put("listWebhookDeliveries", new Probe("GET", webhook + "/deliveries", null, null));
		probes.put("redeliverWebhookDelivery", new Probe("POST",
				"/api/v1/webhooks/deliveries/" + a.delivery + "/redeliver", null, null));
		String connection = "/api/v1/provider-connections/" + a.connection;
		probes.put("listProviderConnections", new Probe("GET", "/api/v1/provider-connections", null, null));
		probes.put("createProviderConnection", new Probe("POST", "/api/v1/provider-connections",
				"{\"name\":\"b's {unique}\",\"dialect\":\"outbound-calling-v1\",\"baseUrl\":\"https://b.example.com\","
						+ "\"credential\":\"b\"}", "application/json"));
		probes.put("getProviderConnection", new Probe("GET", connection, null, null));
		probes.put("updateProviderConnection", new Probe("PATCH", connection, "{\"name\":\"B was here\"}",
				"application/merge-patch+json"));
		probes.put("deleteProviderConnection", new Probe("DELETE", connection, null, null));
		probes.put("listApiKeys", new Probe("GET", "/api/v1/api-keys?size=500&tenant=" + a.tenant, null, null));
		probes.put("createApiKey", new Probe("POST", "/api/v1/api-keys",
				"{\"name\":\"b's\",\"tenant\":\"" + a.tenant + "\",\"roles\":[\"reports:read\"]}", "application/json"));
		probes.put("revokeApiKey", new Probe("DELETE", "/api/v1/api-keys/" + a.spareKey, null, null));
		return probes;
	}

	/** A's objects are all there, untouched, after every other tenant's attempt. */
	private void aStillHasEverything(TenantA a) {
		JsonNode campaign = json(a.admin.get("/api/v1/campaigns/" + a.campaign));
		assertThat(campaign.get("status").asString()).isEqualTo("SCHEDULED");
		assertThat(campaign.get("name").asString()).isEqualTo("A's campaign");
		assertThat(campaign.get("counts").get("total").asLong()).isEqualTo(1);
		JsonNode recipient = json(a.admin.get("/api/v1/campaigns/" + a.campaign + "/recipients/" + a.recipient));
		assertThat(recipient.path("notBefore").isNull() || recipient.path("notBefore").isMissingNode())
			.as("not updated by another tenant").isTrue();
		assertThat(recipient.get("metadata").isEmpty()).as("not updated by another tenant").isTrue();
		assertThat(a.admin.get("/api/v1/webhooks/" + a.webhook).statusCode()).isEqualTo(200);
		assertThat(json(a.admin.get("/api/v1/provider-connections/" + a.connection)).get("name").asString())
			.as("not updated by another tenant").isEqualTo("a-secret");
		assertThat(json(a.admin.get("/api/v1/suppressions")).get("totalItems").asLong())
			.as("no report of another tenant's suppressed A's number").isEqualTo(1);
		assertThat(json(a.admin.get("/api/v1/calls/" + a.callSid)).get("outcome").isNull())
			.as("no report of another tenant reached A's call").isTrue();
		assertThat(json(a.admin.get("/api/v1/api-keys?size=500")).findValuesAsString("id")).contains(a.key);
	}

	private record Probe(String method, String path, @Nullable String body, @Nullable String contentType) {

		/** Sends the probe; {@code {unique}} in the body becomes a new value each time (for names unique per tenant). */
		HttpResponse<String> send(Api api) {
			String sent = body == null ? null : body.replace("{unique}", UUID.randomUUID().toString().substring(0, 8));
			return switch (method) {
				case "GET" -> api.get(path);
				case "DELETE" -> api.delete(path);
				case "PATCH" -> api.patch(path, sent, contentType);
				default -> sent == null ? api.postEmpty(path) : api.post(path, sent, contentType, null);
			};
		}

	}

	private enum Expectation {

		FORBIDDEN("403"), FORBIDDEN_ACROSS("own tenant only; 403 naming another"), NOT_FOUND("own tenant only (404)"),
		OWN_TENANT("own tenant only"), EVERY_TENANT("every tenant");

		final String cell;

		Expectation(String cell) {
			this.cell = cell;
		}

		/** Null when the answer is as expected, else why not. */
		@Nullable String check(HttpResponse<String> answer, TenantA a, Probe probe) {
			return switch (this) {
				case FORBIDDEN, FORBIDDEN_ACROSS -> answer.statusCode() == 403 ? null : "expected 403";
				case NOT_FOUND -> answer.statusCode() == 404 ? leaks(answer, a, probe) : "expected 404";
				case OWN_TENANT -> answer.statusCode() < 300 ? leaks(answer, a, probe)
						: "expected a success on its own tenant";
				case EVERY_TENANT -> answer.statusCode() < 300 ? null : "a platform admin acts on every tenant";
			};
		}

		/** What of A's the answer holds that the caller did not send itself. */
		private static @Nullable String leaks(HttpResponse<String> answer, TenantA a, Probe probe) {
			return a.secrets().stream().filter((secret) -> !probe.path.contains(secret))
				.filter(answer.body()::contains).findFirst()
				.map((secret) -> "the answer holds tenant A's " + secret).orElse(null);
		}

	}

	private record Operation(String id, String method, String path, List<Role> roles) {

		@Override
		public String toString() {
			return method + " " + path;
		}

	}

	private static Map<String, Operation> operations() throws IOException {
		JsonNode paths = JsonMapper.builder().build().readTree(Files.readString(DOCUMENT)).get("paths");
		Map<String, Operation> operations = new TreeMap<>();
		paths.properties().forEach((path) -> path.getValue().properties().forEach((method) -> {
			JsonNode operation = method.getValue();
			List<Role> roles = new ArrayList<>();
			operation.get("x-roles").forEach((role) -> roles.add(Role.ofCode(role.asString()).orElseThrow()));
			String id = operation.get("operationId").asString();
			operations.put(id, new Operation(id, method.getKey().toUpperCase(), path.getKey(), roles));
		}));
		return operations;
	}

	private static String markdown(Map<String, Map<Role, String>> table) {
		StringBuilder md = new StringBuilder("""
				# Who may do what

				Every operation of the API by the role of the calling key, on another tenant's objects.
				Written by `TenantIsolationIntegrationTests`, which calls each operation with a key of each
				role of another tenant and checks the answer: `403` for a missing role, `404` for another
				tenant's object, only the caller's own tenant's data otherwise, and never another tenant's
				data in any answer. `admin` implies the other roles within its tenant; `platform:admin` (the
				bootstrap key's role) implies every role and manages every tenant's keys.

				| operation |""");
		ROLES.forEach((role) -> md.append(" `").append(role.code()).append("` |"));
		md.append("\n|---|").append("---|".repeat(ROLES.size())).append('\n');
		table.forEach((operation, row) -> {
			md.append("| `").append(operation).append("` |");
			row.values().forEach((cell) -> md.append(' ').append(cell).append(" |"));
			md.append('\n');
		});
		return md.toString();
	}

}
