package dev.campaigns.orchestrator.notify;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The subscription API: shapes, validation, roles and tenant isolation. */
@IntegrationTest
@Import(WebhookFixtures.SimulatedTime.class)
@TestPropertySource(properties = { "orchestrator.dispatch.calls-per-second=1000", "orchestrator.dispatch.burst=1000",
		"orchestrator.status.requests-per-second=1000", "orchestrator.sandbox.seed=7",
		"orchestrator.notify.enabled=false", "orchestrator.notify.max-attempts=4" })
class WebhookApiIntegrationTests {

	static final String PROBLEMS = "https://campaign-orchestrator.dev/problems/";

	@LocalServerPort
	int port;

	@Test
	void createsListsAndDeletesSubscriptionsShowingTheSecretOnlyOnce() {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		HttpResponse<String> created = tenant.post("/api/v1/webhooks",
				"{\"url\":\"https://hooks.example.com/orchestrator?token=a\","
						+ "\"events\":[\"recipient.completed\",\"campaign.completed\",\"recipient.completed\"]}");
		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode webhook = json(created);
		String id = webhook.get("id").asString();
		assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/webhooks/" + id);
		assertThat(webhook.get("url").asString()).isEqualTo("https://hooks.example.com/orchestrator?token=a");
		assertThat(strings(webhook.get("events"))).containsExactly("recipient.completed", "campaign.completed");
		assertThat(webhook.get("secret").asString()).matches("[A-Za-z0-9_-]{43}");
		assertThat(webhook.get("createdAt").asString()).isNotBlank();

		JsonNode listed = json(tenant.get("/api/v1/webhooks"));
		assertThat(listed.get("totalItems").asInt()).isEqualTo(1);
		assertThat(listed.at("/items/0/id").asString()).isEqualTo(id);
		assertThat(listed.at("/items/0").has("secret")).isFalse();
		assertThat(tenant.get("/api/v1/webhooks/" + id).body()).doesNotContain(webhook.get("secret").asString());
		assertThat(json(tenant.get("/api/v1/webhooks/" + id + "/deliveries")).get("items").size()).isZero();

		assertThat(tenant.delete("/api/v1/webhooks/" + id).statusCode()).isEqualTo(204);
		assertThat(json(tenant.get("/api/v1/webhooks")).get("items").size()).isZero();
		assertThat(tenant.delete("/api/v1/webhooks/" + id).statusCode()).isEqualTo(404);
	}

	@Test
	void anotherTenantsSubscriptionIsNotFound() {
		Api owner = Api.at(port).newTenant("campaigns:write");
		String id = json(owner.post("/api/v1/webhooks",
				"{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"campaign.completed\"]}")).get("id").asString();
		Api stranger = Api.at(port).newTenant("admin");

		assertThat(json(stranger.get("/api/v1/webhooks")).get("items").size()).isZero();
		for (HttpResponse<String> response : List.of(stranger.get("/api/v1/webhooks/" + id),
				stranger.get("/api/v1/webhooks/" + id + "/deliveries"),
				stranger.postEmpty("/api/v1/webhooks/" + id + "/rotate-secret"),
				stranger.postEmpty("/api/v1/webhooks/" + id + "/retire-previous-secret"),
				stranger.delete("/api/v1/webhooks/" + id), stranger.get("/api/v1/webhooks/" + UUID.randomUUID()))) {
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(json(response).get("type").asString()).isEqualTo(PROBLEMS + "webhook-not-found");
		}
		assertThat(owner.get("/api/v1/webhooks/" + id).statusCode()).isEqualTo(200);
	}

	@Test
	void onlyCampaignWritersAndAdminsManageWebhooks() {
		String body = "{\"url\":\"https://hooks.example.com/x\",\"events\":[\"campaign.completed\"]}";
		Api reader = Api.at(port).newTenant("reports:read");
		assertThat(reader.get("/api/v1/webhooks").statusCode()).isEqualTo(403);
		assertThat(reader.post("/api/v1/webhooks", body).statusCode()).isEqualTo(403);
		assertThat(Api.at(port).as(null).get("/api/v1/webhooks").statusCode()).isEqualTo(401);
		assertThat(Api.at(port).newTenant("admin").post("/api/v1/webhooks", body).statusCode()).isEqualTo(201);
		assertThat(Api.at(port).newTenant("campaigns:write").post("/api/v1/webhooks", body).statusCode())
			.isEqualTo(201);
	}

	@Test
	void rejectsUrlsThatAreNotAbsoluteHttpAndUnknownEvents() {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		assertInvalid(tenant.post("/api/v1/webhooks", "{\"url\":\"ftp://hooks.example.com/x\","
				+ "\"events\":[\"campaign.completed\"]}"), "url");
		assertInvalid(tenant.post("/api/v1/webhooks", "{\"url\":\"/relative/path\","
				+ "\"events\":[\"campaign.completed\"]}"), "url");
		assertInvalid(tenant.post("/api/v1/webhooks", "{\"url\":\"https://user:pw@hooks.example.com/\","
				+ "\"events\":[\"campaign.completed\"]}"), "url");
		assertInvalid(tenant.post("/api/v1/webhooks", "{\"events\":[\"campaign.completed\"]}"), "url");
		assertInvalid(tenant.post("/api/v1/webhooks", "{\"url\":\"https://hooks.example.com/x\",\"events\":[]}"),
				"events");
		assertInvalid(tenant.post("/api/v1/webhooks", "{\"url\":\"https://hooks.example.com/x\","
				+ "\"events\":[\"campaign.completed\",\"call.started\"]}"), "events[1]");
		assertInvalid(tenant.post("/api/v1/webhooks", "not json"), "body");
		assertThat(json(tenant.get("/api/v1/webhooks")).get("items").size()).isZero();
	}

	@Test
	void unknownFieldsWrongTypesAndRepeatedFieldsAreRejectedNotIgnored() {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		assertInvalid(tenant.post("/api/v1/webhooks", "{\"url\":\"https://hooks.example.com/x\","
				+ "\"events\":[\"campaign.completed\"],\"secret\":\"mine\"}"), "secret");
		assertInvalid(tenant.post("/api/v1/webhooks", "{\"url\":\"https://hooks.example.com/x\","
				+ "\"events\":[\"campaign.completed\",true]}"), "events[1]");
		assertInvalid(tenant.post("/api/v1/webhooks", "{\"url\":\"https://hooks.example.com/x\","
				+ "\"url\":\"https://elsewhere.example.com/\",\"events\":[\"campaign.completed\"]}"), "body");
		assertInvalid(tenant.post("/api/v1/webhooks", "{\"url\":\"https://hooks.example.com/\\ud800\","
				+ "\"events\":[\"campaign.completed\"]}"), "url");
		assertThat(json(tenant.get("/api/v1/webhooks")).get("items").size()).isZero();
	}

	@Test
	void aContentTypeThatIsNotJsonIsAnUnsupportedMediaTypeProblem() {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		for (String contentType : new String[] { "application/*", "text/plain" }) {
			HttpResponse<String> response = tenant.post("/api/v1/webhooks",
					"{\"url\":\"https://hooks.example.com/x\",\"events\":[\"campaign.completed\"]}", contentType, null);

			assertThat(response.statusCode()).as(contentType).isEqualTo(415);
			assertThat(json(response).get("type").asString()).isEqualTo(PROBLEMS + "unsupported-media-type");
		}
	}

	private static void assertInvalid(HttpResponse<String> response, String field) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		JsonNode problem = json(response);
		assertThat(problem.get("type").asString()).isEqualTo(PROBLEMS + "invalid-request");
		assertThat(problem.at("/errors/0/field").asString()).isEqualTo(field);
		assertThat(problem.at("/errors/0/reason").asString()).isNotBlank();
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(value -> values.add(value.asString()));
		return values;
	}

}
