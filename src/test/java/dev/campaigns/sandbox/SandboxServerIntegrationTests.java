package dev.campaigns.sandbox;

import javax.sql.DataSource;

import dev.campaigns.testsupport.Http;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxServerIntegrationTests {

	@Test
	void runsAsItsOwnProcessWithoutADatabase() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SandboxServerApplication.class)
			.profiles("sandbox-server")
			.properties("server.port=0")
			.run()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();

			assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
			assertThat(Http.get("http://localhost:" + port + "/actuator/health").body()).contains("\"status\":\"UP\"");
		}
	}

}
