package dev.campaigns.orchestrator.campaign;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.orchestrator.campaign.CampaignApiIntegrationTests.campaign;
import static dev.campaigns.orchestrator.campaign.CampaignApiIntegrationTests.recipient;
import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
@TestPropertySource(properties = { "orchestrator.campaign.max-json-body=2KB", "orchestrator.campaign.max-csv-body=1KB",
		"orchestrator.campaign.max-recipients-per-request=3", "orchestrator.campaign.max-csv-rows=3",
		"orchestrator.campaign.max-reported-errors=2", "orchestrator.campaign.max-csv-cell=40",
		"orchestrator.campaign.max-csv-record=100" })
class IngestLimitsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Api tenant;

	@BeforeEach
	void newTenant() {
		tenant = Api.at(port).newTenant("campaigns:write");
	}

	@Test
	void aJsonBodyOverTheLimitIs413AndStoresNothing() {
		String name = "big-" + UUID.randomUUID();
		HttpResponse<String> response = tenant.post("/api/v1/campaigns",
				campaign(name + "x".repeat(2100), recipient("+14155550101")));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(json(response).get("type").asString()).endsWith("/problems/payload-too-large");
		assertThat(jdbc.sql("select count(*) from campaign where name like ?").param(name + "%").query(Long.class)
			.single()).isZero();
	}

	@Test
	void moreRecipientsThanAllowedPerRequestIs400() {
		HttpResponse<String> response = tenant.post("/api/v1/campaigns", campaign("many", recipient("+14155550101"),
				recipient("+14155550102"), recipient("+14155550103"), recipient("+14155550104")));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).at("/errors/0/field").asString()).isEqualTo("recipients");
	}

	@Test
	void errorsAreListedUpToTheBoundWithTheirTotal() {
		HttpResponse<String> response = tenant.post("/api/v1/campaigns",
				campaign("errors", recipient("1"), recipient("2"), recipient("3")));

		JsonNode problem = json(response);
		assertThat(problem.get("errors")).hasSize(2);
		assertThat(problem.get("totalErrors").asInt()).isEqualTo(3);
	}

	@Test
	void aCsvBodyOverTheLimitIs413EvenWhenStreamedWithoutALength() {
		String id = create();
		String csv = "phone_number,note\n" + ("+14155550101," + "x".repeat(100) + "\n").repeat(12);

		HttpResponse<String> withLength = tenant.post("/api/v1/campaigns/" + id + "/recipients", csv, "text/csv",
				null);
		HttpResponse<String> chunked = Http.send(HttpRequest.newBuilder(URI.create(
				"http://localhost:" + port + "/api/v1/campaigns/" + id + "/recipients"))
			.header("Authorization", authorization())
			.header("Content-Type", "text/csv")
			.POST(HttpRequest.BodyPublishers
				.ofInputStream(() -> new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8))))
			.build());

		assertThat(withLength.statusCode()).isEqualTo(413);
		assertThat(chunked.statusCode()).isEqualTo(413);
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).at("/counts/total").asInt()).isEqualTo(1);
	}

	@Test
	void moreCsvRowsThanAllowedIs400AndStoresNothing() {
		String id = create();

		HttpResponse<String> response = tenant.post("/api/v1/campaigns/" + id + "/recipients",
				"phone_number\n+14155550102\n+14155550103\n+14155550104\n+14155550105\n", "text/csv", null);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("errors").toString()).contains("at most 3");
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).at("/counts/total").asInt()).isEqualTo(1);
	}

	@Test
	void aCsvCellOverTheLimitIs400NamingItsRowAndColumnAndStoresNothing() {
		String id = create();

		HttpResponse<String> response = tenant.post("/api/v1/campaigns/" + id + "/recipients",
				"phone_number,note\n+14155550102,short\n+14155550103," + "x".repeat(41) + "\n", "text/csv", null);

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = json(response).at("/errors/0");
		assertThat(error.get("index").asInt()).isEqualTo(1);
		assertThat(error.get("field").asString()).isEqualTo("note");
		assertThat(error.get("reason").asString()).isEqualTo("is longer than 40 characters (line 3)");
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).at("/counts/total").asInt()).isEqualTo(1);
		assertThat(stagingTables()).isZero();
	}

	@Test
	void aCsvRecordOverTheLimitIs400NamingItsRow() {
		String id = create();
		String cell = "y".repeat(35);

		HttpResponse<String> response = tenant.post("/api/v1/campaigns/" + id + "/recipients",
				"phone_number,a,b,c\n+14155550102," + cell + "," + cell + "," + cell + "\n", "text/csv", null);

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = json(response).at("/errors/0");
		assertThat(error.get("index").asInt()).isZero();
		assertThat(error.get("field").asString()).isEqualTo("row");
		assertThat(error.get("reason").asString()).isEqualTo("is longer than 100 characters (from line 2)");
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).at("/counts/total").asInt()).isEqualTo(1);
	}

	@Test
	void aJsonAppendOverTheBodyLimitIs413AndStoresNothing() {
		String id = create();

		HttpResponse<String> response = tenant.post("/api/v1/campaigns/" + id + "/recipients",
				"[" + recipient("+14155550102").replace("}", ",\"externalId\":\"" + "e".repeat(2100) + "\"}") + "]");

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(json(response).get("type").asString()).endsWith("/problems/payload-too-large");
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).at("/counts/total").asInt()).isEqualTo(1);
	}

	@Test
	void aJsonAppendIsReadNoFurtherThanTheFirstRecipientPastTheLimit() {
		String id = create();

		// what follows the fourth recipient is not JSON: had it been read, the answer would say so
		HttpResponse<String> response = tenant.post("/api/v1/campaigns/" + id + "/recipients",
				"[" + recipient("+14155550102") + "," + recipient("+14155550103") + "," + recipient("+14155550104")
						+ "," + recipient("+14155550105") + ",{\"phoneNumber\":");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).at("/errors/0/field").asString()).isEqualTo("recipients");
		assertThat(json(response).at("/errors/0/reason").asString()).isEqualTo("at most 3 per request");
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).at("/counts/total").asInt()).isEqualTo(1);
	}

	@Test
	void anAppendWithinTheLimitsIsStoredAndLeavesNoStagingBehind() {
		String id = create();

		HttpResponse<String> response = tenant.post("/api/v1/campaigns/" + id + "/recipients",
				"phone_number,note\n+14155550102,a\n+14155550103,b\n", "text/csv", null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response).get("added").asInt()).isEqualTo(2);
		assertThat(json(response).at("/campaign/counts/total").asInt()).isEqualTo(3);
		assertThat(stagingTables()).isZero();
	}

	private long stagingTables() {
		return jdbc.sql("select count(*) from pg_tables where tablename like 'ingest\\_upload\\_%'")
			.query(Long.class)
			.single();
	}

	private String create() {
		HttpResponse<String> response = tenant.post("/api/v1/campaigns", campaign("limits", recipient("+14155550101")));
		assertThat(response.statusCode()).isEqualTo(201);
		return json(response).get("id").asString();
	}

	private String authorization() {
		return tenant.authorization();
	}

}
