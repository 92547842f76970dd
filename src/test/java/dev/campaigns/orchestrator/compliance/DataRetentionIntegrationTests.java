package dev.campaigns.orchestrator.compliance;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class DataRetentionIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataRetention retention;

	@Test
	void recipientsOfLongFinishedCampaignsLoseTheirPersonalDataButNotTheirOutcomes() {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		String finished = json(tenant.post("/api/v1/campaigns", "{\"name\":\"old\",\"recipients\":[{\"phoneNumber\":"
				+ "\"+442079460701\",\"externalId\":\"appt-1\",\"metadata\":{\"customer_name\":\"Paul\"}}]}"))
			.get("id").asString();
		String running = json(tenant.post("/api/v1/campaigns", "{\"name\":\"live\",\"recipients\":["
				+ "{\"phoneNumber\":\"+442079460702\"}]}")).get("id").asString();
		tenant.postEmpty("/api/v1/campaigns/" + finished + "/cancel");
		// a provider's status answer may echo the number
		jdbc.sql("""
				insert into call_attempt (recipient_id, campaign_id, attempt, call_sid, phase, status, created_at,
				                          raw_answer, provider_duration_seconds)
				select id, campaign_id, 1, 'OUT-' || gen_random_uuid(), 'FINAL', 'COMPLETED', now(),
				       '{"status":"success","to_number":"+442079460701"}', 42
				from recipient where campaign_id = cast(? as uuid)
				""").param(finished).update();

		retention.anonymiseFinishedBefore(Instant.now().minus(Duration.ofDays(1)));
		JsonNode kept = json(tenant.get("/api/v1/campaigns/" + finished + "/recipients")).at("/items/0");
		assertThat(kept.get("phoneNumber").asString()).isEqualTo("+442079460701");

		int anonymised = retention.anonymiseFinishedBefore(Instant.now().plus(Duration.ofDays(1)));

		assertThat(anonymised).isGreaterThanOrEqualTo(1);
		JsonNode gone = json(tenant.get("/api/v1/campaigns/" + finished + "/recipients")).at("/items/0");
		assertThat(gone.get("phoneNumber").asString()).startsWith("anonymised-");
		assertThat(gone.get("externalId").isNull()).isTrue();
		assertThat(gone.get("metadata").size()).isZero();
		assertThat(gone.get("outcome").asString()).isEqualTo("CANCELLED");
		assertThat(json(tenant.get("/api/v1/campaigns/" + running + "/recipients")).at("/items/0/phoneNumber")
			.asString()).isEqualTo("+442079460702");
		JsonNode trail = json(tenant.get("/api/v1/campaigns/" + finished + "/recipients/" + gone.get("id").asLong()))
			.get("history");
		assertThat(trail.findValuesAsString("reason")).containsExactly("SCHEDULED", "CAMPAIGN_CANCELLED");
		assertThat(jdbc.sql("select raw_answer, provider_duration_seconds from call_attempt"
				+ " where campaign_id = cast(? as uuid)").param(finished).query().singleRow())
			.containsEntry("raw_answer", null)
			.containsEntry("provider_duration_seconds", 42);
	}

	@Test
	void webhookEventsOlderThanTheRetentionAreDeletedWithTheirDeliveries() {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		String id = json(tenant.post("/api/v1/campaigns", "{\"name\":\"old events\",\"recipients\":["
				+ "{\"phoneNumber\":\"+442079460711\",\"externalId\":\"appt-9\"}]}")).get("id").asString();
		tenant.postEmpty("/api/v1/campaigns/" + id + "/cancel");
		String events = "select count(*) from outbox where payload ->> 'campaignId' = ?";
		// campaign.started at its creation, recipient.completed at its cancel
		assertThat(jdbc.sql(events).param(id).query(Long.class).single()).isEqualTo(2);

		retention.deleteEventsBefore(Instant.now().minus(Duration.ofDays(1)));
		assertThat(jdbc.sql(events).param(id).query(Long.class).single()).isEqualTo(2);
		retention.deleteEventsBefore(Instant.now().plus(Duration.ofSeconds(1)));

		assertThat(jdbc.sql(events).param(id).query(Long.class).single()).isZero();
	}

	@Test
	void aFinishedCampaignIsErasedBatchByBatchThenMarkedAsErased() {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		String recipients = IntStream.range(0, 5)
			.mapToObj(i -> "{\"phoneNumber\":\"+44207946072" + i + "\",\"externalId\":\"appt-" + i + "\"}")
			.collect(Collectors.joining(","));
		String id = json(tenant.post("/api/v1/campaigns", "{\"name\":\"batches\",\"recipients\":[" + recipients
				+ "]}")).get("id").asString();
		tenant.postEmpty("/api/v1/campaigns/" + id + "/cancel");
		String identifiable = "select count(*) from recipient where campaign_id = ?::uuid"
				+ " and phone_number not like 'anonymised-%'";

		assertThat(retention.anonymiseFinishedBefore(Instant.now().plus(Duration.ofDays(1)), 2))
			.isGreaterThanOrEqualTo(5);

		assertThat(jdbc.sql(identifiable).param(id).query(Long.class).single()).isZero();
		assertThat(jdbc.sql("select personal_data_erased_at is not null from campaign where id = ?::uuid")
			.param(id)
			.query(Boolean.class)
			.single()).isTrue();
		assertThat(retention.anonymiseFinishedBefore(Instant.now().plus(Duration.ofDays(1)), 2)).isZero();
	}

	@Test
	void oldWebhookEventsAreDeletedBatchByBatchUntilNoneIsLeft() {
		String tenant = "retention-" + UUID.randomUUID();
		jdbc.sql("""
				insert into outbox (tenant, event_type, payload, created_at)
				select ?, 'recipient.finished', '{}', timestamptz '2001-01-01 00:00:00+00' + n * interval '1 minute'
				from generate_series(1, 7) n""").param(tenant).update();
		String events = "select count(*) from outbox where tenant = ?";

		int deleted = retention.deleteEventsBefore(Instant.parse("2001-01-02T00:00:00Z"), 3);

		assertThat(deleted).isGreaterThanOrEqualTo(7);
		assertThat(jdbc.sql(events).param(tenant).query(Long.class).single()).isZero();
	}

}
