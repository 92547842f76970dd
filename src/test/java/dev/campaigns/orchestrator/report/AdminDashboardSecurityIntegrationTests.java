package dev.campaigns.orchestrator.report;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.campaigns.orchestrator.report.ReportFixtures.Dashboard;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard under Spring Security: its answers carry the security headers, a POST needs
 * Spring's CSRF token, and signing in gives the session a new id; a recipient is cancelled only
 * with the token, by a key with campaigns:write, of its own tenant.
 */
@IntegrationTest
class AdminDashboardSecurityIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void everyDashboardAnswerCarriesTheSecurityHeaders() {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		String id = campaign(tenant, "headers");
		Dashboard signedOut = new Dashboard(port);
		Dashboard signedIn = new Dashboard(port);
		signedIn.signIn(keyOf(tenant));

		for (HttpResponse<String> response : List.of(signedOut.get("/admin/login"), signedOut.get("/admin"),
				signedIn.get("/admin"), signedIn.get("/admin/campaigns/" + id),
				signedIn.get("/admin/campaigns/" + id + "/live"))) {
			String page = response.uri().getPath();
			assertThat(response.headers().firstValue("Content-Security-Policy")).as(page)
				.hasValueSatisfying((csp) -> assertThat(csp).contains("default-src 'none'")
					.contains("script-src 'self'")
					.contains("style-src 'self'")
					.contains("frame-ancestors 'none'")
					.doesNotContain("unsafe-inline"));
			assertThat(response.headers().firstValue("X-Frame-Options")).as(page).hasValue("DENY");
			assertThat(response.headers().firstValue("X-Content-Type-Options")).as(page).hasValue("nosniff");
			assertThat(response.headers().firstValue("Referrer-Policy")).as(page).hasValue("same-origin");
		}
	}

	@Test
	void thePagesNeedNoInlineScriptOrStyle() {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		String id = campaign(tenant, "inline");
		Dashboard dashboard = new Dashboard(port);
		dashboard.signIn(keyOf(tenant));

		long recipient = json(tenant.get("/api/v1/campaigns/" + id + "/recipients")).get("items").get(0)
			.get("id").asLong();

		for (String path : List.of("/admin", "/admin/campaigns/" + id,
				"/admin/campaigns/" + id + "/recipients?by=externalId&q=x",
				"/admin/campaigns/" + id + "/recipients/" + recipient)) {
			assertThat(dashboard.get(path).body()).as(path)
				.doesNotContain("style=")
				.doesNotContain("<style")
				.doesNotContainPattern("<script(?![^>]*\\ssrc=)");
		}
	}

	@Test
	void aPostWithoutTheCsrfTokenIsRefusedAndWithItGoesThrough() {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		String id = campaign(tenant, "csrf");
		Dashboard writer = new Dashboard(port);
		writer.signIn(keyOf(tenant));

		assertThat(writer.postForm("/admin/campaigns/" + id + "/pause", "").statusCode()).isEqualTo(403);
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).get("status").asString()).isNotEqualTo("PAUSED");

		String token = writer.csrfToken("/admin/campaigns/" + id);
		HttpResponse<String> paused = writer.postForm("/admin/campaigns/" + id + "/pause",
				"_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
		assertThat(paused.statusCode()).isEqualTo(302);
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).get("status").asString()).isEqualTo("PAUSED");
	}

	@Test
	void signingInWithoutTheCsrfTokenIsRefused() {
		Api tenant = Api.at(port).newTenant("reports:read");
		Dashboard dashboard = new Dashboard(port);

		HttpResponse<String> response = dashboard.postForm("/admin/login",
				"key=" + URLEncoder.encode(keyOf(tenant), StandardCharsets.UTF_8));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/admin/login"));
		assertThat(dashboard.get("/admin").statusCode()).isEqualTo(302);
	}

	@Test
	void signingInGivesTheSessionANewId() {
		Api tenant = Api.at(port).newTenant("reports:read");
		Dashboard dashboard = new Dashboard(port);
		String token = dashboard.csrfToken("/admin/login");
		String before = dashboard.cookie("JSESSIONID").orElseThrow();

		HttpResponse<String> signedIn = dashboard.postForm("/admin/login",
				"key=" + URLEncoder.encode(keyOf(tenant), StandardCharsets.UTF_8) + "&_csrf="
						+ URLEncoder.encode(token, StandardCharsets.UTF_8));

		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(dashboard.cookie("JSESSIONID")).hasValueSatisfying((after) -> assertThat(after).isNotEqualTo(before));
		assertThat(dashboard.get("/admin").statusCode()).isEqualTo(200);
	}

	@Test
	void signingOutNeedsTheCsrfTokenAndEndsTheSession() {
		Api tenant = Api.at(port).newTenant("reports:read");
		Dashboard dashboard = new Dashboard(port);
		dashboard.signIn(keyOf(tenant));

		assertThat(dashboard.postForm("/admin/logout", "").statusCode()).isEqualTo(403);
		assertThat(dashboard.get("/admin").statusCode()).isEqualTo(200);

		String token = dashboard.csrfToken("/admin");
		dashboard.postForm("/admin/logout", "_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
		assertThat(dashboard.get("/admin").statusCode()).isEqualTo(302);
	}

	@Test
	void anExpiredKeySignsInNoMoreAndItsSessionEnds() {
		JsonNode created = json(Api.at(port).post("/api/v1/api-keys", "{\"name\":\"brief\",\"roles\":"
				+ "[\"reports:read\"],\"expiresAt\":\"" + Instant.now().plusSeconds(2) + "\"}"));
		String key = created.get("key").asString();
		Dashboard dashboard = new Dashboard(port);
		dashboard.signIn(key);
		assertThat(dashboard.get("/admin").statusCode()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(10)).until(() -> dashboard.get("/admin").statusCode() == 302);
		assertThat(new Dashboard(port).signIn(key).statusCode()).as("signing in with an expired key is refused")
			.isEqualTo(401);
		assertThat(new Dashboard(port).get("/admin").statusCode()).isEqualTo(302);
	}

	@Test
	void aRecipientIsCancelledOnlyWithTheCsrfTokenByAWriterOfItsTenant() {
		String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		Api writerKey = Api.at(port).keyFor(tenant, "campaigns:write");
		Api readerKey = Api.at(port).keyFor(tenant, "reports:read");
		String id = campaign(writerKey, "recipient actions");
		long recipient = json(writerKey.get("/api/v1/campaigns/" + id + "/recipients")).get("items").get(0)
			.get("id").asLong();
		String page = "/admin/campaigns/" + id + "/recipients/" + recipient;
		Dashboard writer = new Dashboard(port);
		writer.signIn(keyOf(writerKey));
		Dashboard reader = new Dashboard(port);
		reader.signIn(keyOf(readerKey));
		Dashboard stranger = new Dashboard(port);
		stranger.signIn(keyOf(Api.at(port).newTenant("campaigns:write")));

		assertThat(writer.postForm(page + "/cancel", "").statusCode()).as("no CSRF token").isEqualTo(403);
		assertThat(writer.get(page).body()).contains("id=\"cancel\"");
		HttpResponse<String> read = reader.get(page);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).contains("+442071230401").doesNotContain("id=\"cancel\"");
		assertThat(reader.postForm(page + "/cancel", csrf(reader, page)).statusCode()).as("reports:read")
			.isEqualTo(403);
		assertThat(stranger.get(page).statusCode()).as("another tenant's").isEqualTo(404);
		assertThat(stranger.postForm(page + "/cancel", csrf(stranger, "/admin")).statusCode()).isEqualTo(404);
		assertThat(stranger.postForm(page + "/requeue", csrf(stranger, "/admin")).statusCode()).isEqualTo(404);
		assertThat(json(writerKey.get("/api/v1/campaigns/" + id + "/recipients/" + recipient)).get("state")
			.asString()).as("nothing changed").isEqualTo("PENDING");

		HttpResponse<String> cancelled = writer.postForm(page + "/cancel", csrf(writer, page));

		assertThat(cancelled.statusCode()).isEqualTo(302);
		assertThat(cancelled.headers().firstValue("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith(page));
		JsonNode now = json(writerKey.get("/api/v1/campaigns/" + id + "/recipients/" + recipient));
		assertThat(now.get("state").asString()).isEqualTo("DONE");
		assertThat(now.get("outcome").asString()).isEqualTo("CANCELLED");
		JsonNode last = now.get("history").get(now.get("history").size() - 1);
		assertThat(last.get("decision").asString()).isEqualTo("CANCELLED");
		assertThat(last.get("actor").get("keyId").asString()).isEqualTo(writerKey.keyId());
		assertThat(last.get("actor").get("name").asString()).isEqualTo("test key");
		assertThat(writer.get(page).body()).contains("CANCELLED").doesNotContain("id=\"cancel\"");
	}

	@Test
	void aRecipientSearchReadsThePhoneNumberAsTheApiDoesAndExplainsABadOne() {
		Api tenant = Api.at(port).newTenant("reports:read", "campaigns:write");
		String id = campaign(tenant, "search");
		Dashboard dashboard = new Dashboard(port);
		dashboard.signIn(keyOf(tenant));
		String search = "/admin/campaigns/" + id + "/recipients?by=phoneNumber&q=";

		for (String number : List.of("%2B442071230401", "442071230401", "%2B44+20+7123+0401")) {
			HttpResponse<String> found = dashboard.get(search + number);
			assertThat(found.statusCode()).as(number).isEqualTo(200);
			assertThat(found.body()).as(number).contains("1 recipient found").contains("/recipients/");
		}
		assertThat(dashboard.get(search + "%2B442071230999").body()).contains("No recipient of this campaign");
		HttpResponse<String> bad = dashboard.get(search + "call+me");
		assertThat(bad.statusCode()).isEqualTo(200);
		assertThat(bad.body()).contains("is not a phone number");
		assertThat(dashboard.get("/admin/campaigns/" + id + "/recipients/999999999").statusCode()).isEqualTo(404);
		assertThat(dashboard.get("/admin/campaigns/" + id + "/recipients/abc").statusCode()).isEqualTo(404);
	}

	private static String csrf(Dashboard dashboard, String page) {
		return "_csrf=" + URLEncoder.encode(dashboard.csrfToken(page), StandardCharsets.UTF_8);
	}

	private static String campaign(Api tenant, String name) {
		return json(tenant.post("/api/v1/campaigns",
				"{\"name\":\"" + name + "\",\"recipients\":[{\"phoneNumber\":\"+442071230401\"}]}")).get("id")
			.asString();
	}

	private static String keyOf(Api api) {
		return api.authorization().substring("Bearer ".length());
	}

}
