package dev.campaigns.orchestrator;

import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** A production profile with a real database: nothing local, and no sandbox unless asked for. */
class ProductionModeIntegrationTests {

	@Test
	void aProfileAndADatasourceMeanNoEmbeddedDatabaseAndNoSandbox() {
		TestDatabase.Connection database = TestDatabase.connection();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OrchestratorApplication.class)
			.profiles("prod")
			.properties("spring.datasource.url=" + database.url(),
					"spring.datasource.username=" + database.username(),
					"spring.datasource.password=" + database.password(),
					"orchestrator.provider.base-url=https://api.uk-1.platform.polyai.app",
					"orchestrator.provider.auth-token=secret")
			.run("--server.port=0")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();

			assertThat(context.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
			assertThat(context.getEnvironment().getProperty("orchestrator.local.enabled")).isNull();
			assertThat(Http.get("http://localhost:" + port + "/sandbox/polyai/_calls").statusCode()).isEqualTo(404);
		}
	}

}
