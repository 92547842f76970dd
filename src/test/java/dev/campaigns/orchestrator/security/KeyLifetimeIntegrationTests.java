package dev.campaigns.orchestrator.security;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.campaigns.orchestrator.OrchestratorApplication;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A key's life: it may carry an expiry and stops working then; its listing shows its last use;
 * a revocation stops it at once on the replica that revoked it and, on another replica (a
 * second application context on the same database), within {@code key-cache-ttl}.
 */
@IntegrationTest
@TestPropertySource(properties = "orchestrator.security.key-cache-ttl=" + KeyLifetimeIntegrationTests.CACHE_TTL)
class KeyLifetimeIntegrationTests {

	static final String CACHE_TTL = "3s";

	@LocalServerPort
	int port;

	@Test
	void aKeyWorksUntilItsExpiryAndItsListingShowsTheExpiryAndTheLastUse() {
		Instant expiresAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MICROS);
		JsonNode created = json(Api.at(port).post("/api/v1/api-keys", "{\"name\":\"short-lived\",\"tenant\":\"t-"
				+ port + "\",\"roles\":[\"reports:read\"],\"expiresAt\":\"" + expiresAt + "\"}"));
		assertThat(Instant.parse(created.get("expiresAt").asString())).isEqualTo(expiresAt);
		Api key = Api.at(port).as(created.get("key").asString());

		assertThat(key.get("/api/v1/campaigns").statusCode()).isEqualTo(200);
		JsonNode listed = listed(created.get("id").asString());
		assertThat(Instant.parse(listed.get("expiresAt").asString())).isEqualTo(expiresAt);
		assertThat(listed.get("lastUsedAt").isNull()).as("the use is shown").isFalse();

		await().atMost(Duration.ofSeconds(15)).until(() -> key.get("/api/v1/campaigns").statusCode() == 401);
		assertThat(Instant.now()).isAfterOrEqualTo(expiresAt);
		HttpResponse<String> expired = key.get("/api/v1/campaigns");
		assertThat(json(expired).get("detail").asString()).contains("expired");
	}

	@Test
	void anExpiryInThePastIsRefused() {
		HttpResponse<String> refused = Api.at(port).post("/api/v1/api-keys",
				"{\"name\":\"late\",\"roles\":[\"reports:read\"],\"expiresAt\":\"2020-01-01T00:00:00Z\"}");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(json(refused).at("/errors/0/field").asString()).isEqualTo("expiresAt");
	}

	@Test
	void aRevocationReachesAnotherReplicaWithinTheCacheTime() {
		try (ConfigurableApplicationContext other = new SpringApplicationBuilder(OrchestratorApplication.class)
			.profiles("test")
			.initializers(new TestDatabase.Initializer())
			.properties("orchestrator.security.key-cache-ttl=" + CACHE_TTL)
			.run("--server.port=0")) {
			int otherPort = ((WebServerApplicationContext) other).getWebServer().getPort();
			JsonNode created = json(Api.at(port).post("/api/v1/api-keys",
					"{\"name\":\"revoked soon\",\"tenant\":\"t-" + port + "\",\"roles\":[\"reports:read\"]}"));
			Api here = Api.at(port).as(created.get("key").asString());
			Api there = Api.at(otherPort).as(created.get("key").asString());
			assertThat(there.get("/api/v1/campaigns").statusCode()).as("cached on the other replica").isEqualTo(200);

			assertThat(Api.at(port).delete("/api/v1/api-keys/" + created.get("id").asString()).statusCode())
				.isEqualTo(204);
			Instant revoked = Instant.now();

			assertThat(here.get("/api/v1/campaigns").statusCode()).as("at once where revoked").isEqualTo(401);
			await().atMost(Duration.parse("PT" + CACHE_TTL).plusSeconds(2))
				.until(() -> there.get("/api/v1/campaigns").statusCode() == 401);
			assertThat(Duration.between(revoked, Instant.now()))
				.isLessThanOrEqualTo(Duration.parse("PT" + CACHE_TTL).plusSeconds(2));
		}
	}

	private JsonNode listed(String id) {
		for (JsonNode key : json(Api.at(port).get("/api/v1/api-keys?size=500&tenant=t-" + port)).get("items")) {
			if (key.get("id").asString().equals(id)) {
				return key;
			}
		}
		throw new AssertionError("key " + id + " is not listed");
	}

}
