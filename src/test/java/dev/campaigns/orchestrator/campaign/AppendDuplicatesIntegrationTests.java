package dev.campaigns.orchestrator.campaign;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue #23: an externalId names one recipient of a campaign; appends skip or update what they already hold. */
@IntegrationTest
class AppendDuplicatesIntegrationTests {

	private static final String NOT_BEFORE = "2027-03-01T18:00:00Z";

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
	void anExternalIdTwiceInOneRequestIsRefusedNamingBothRows() {
		String id = create(row("+14155550101", "a-1"));

		HttpResponse<String> csv = csv(id, "", null, """
				phone_number,external_id
				+14155550102,b-1
				+14155550103,b-2
				+14155550104,b-1
				""");
		HttpResponse<String> json = tenant.post(recipients(id, ""),
				"[" + row("+14155550102", "b-1") + "," + row("+14155550103", "b-1") + "]");
		HttpResponse<String> created = tenant.post("/api/v1/campaigns", "{\"name\":\"dups\",\"recipients\":["
				+ row("+14155550102", "b-1") + "," + row("+14155550103", "b-1") + "]}");

		assertThat(csv.statusCode()).isEqualTo(400);
		assertThat(json(csv).get("totalErrors").asInt()).isEqualTo(1);
		assertThat(json(csv).at("/errors/0/index").asInt()).isEqualTo(2);
		assertThat(json(csv).at("/errors/0/field").asString()).isEqualTo("externalId");
		assertThat(json(csv).at("/errors/0/reason").asString()).startsWith("duplicates recipient 0");
		for (HttpResponse<String> refused : new HttpResponse[] { json, created }) {
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(json(refused).at("/errors/0/index").asInt()).isEqualTo(1);
			assertThat(json(refused).at("/errors/0/field").asString()).isEqualTo("externalId");
			assertThat(json(refused).at("/errors/0/reason").asString()).startsWith("duplicates recipient 0");
		}
		assertThat(total(id)).isEqualTo(1);
	}

	@Test
	void anExternalIdTheCampaignHoldsIsRefusedNamingTheRowAndTheRecipient() {
		String id = create(row("+14155550101", "a-1"));
		long existing = recipientId(id, "a-1");

		HttpResponse<String> csv = csv(id, "", null, "phone_number,external_id\n+14155550102,b-1\n+14155550103,a-1\n");
		HttpResponse<String> json = tenant.post(recipients(id, "?onDuplicate=reject"),
				"[" + row("+14155550103", "a-1") + "]");

		assertThat(csv.statusCode()).isEqualTo(400);
		assertThat(json(csv).get("totalErrors").asInt()).isEqualTo(1);
		assertThat(json(csv).at("/errors/0/index").asInt()).isEqualTo(1);
		assertThat(json(csv).at("/errors/0/field").asString()).isEqualTo("externalId");
		assertThat(json(csv).at("/errors/0/reason").asString()).contains("recipient " + existing);
		assertThat(json.statusCode()).isEqualTo(400);
		assertThat(json(json).at("/errors/0/reason").asString()).contains("recipient " + existing);
		assertThat(total(id)).isEqualTo(1);
	}

	@Test
	void skipLeavesOutRowsTheCampaignHoldsAndAddsTheRest() {
		String id = create(row("+14155550101", "a-1"), row("+14155550102", null));

		HttpResponse<String> csv = csv(id, "?onDuplicate=skip", null, """
				phone_number,external_id,note
				+14155550102,,same number
				+14155550109,a-1,same external id
				+14155550103,b-1,new
				""");

		assertThat(csv.statusCode()).isEqualTo(200);
		JsonNode appended = json(csv);
		assertThat(appended.get("added").asInt()).isEqualTo(1);
		assertThat(appended.get("skipped").asInt()).isEqualTo(2);
		assertThat(appended.get("updated").asInt()).isZero();
		assertThat(appended.at("/campaign/counts/total").asInt()).isEqualTo(3);
		assertThat(json(tenant.get(recipients(id, "?phoneNumber=%2B14155550109"))).get("totalItems").asInt()).isZero();
		JsonNode untouched = json(tenant.get(recipients(id, "?externalId=a-1"))).at("/items/0");
		assertThat(untouched.get("phoneNumber").asString()).isEqualTo("+14155550101");
		assertThat(untouched.get("metadata").size()).isZero();
	}

	@Test
	void repeatsWithinOneRequestAreRefusedWhateverOnDuplicateSays() {
		String id = create(row("+14155550101", "a-1"));

		HttpResponse<String> csv = csv(id, "?onDuplicate=skip", null,
				"phone_number,external_id\n+14155550102,b-1\n+14155550102,b-2\n");

		assertThat(csv.statusCode()).isEqualTo(400);
		assertThat(json(csv).at("/errors/0/index").asInt()).isEqualTo(1);
		assertThat(json(csv).at("/errors/0/field").asString()).isEqualTo("phoneNumber");
		assertThat(total(id)).isEqualTo(1);
	}

	@Test
	void updateAppliesTheRowReplansAndAuditsButLeavesDoneAndDialledRecipientsAlone() {
		String id = create(row("+14155550101", "a-1"), row("+14155550102", null),
				row("+14155550103", "c-1"), row("+14155550104", "d-1"));
		jdbc.sql("update recipient set state = 'DONE', outcome = 'COMPLETED', next_attempt_at = null"
				+ " where campaign_id = ?::uuid and external_id = 'c-1'").param(id).update();
		jdbc.sql("update recipient set state = 'DIALING' where campaign_id = ?::uuid and external_id = 'd-1'")
			.param(id)
			.update();

		HttpResponse<String> csv = csv(id, "?onDuplicate=update", null, """
				phone_number,external_id,not_before,customer
				+14155550111,a-1,%1$s,Ann
				+14155550102,,%1$s,Bo
				+14155550113,c-1,%1$s,Cy
				+14155550104,d-1,%1$s,Di
				+14155550105,e-1,,Ed
				""".formatted(NOT_BEFORE));

		assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
		JsonNode appended = json(csv);
		assertThat(appended.get("added").asInt()).isEqualTo(1);
		assertThat(appended.get("updated").asInt()).isEqualTo(2);
		assertThat(appended.get("notUpdated").asInt()).isEqualTo(2);
		assertThat(appended.get("skipped").asInt()).isZero();
		assertThat(appended.at("/campaign/counts/total").asInt()).isEqualTo(5);

		JsonNode byExternalId = find(id, "?externalId=a-1");
		assertThat(byExternalId.get("phoneNumber").asString()).as("matched by externalId").isEqualTo("+14155550111");
		assertThat(byExternalId.get("notBefore").asString()).isEqualTo(NOT_BEFORE);
		assertThat(Instant.parse(byExternalId.get("nextAttemptAt").asString()))
			.isAfterOrEqualTo(Instant.parse(NOT_BEFORE));
		assertThat(byExternalId.at("/metadata/customer").asString()).isEqualTo("Ann");
		JsonNode byNumber = find(id, "?phoneNumber=%2B14155550102");
		assertThat(byNumber.at("/metadata/customer").asString()).isEqualTo("Bo");
		assertThat(Instant.parse(byNumber.get("nextAttemptAt").asString())).isAfterOrEqualTo(Instant.parse(NOT_BEFORE));
		JsonNode trail = json(tenant.get(recipients(id, "/" + byNumber.get("id").asLong())));
		JsonNode last = trail.get("history").get(trail.get("history").size() - 1);
		assertThat(last.get("decision").asString()).isEqualTo("UPDATED");
		assertThat(last.get("reason").asString()).isEqualTo("APPEND_UPDATE");
		assertThat(last.get("nextAttemptAt").asString()).isEqualTo(byNumber.get("nextAttemptAt").asString());

		for (String leftAlone : new String[] { "c-1", "d-1" }) {
			JsonNode recipient = find(id, "?externalId=" + leftAlone);
			assertThat(recipient.get("notBefore").isNull()).as(leftAlone).isTrue();
			assertThat(recipient.get("metadata").size()).as(leftAlone).isZero();
		}
		assertThat(find(id, "?externalId=c-1").get("phoneNumber").asString()).isEqualTo("+14155550103");
		assertThat(jdbc.sql("select count(*) from recipient_event e join recipient r on r.id = e.recipient_id"
				+ " where r.campaign_id = ?::uuid and e.decision = 'UPDATED'").param(id).query(Long.class).single())
			.isEqualTo(2);
	}

	@Test
	void aRowThatIsTwoRecipientsAtOnceIsRefusedByUpdateAndChangesNothing() {
		String id = create(row("+14155550101", "a-1"), row("+14155550102", "b-1"));

		HttpResponse<String> csv = csv(id, "?onDuplicate=update", null,
				"phone_number,external_id,customer\n+14155550103,,new\n+14155550102,a-1,who\n");

		assertThat(csv.statusCode()).isEqualTo(400);
		assertThat(json(csv).get("totalErrors").asInt()).isEqualTo(1);
		assertThat(json(csv).at("/errors/0/index").asInt()).isEqualTo(1);
		assertThat(json(csv).at("/errors/0/reason").asString()).contains("recipient " + recipientId(id, "a-1"))
			.contains("recipient " + recipientId(id, "b-1"));
		assertThat(total(id)).isEqualTo(2);
		assertThat(find(id, "?externalId=a-1").get("metadata").size()).isZero();
	}

	@Test
	void anIdempotencyKeyReplaysTheFirstAppendAndRefusesAnotherRequest() {
		String id = create(row("+14155550101", "a-1"));
		String key = UUID.randomUUID().toString();
		String body = "phone_number,external_id\n+14155550102,b-1\n";

		HttpResponse<String> first = csv(id, "", key, body);
		HttpResponse<String> again = csv(id, "", key, body);
		HttpResponse<String> otherBody = csv(id, "", key, "phone_number\n+14155550103\n");
		HttpResponse<String> otherChoice = csv(id, "?onDuplicate=skip", key, body);
		HttpResponse<String> json = tenant.post(recipients(id, ""), "[" + row("+14155550104", null) + "]",
				"application/json", key + "-json");
		HttpResponse<String> jsonAgain = tenant.post(recipients(id, ""), "[" + row("+14155550104", null) + "]",
				"application/json", key + "-json");
		HttpResponse<String> createWithTheSameKey = tenant.post("/api/v1/campaigns",
				"{\"name\":\"other\",\"recipients\":[]}", "application/json", key);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(json(again)).isEqualTo(json(first));
		assertThat(json(again).get("added").asInt()).isEqualTo(1);
		for (HttpResponse<String> reused : new HttpResponse[] { otherBody, otherChoice }) {
			assertThat(reused.statusCode()).isEqualTo(422);
			assertThat(json(reused).get("type").asString()).endsWith("/problems/idempotency-key-reused");
		}
		assertThat(jsonAgain.statusCode()).isEqualTo(200);
		assertThat(json(jsonAgain)).isEqualTo(json(json));
		assertThat(createWithTheSameKey.statusCode()).as("create's keys are apart from append's").isEqualTo(201);
		assertThat(total(id)).isEqualTo(3);
	}

	@Test
	void anUnknownOnDuplicateIsRefusedByName() {
		String id = create(row("+14155550101", "a-1"));

		HttpResponse<String> csv = csv(id, "?onDuplicate=merge", null, "phone_number\n+14155550102\n");

		assertThat(csv.statusCode()).isEqualTo(400);
		assertThat(json(csv).at("/errors/0/field").asString()).isEqualTo("onDuplicate");
		assertThat(total(id)).isEqualTo(1);
	}

	private String create(String... recipients) {
		HttpResponse<String> response = tenant.post("/api/v1/campaigns",
				"{\"name\":\"duplicates\",\"recipients\":[" + String.join(",", recipients) + "]}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return json(response).get("id").asString();
	}

	private HttpResponse<String> csv(String id, String query, String key, String body) {
		return tenant.post(recipients(id, query), body, "text/csv", key);
	}

	private static String recipients(String id, String rest) {
		return "/api/v1/campaigns/" + id + "/recipients" + rest;
	}

	private JsonNode find(String id, String filter) {
		JsonNode page = json(tenant.get(recipients(id, filter)));
		assertThat(page.get("totalItems").asInt()).as(filter).isEqualTo(1);
		return page.at("/items/0");
	}

	private long recipientId(String id, String externalId) {
		return find(id, "?externalId=" + externalId).get("id").asLong();
	}

	private int total(String id) {
		return json(tenant.get("/api/v1/campaigns/" + id)).at("/counts/total").asInt();
	}

	private static String row(String number, String externalId) {
		return "{\"phoneNumber\":\"" + number + "\"" + (externalId == null ? "" : ",\"externalId\":\"" + externalId + "\"")
				+ "}";
	}

}
