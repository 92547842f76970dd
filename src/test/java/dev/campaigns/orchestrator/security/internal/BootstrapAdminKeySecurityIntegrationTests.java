package dev.campaigns.orchestrator.security.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The bootstrap admin key, under both of its property names, against the real database. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class BootstrapAdminKeySecurityIntegrationTests {

	private static final String KEY = "co_bootstrap-" + UUID.randomUUID();

	/** As {@code ORCHESTRATOR_BOOTSTRAP_ADMIN_KEY} arrives. */
	private static final String ALIAS_KEY = "co_bootstrap-alias-" + UUID.randomUUID();

	private static final String TENANT = "bootstrap-it-" + UUID.randomUUID();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	BootstrapAdminKeys bootstrap;

	@Autowired
	ApiKeys apiKeys;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("orchestrator.security.bootstrap-admin-key", () -> KEY);
		registry.add("orchestrator.bootstrap-admin-key", () -> ALIAS_KEY);
		registry.add("orchestrator.security.bootstrap-tenant", () -> TENANT);
	}

	@Test
	void bothConfiguredKeysAreRegisteredAsPlatformAdminKeysOfTheBootstrapTenant() {
		assertThat(jdbc.queryForList("select name || ' ' || array_to_string(roles, ',') from api_key where tenant = ?",
				String.class, TENANT))
			.containsExactly("bootstrap platform:admin", "bootstrap platform:admin");
		assertThat(statusOfListingWith(KEY)).isEqualTo(200);
		assertThat(statusOfListingWith(ALIAS_KEY)).isEqualTo(200);
	}

	@Test
	void registeringAgainAndFromManyReplicasAtOnceKeepsOneRowPerKey() throws Exception {
		bootstrap.registerConfiguredKeys();
		ExecutorService replicas = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> starts = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				starts.add(replicas.submit((Callable<Void>) () -> {
					bootstrap.registerConfiguredKeys();
					return null;
				}));
			}
			for (Future<?> start : starts) {
				start.get();
			}
		}
		finally {
			replicas.shutdown();
		}

		assertThat(rowsWithHashOf(KEY)).isOne();
		assertThat(rowsWithHashOf(ALIAS_KEY)).isOne();
	}

	@Test
	void theKeysAreNeitherStoredNorLogged(CapturedOutput output) {
		bootstrap.registerConfiguredKeys();

		assertThat(jdbc.queryForObject("select count(*) from api_key t where strpos(t::text, ?) > 0"
				+ " or strpos(t::text, ?) > 0", Integer.class, KEY, ALIAS_KEY)).isZero();
		assertThat(output.getAll()).contains("bootstrap admin key").doesNotContain(KEY, ALIAS_KEY);
	}

	@Test
	void aRevokedBootstrapKeyStaysRevokedWhenRegisteredAgain() {
		String key = "co_bootstrap-revoked-" + UUID.randomUUID();
		ApiKeys.RegisteredKey first = apiKeys.register(key, "bootstrap", TENANT, Set.of(Role.ADMIN));
		assertThat(apiKeys.revoke(first.stored().id(), null)).isTrue();

		ApiKeys.RegisteredKey again = apiKeys.register(key, "bootstrap", TENANT, Set.of(Role.ADMIN));

		assertThat(first.inserted()).isTrue();
		assertThat(again.inserted()).isFalse();
		assertThat(again.stored().id()).isEqualTo(first.stored().id());
		assertThat(again.stored().isRevoked()).isTrue();
		assertThat(statusOfListingWith(key)).isEqualTo(401);
		assertThat(rowsWithHashOf(key)).isOne();
	}

	private int rowsWithHashOf(String key) {
		return jdbc.queryForObject("select count(*) from api_key where key_hash = ?", Integer.class,
				ApiKeySecrets.hash(key));
	}

	private int statusOfListingWith(String key) {
		return Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/api-keys?size=1"))
			.header("Authorization", "Bearer " + key)
			.GET()
			.build()).statusCode();
	}

}
