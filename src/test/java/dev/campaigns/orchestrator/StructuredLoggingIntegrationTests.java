package dev.campaigns.orchestrator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.campaigns.Main;
import dev.campaigns.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the service in its own JVM, because logging is configured once per JVM and the other
 * tests' contexts would keep the plain format.
 */
class StructuredLoggingIntegrationTests {

	@Test
	void onePropertyTurnsEveryLogLineIntoJson() throws Exception {
		TestDatabase.Connection database = TestDatabase.connection();
		Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), Main.class.getName(), "--spring.profiles.active=test",
				"--server.port=0", "--spring.datasource.url=" + database.url(),
				"--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(), "--logging.structured.format.console=ecs")
			.redirectErrorStream(true)
			.start();
		List<String> lines = new ArrayList<>();
		try {
			CompletableFuture<Void> untilReady = CompletableFuture.runAsync(() -> readUntilReady(service, lines));
			untilReady.get(120, TimeUnit.SECONDS);
		}
		finally {
			service.destroy();
			service.waitFor(30, TimeUnit.SECONDS);
		}

		JsonMapper json = JsonMapper.builder().build();
		List<String> logLines = lines.stream().filter(line -> !line.isBlank()).filter(line -> !line.startsWith(" ")).toList();
		assertThat(logLines).hasSizeGreaterThan(5).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
		JsonNode ready = json.readTree(lines.get(lines.size() - 1));
		assertThat(ready.path("@timestamp").asString()).isNotBlank();
		assertThat(ready.path("log").path("level").asString()).isEqualTo("INFO");
		assertThat(ready.path("message").asString()).contains("/swagger-ui.html", "/admin");
	}

	private static void readUntilReady(Process service, List<String> lines) {
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = out.readLine()) != null) {
				if (line.contains("Spring Boot") && line.contains("::")) {
					continue; // the banner is not a log line
				}
				lines.add(line);
				if (line.contains("Campaign Orchestrator is ready")) {
					return;
				}
			}
			throw new IllegalStateException("the service stopped before it was ready:\n" + String.join("\n", lines));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
