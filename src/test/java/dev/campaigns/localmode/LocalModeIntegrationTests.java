package dev.campaigns.localmode;

import java.nio.file.Path;
import java.util.UUID;

import dev.campaigns.orchestrator.OrchestratorApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The service as {@code ./mvnw spring-boot:run} starts it: no profile, no datasource. Needs
 * an ordinary user (PostgreSQL refuses root); {@code .ci/run} runs it as one.
 */
class LocalModeIntegrationTests {

	@TempDir
	Path home;

	@Test
	void startsOnAnEmbeddedDatabaseThatKeepsCampaignsAcrossRestarts() {
		assumeFalse(RunningUser.current().isRoot(), "PostgreSQL refuses to run as root; .ci/run runs this test as an"
				+ " ordinary user");
		UUID id = UUID.randomUUID();

		try (ConfigurableApplicationContext first = start()) {
			assertThat(first.getBeanNamesForType(EmbeddedPostgres.class)).hasSize(1);
			assertThat(first.getEnvironment().getProperty("orchestrator.sandbox.enabled")).isEqualTo("true");
			first.getBean(JdbcTemplate.class)
				.update("insert into campaign (id, tenant, name, status, calling_window, retry_policy,"
						+ " calls_per_minute, max_concurrent_calls, call_options, created_at, updated_at)"
						+ " values (?, 'local', 'kept', 'SCHEDULED', '{}', '{}', 60, 20, '{}', now(), now())", id);
		}

		try (ConfigurableApplicationContext second = start()) {
			String name = second.getBean(JdbcTemplate.class)
				.queryForObject("select name from campaign where id = ?", String.class, id);
			assertThat(name).isEqualTo("kept");
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(OrchestratorApplication.class)
			.properties("orchestrator.local.data-directory=" + home.resolve("postgres"))
			.run("--server.port=0");
	}

}
