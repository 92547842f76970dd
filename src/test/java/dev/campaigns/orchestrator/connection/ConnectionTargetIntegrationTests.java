package dev.campaigns.orchestrator.connection;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.ControlledDns;
import dev.campaigns.testsupport.IntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored connection's base URL must reach a public address (server-side request forgery):
 * checked when it is given, and again before each trigger, with a DNS the test controls and no
 * loopback allowed (unlike the other tests' profile). Internal targets listed in
 * {@code allowed-internal-targets} are accepted; cloud metadata never is.
 */
@IntegrationTest
@Import(ControlledDns.class)
@TestPropertySource(properties = { "orchestrator.connections.allow-loopback-http=false",
		"orchestrator.connections.allowed-internal-targets=10.20.0.0/16,pbx.internal.example,169.254.169.254",
		"orchestrator.dispatch.enabled=true" })
class ConnectionTargetIntegrationTests {

	static final String CONNECTIONS = "/api/v1/provider-connections";

	static final String REFUSED = "must reach a public address: its host ";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ControlledDns dns;

	Api admin;

	@BeforeEach
	void freshTenant() {
		admin = Api.at(port).keyFor("tenant-" + UUID.randomUUID().toString().substring(0, 8), "admin");
		dns.answer("api.example.com", "93.184.216.34");
		dns.answer("intranet.example.com", "192.168.1.20");
		dns.answer("metadata.example.com", "169.254.169.254");
		dns.answer("pbx.internal.example", "10.99.0.1");
		// tests on simulated clocks may have used the default connection's budgets into their future
		jdbc.sql("delete from rate_limit").update();
	}

	@Test
	void aBaseUrlThatReachesAnInternalAddressIsRefusedOnCreateAndOnPatchNamingTheField() {
		Map<String, String> refusals = Map.of("https://10.1.2.3/", "is a private",
				"https://169.254.169.254/latest", "is a cloud metadata", "https://[::1]/", "is a loopback",
				"https://[::ffff:10.1.2.3]/", "is a private",
				"https://intranet.example.com/polyai", "resolves to a private",
				"https://metadata.example.com/", "resolves to a cloud metadata");
		String kept = create("kept", "https://api.example.com/polyai");
		refusals.forEach((url, reason) -> {
			assertRefused(admin.post(CONNECTIONS, body("refused", url)), url, reason);
			assertRefused(admin.patch(CONNECTIONS + "/" + kept, "{\"baseUrl\":\"" + url + "\"}",
					"application/merge-patch+json"), url, reason);
		});

		JsonNode listed = json(admin.get(CONNECTIONS));
		assertThat(listed.get("totalItems").asInt()).as("nothing stored").isEqualTo(1);
		assertThat(listed.at("/items/0/baseUrl").asString()).as("nothing changed")
			.isEqualTo("https://api.example.com/polyai");
	}

	@Test
	void allowedInternalTargetsAndHostsThatDoNotResolveYetAreAccepted() {
		create("allowed block", "https://10.20.1.2/");
		create("allowed name", "https://pbx.internal.example/polyai");
		// checked again before each request: nothing is sent while it has no address
		create("not yet", "https://not-yet.example.com/");
		String moved = create("moved", "https://api.example.com/");

		HttpResponse<String> patched = admin.patch(CONNECTIONS + "/" + moved, "{\"baseUrl\":\"https://10.20.9.9/\"}",
				"application/merge-patch+json");
		assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
	}

	@Test
	void aConnectionWhoseHostLaterResolvesInternallySendsNothingAndItsCampaignPausesWithTheReason() {
		String host = "rebind-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
		// public when the connection is stored, private ever after
		dns.answer(host, "93.184.216.34", "10.1.2.3");
		String connection = create("rebound", "https://" + host + "/polyai");
		HttpResponse<String> created = admin.post("/api/v1/campaigns", campaign(connection));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String campaign = json(created).get("id").asString();

		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
			.until(() -> "PAUSED".equals(json(admin.get("/api/v1/campaigns/" + campaign)).get("status").asString()));
		assertThat(json(admin.get("/api/v1/campaigns/" + campaign)).get("statusReason").asString())
			.contains("provider configuration rejected on connection " + connection)
			.contains("the connection's base URL " + REFUSED + "resolves to a private address; nothing was sent");
		assertThat(jdbc.sql("select count(*) from call_attempt where campaign_id = ?::uuid and call_sid is not null")
			.param(campaign).query(Long.class).single()).as("no call placed").isZero();
		// the connection can still be changed, e.g. disabled, without its unchanged URL being refused
		assertThat(admin.patch(CONNECTIONS + "/" + connection, "{\"enabled\":false}", "application/merge-patch+json")
			.statusCode()).isEqualTo(200);
	}

	private String create(String name, String baseUrl) {
		HttpResponse<String> created = admin.post(CONNECTIONS, body(name, baseUrl));
		assertThat(created.statusCode()).as(baseUrl + ": " + created.body()).isEqualTo(201);
		return json(created).get("id").asString();
	}

	private static void assertRefused(HttpResponse<String> response, String url, String reason) {
		assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(400);
		JsonNode problem = json(response);
		assertThat(problem.get("type").asString()).endsWith("/invalid-request");
		assertThat(problem.at("/errors/0/field").asString()).as(url).isEqualTo("baseUrl");
		assertThat(problem.at("/errors/0/reason").asString()).as(url).isEqualTo(REFUSED + reason + " address");
	}

	private static String body(String name, String baseUrl) {
		return """
				{"name":"%s","dialect":"outbound-calling-v1","baseUrl":"%s","credential":"test-token"}
				""".formatted(name, baseUrl);
	}

	private static String campaign(String connection) {
		LocalTime london = LocalTime.now(ZoneId.of("Europe/London"));
		boolean nearMidnight = london.getHour() == 23 || london.getHour() == 0;
		String window = "{\"start\":\"" + (nearMidnight ? "12:00" : "00:00") + "\",\"end\":\""
				+ (nearMidnight ? "11:59" : "23:59")
				+ "\",\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\",\"SAT\",\"SUN\"]}";
		return """
				{"name":"rebound","schedule":{"callingWindow":%s},"retry":{"maxAttempts":1},
				 "call":{"connection":"%s"},"recipients":[{"phoneNumber":"+442079460999"}]}
				""".formatted(window, connection);
	}

}
