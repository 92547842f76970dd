package dev.campaigns.orchestrator.campaign.internal;

import java.time.Instant;
import java.util.UUID;

import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class IdempotencyKeysIntegrationTests {

	@Autowired
	IdempotencyKeys keys;

	@Autowired
	JdbcClient jdbc;

	@Test
	void expiredKeysAreForgottenBatchByBatchUntilNoneIsLeftAndLiveOnesAreKept() {
		String tenant = "purge-" + UUID.randomUUID();
		jdbc.sql("""
				insert into idempotency_key (tenant, key, request_hash, created_at, expires_at)
				select ?, 'key-' || n, 'hash', timestamptz '2001-01-01 00:00:00+00',
				       timestamptz '2001-01-02 00:00:00+00' + n * interval '1 minute'
				from generate_series(1, 9) n""").param(tenant).update();
		String left = "select count(*) from idempotency_key where tenant = ?";

		int forgotten = keys.forgetExpired(Instant.parse("2001-01-02T00:07:00Z"), 2);

		assertThat(forgotten).isGreaterThanOrEqualTo(7);
		assertThat(jdbc.sql(left).param(tenant).query(Long.class).single()).isEqualTo(2);
	}

}
