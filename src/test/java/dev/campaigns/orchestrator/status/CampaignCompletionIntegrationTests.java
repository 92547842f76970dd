package dev.campaigns.orchestrator.status;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Campaigns complete however their last recipients ended, not only after a polled call. */
@IntegrationTest
@Import(SimulatedTime.Config.class)
@TestPropertySource(properties = "orchestrator.status.requests-per-second=1000")
class CampaignCompletionIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	StatusPoller poller;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aRunningCampaignWhoseLastRecipientsEndedWithoutACallCompletesAtTheNextPollRound() {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		String id = json(tenant.post("/api/v1/campaigns", "{\"name\":\"ends without a call\",\"recipients\":["
				+ "{\"phoneNumber\":\"+442079460001\"},{\"phoneNumber\":\"+442079460002\"}]}")).get("id").asString();
		// as a takeover of a dead replica's leases leaves them: done, no call to poll
		jdbc.sql("update campaign set status = 'RUNNING' where id = cast(? as uuid)").param(id).update();
		jdbc.sql("update recipient set state = 'DONE', outcome = 'TRIGGER_UNKNOWN', next_attempt_at = null"
				+ " where campaign_id = cast(? as uuid)").param(id).update();

		poller.pollDue(clock.instant());

		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).get("status").asString()).isEqualTo("COMPLETED");
		assertThat(jdbc.sql("select count(*) from outbox where event_type = 'campaign.completed'"
				+ " and payload ->> 'campaignId' = ?").param(id).query(Long.class).single()).isEqualTo(1);
	}

}
