package dev.campaigns.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox (fake PolyAI API) as a process of its own, as
 * {@code java ... dev.campaigns.Main --spring.profiles.active=sandbox-server} runs it, on
 * the test's classpath and a free port, so its CPU and heap are not the orchestrator's.
 */
final class SandboxProcess implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** A trigger the sandbox received. */
	record Call(String toNumber, Instant receivedAt) {
	}

	private final Process process;

	private final String base;

	private SandboxProcess(Process process, int port) {
		this.process = process;
		this.base = "http://127.0.0.1:" + port;
	}

	static SandboxProcess start(Path log, String... properties) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx1g", "-cp", System.getProperty("java.class.path"), "dev.campaigns.Main",
				"--spring.profiles.active=sandbox-server", "--server.port=" + port));
		for (String property : properties) {
			command.add("--" + property);
		}
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		SandboxProcess sandbox = new SandboxProcess(process, port);
		try {
			sandbox.awaitHealthy(Duration.ofSeconds(90), log);
		}
		catch (Exception | Error ex) {
			sandbox.close();
			throw ex;
		}
		return sandbox;
	}

	/** The base URL of the fake API, for {@code orchestrator.provider.base-url}. */
	String url() {
		return base + "/sandbox/polyai";
	}

	/** Every trigger received since the start or the last {@link #forgetCalls()}. */
	List<Call> calls() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + "/_calls"))
			.timeout(Duration.ofMinutes(2))
			.GET()
			.build());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("_calls answered " + response.statusCode());
		}
		JsonNode calls = json.readTree(response.body());
		List<Call> list = new ArrayList<>(calls.size());
		calls.forEach(call -> list.add(
				new Call(call.get("toNumber").asString(), Instant.parse(call.get("receivedAt").asString()))));
		return list;
	}

	void forgetCalls() {
		send(HttpRequest.newBuilder(URI.create(url() + "/_calls")).timeout(Duration.ofSeconds(30)).DELETE().build());
	}

	private void awaitHealthy(Duration timeout, Path log) {
		Awaitility.await("the sandbox healthy (see " + log + ")")
			.atMost(timeout)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException("the sandbox process ended with " + process.exitValue() + "; see " + log);
				}
				try {
					return client.send(
							HttpRequest.newBuilder(URI.create(base + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
							HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
				}
				catch (IOException notYet) {
					// not listening yet
					return false;
				}
			});
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(15, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
