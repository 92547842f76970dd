package dev.campaigns.orchestrator.status;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open campaigns ({@code schedule.completion: AT_END}) take a daily append after their
 * recipients finished, and close at their end or by hand.
 */
@IntegrationTest
@Import(SimulatedTime.Config.class)
class OpenCampaignIntegrationTests {

	private static final Duration DAY = Duration.ofDays(1);

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	StatusPoller poller;

	@Autowired
	JdbcClient jdbc;

	Api tenant;

	@BeforeEach
	void newTenant() {
		tenant = Api.at(port).newTenant("campaigns:write");
	}

	@Test
	void anAtEndCampaignWhoseOnlyRecipientFinishedStaysRunningTakesTomorrowsAppendAndCompletesAtItsEnd() {
		Instant endAt = clock.instant().plus(Duration.ofDays(3));
		String id = create("\"schedule\":{\"completion\":\"AT_END\",\"endAt\":\"" + endAt + "\"}", "+442079460011");
		assertThat(campaign(id).at("/schedule/completion").asString()).isEqualTo("AT_END");
		startAndFinishEveryRecipient(id);

		poll(Duration.ofMinutes(1));
		assertThat(campaign(id).get("status").asString()).isEqualTo("RUNNING");

		poll(DAY);
		HttpResponse<String> appended = append(id, "+442079460012");
		assertThat(appended.statusCode()).as(appended.body()).isEqualTo(200);
		startAndFinishEveryRecipient(id);
		poll(Duration.ofMinutes(1));
		assertThat(campaign(id).get("status").asString()).isEqualTo("RUNNING");

		poll(Duration.between(clock.instant(), endAt).plusSeconds(1));
		JsonNode completed = campaign(id);
		assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(completed.at("/counts/total").asInt()).isEqualTo(2);
		assertThat(append(id, "+442079460013").statusCode()).isEqualTo(409);
		assertThat(completedEvents(id)).isEqualTo(1);
	}

	@Test
	void aWhenDoneCampaignCompletesOnceItsRecipientsFinishedAsBefore() {
		String id = create("\"schedule\":{\"endAt\":\"" + clock.instant().plus(DAY) + "\"}", "+442079460021");
		assertThat(campaign(id).at("/schedule/completion").asString()).isEqualTo("WHEN_DONE");
		startAndFinishEveryRecipient(id);

		poll(Duration.ofMinutes(1));

		assertThat(campaign(id).get("status").asString()).isEqualTo("COMPLETED");
		assertThat(append(id, "+442079460022").statusCode()).isEqualTo(409);
	}

	@Test
	void anAtEndCampaignWithoutAnEndStaysOpenUntilCompletedByHand() {
		String id = create("\"schedule\":{\"completion\":\"AT_END\"}", "+442079460031", "+442079460032");
		jdbc.sql("update campaign set status = 'RUNNING' where id = cast(? as uuid)").param(id).update();
		poll(Duration.ofDays(30));
		assertThat(campaign(id).get("status").asString()).isEqualTo("RUNNING");

		HttpResponse<String> response = tenant.postEmpty("/api/v1/campaigns/" + id + "/complete");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode completed = json(response);
		assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(completed.at("/counts/byOutcome/CANCELLED").asInt()).isEqualTo(2);
		assertThat(completed.at("/counts/pending").asInt()).isZero();
		assertThat(append(id, "+442079460033").statusCode()).isEqualTo(409);
		assertThat(completedEvents(id)).isEqualTo(1);
		HttpResponse<String> again = tenant.postEmpty("/api/v1/campaigns/" + id + "/complete");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("cannot complete a campaign that is COMPLETED");
		poll(Duration.ofMinutes(1));
		assertThat(completedEvents(id)).isEqualTo(1);
	}

	@Test
	void aCancelledCampaignCannotBeCompleted() {
		String id = create("\"schedule\":{\"completion\":\"AT_END\"}", "+442079460041");
		assertThat(tenant.postEmpty("/api/v1/campaigns/" + id + "/cancel").statusCode()).isEqualTo(200);

		assertThat(tenant.postEmpty("/api/v1/campaigns/" + id + "/complete").statusCode()).isEqualTo(409);
		assertThat(campaign(id).get("status").asString()).isEqualTo("CANCELLED");
	}

	@Test
	void anUnknownCompletionIsRefusedByName() {
		HttpResponse<String> response = tenant.post("/api/v1/campaigns",
				"{\"name\":\"open\",\"schedule\":{\"completion\":\"NEVER\"},\"recipients\":[]}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(json(response).get("errors").toString()).contains("schedule.completion")
			.contains("must be one of WHEN_DONE, AT_END");
	}

	private String create(String schedule, String... numbers) {
		StringBuilder recipients = new StringBuilder();
		for (String number : numbers) {
			recipients.append(recipients.isEmpty() ? "" : ",").append("{\"phoneNumber\":\"").append(number).append("\"}");
		}
		HttpResponse<String> response = tenant.post("/api/v1/campaigns",
				"{\"name\":\"appointment reminders\"," + schedule + ",\"recipients\":[" + recipients + "]}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return json(response).get("id").asString();
	}

	private HttpResponse<String> append(String id, String number) {
		return tenant.post("/api/v1/campaigns/" + id + "/recipients", "[{\"phoneNumber\":\"" + number + "\"}]");
	}

	private JsonNode campaign(String id) {
		return json(tenant.get("/api/v1/campaigns/" + id));
	}

	/** As the dispatcher starts a campaign and its calls end (dispatch is driven by tests here). */
	private void startAndFinishEveryRecipient(String id) {
		jdbc.sql("update campaign set status = 'RUNNING' where id = cast(? as uuid)").param(id).update();
		jdbc.sql("update recipient set state = 'DONE', outcome = 'COMPLETED', next_attempt_at = null"
				+ " where campaign_id = cast(? as uuid) and state = 'PENDING'").param(id).update();
	}

	/** Moves the clock on and runs a poll round then, whose completion sweep is due by then. */
	private void poll(Duration later) {
		clock.advance(later);
		poller.pollDue(clock.instant());
	}

	private long completedEvents(String id) {
		return jdbc.sql("select count(*) from outbox where event_type = 'campaign.completed'"
				+ " and payload ->> 'campaignId' = ?").param(id).query(Long.class).single();
	}

}
