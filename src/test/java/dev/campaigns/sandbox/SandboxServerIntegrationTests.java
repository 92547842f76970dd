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
		// a command-line argument, because it outranks the profile's fixed port 8090
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SandboxServerApplication.class)
			.profiles("sandbox-server")
			.run("--server.port=0")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();

			assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
			assertThat(Http.get("http://localhost:" + port + "/actuator/health").body()).contains("\"status\":\"UP\"");
			assertThat(Http.get("http://localhost:" + port + "/sandbox/polyai/_calls").body()).isEqualTo("[]");
			assertThat(context.getBeanNamesForType(Switchboard.class)).hasSize(1);
			assertThat(context.getBeanNamesForType(PolyAiEndpoints.class)).hasSize(1);
		}
	}

	@Test
	void servesNoSandboxWhenItIsSwitchedOff() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SandboxServerApplication.class)
			.profiles("sandbox-server")
			.run("--server.port=0", "--orchestrator.sandbox.enabled=false")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();

			assertThat(context.getBeanNamesForType(Switchboard.class)).isEmpty();
			assertThat(Http.get("http://localhost:" + port + "/sandbox/polyai/_calls").statusCode()).isEqualTo(404);
		}
	}

}
