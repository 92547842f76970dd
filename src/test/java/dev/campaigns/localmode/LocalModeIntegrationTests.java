package dev.campaigns.localmode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;

import dev.campaigns.orchestrator.OrchestratorApplication;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
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

	@Test
	void theSandboxsAgentReportsWhoAnsweredToTheOutcomeEndpoint() throws Exception {
		assumeFalse(RunningUser.current().isRoot(), "PostgreSQL refuses to run as root; .ci/run runs this test as an"
				+ " ordinary user");
		String voicemail = "+442079460421";

		try (ConfigurableApplicationContext local = start("--orchestrator.sandbox.queue-time=PT0S",
				"--orchestrator.sandbox.ring-time=PT1S", "--orchestrator.sandbox.talk-time=PT3S")) {
			int port = Integer.parseInt(local.getEnvironment().getProperty("local.server.port", "0"));
			String base = "http://localhost:" + port;
			Api admin = Api.at(port).as(local.getEnvironment().getProperty("orchestrator.security.bootstrap-admin-key"));
			HttpResponse<String> scripted = Http.send(HttpRequest
				.newBuilder(URI.create(base + "/sandbox/polyai/_detections/" + voicemail))
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"detection\": \"VOICEMAIL\"}"))
				.build());
			assertThat(scripted.statusCode()).isEqualTo(200);
			HttpResponse<String> created = admin.post("/api/v1/campaigns", """
					{"name": "local loop", "schedule": {"callingWindow": {"start": "00:00", "end": "23:59",
					  "days": ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]}, "defaultTimeZone": "UTC"},
					 "recipients": [{"phoneNumber": "%s"}]}""".formatted(voicemail));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			UUID campaign = UUID.fromString(Api.json(created).get("id").asString());

			// dispatched, answered by the voicemail, reported by the sandbox's agent with the development key
			JdbcTemplate jdbc = local.getBean(JdbcTemplate.class);
			String detection = null;
			for (long deadline = System.nanoTime() + 60_000_000_000L; detection == null
					&& System.nanoTime() < deadline; Thread.sleep(200)) {
				detection = jdbc.query("select detection from call_attempt where campaign_id = ?",
						rows -> rows.next() ? rows.getString(1) : null, campaign);
			}
			assertThat(detection).isEqualTo("VOICEMAIL");
		}
	}

	private ConfigurableApplicationContext start(String... arguments) {
		String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--server.port=0"),
				java.util.stream.Stream.of(arguments)).toArray(String[]::new);
		return new SpringApplicationBuilder(OrchestratorApplication.class)
			.properties("orchestrator.local.data-directory=" + home.resolve("postgres"))
			.run(all);
	}

}
