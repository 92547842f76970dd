package dev.campaigns.orchestrator.status.internal;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.interceptor.TransactionAttributeSource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A campaign completes only with nothing left to call, also when an append attaches
 * recipients at the same moment: both take the campaign's row lock, the completion looks for
 * recipients only once it holds it, and it passes over a row another transaction holds (the
 * sweep looks again) rather than wait behind it.
 */
@IntegrationTest
class CompletionAndAttachIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	CompletionStore store;

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionAttributeSource transactionAttributes;

	@Test
	void aCompletionMeetingAnAttachPassesOverTheCampaignAndTheNextLookSeesTheRecipientsItAttached()
			throws Exception {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		UUID id = UUID.fromString(json(tenant.post("/api/v1/campaigns",
				"{\"name\":\"attach meets completion\",\"recipients\":[]}")).get("id").asString());
		assertThat(status(id)).isEqualTo("RUNNING");

		int whileHeld;
		try (Connection attach = dataSource.getConnection()) {
			// an append's attach: its rows inserted, then the campaign's row locked to check its status
			attach.setAutoCommit(false);
			try (PreparedStatement insert = attach.prepareStatement("""
					insert into recipient (campaign_id, phone_number, time_zones, state, next_attempt_at, created_at,
					    updated_at)
					values (?, '+442079460001', '{Europe/London}', 'PENDING', now(), now(), now())""")) {
				insert.setObject(1, id);
				insert.executeUpdate();
			}
			try (PreparedStatement lock = attach.prepareStatement(
					"select status from campaign where id = ? for no key update")) {
				lock.setObject(1, id);
				lock.executeQuery().close();
			}
			whileHeld = CompletableFuture.supplyAsync(() -> store.completeIfFinished(id, Instant.now()))
				.get(10, TimeUnit.SECONDS);
			assertThat(status(id)).isEqualTo("RUNNING");
			attach.commit();
		}

		assertThat(whileHeld).as("a held campaign is passed over, not waited for").isZero();
		assertThat(store.completeIfFinished(id, Instant.now())).as("the attached recipient is seen").isZero();
		assertThat(status(id)).isEqualTo("RUNNING");
	}

	@Test
	void aCampaignWithNothingLeftStillCompletes() {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		UUID id = UUID.fromString(json(tenant.post("/api/v1/campaigns",
				"{\"name\":\"nothing left\",\"recipients\":[]}")).get("id").asString());

		assertThat(store.completeIfFinished(id, Instant.now())).isEqualTo(1);
		assertThat(status(id)).isEqualTo("COMPLETED");
		assertThat(store.completeIfFinished(id, Instant.now())).isZero();
	}

	@Test
	void theLockAndTheLookForWhatIsLeftAreOneTransaction() throws Exception {
		// else the lock would end with its statement, and an attach could slip in before the look
		assertThat(AopUtils.isAopProxy(store)).isTrue();
		Method completeIfFinished = CompletionStore.class.getDeclaredMethod("completeIfFinished", UUID.class, Instant.class);
		assertThat(transactionAttributes.getTransactionAttribute(completeIfFinished, CompletionStore.class)).isNotNull();
	}

	private String status(UUID id) {
		return jdbc.sql("select status from campaign where id = ?").param(id).query(String.class).single();
	}

}
