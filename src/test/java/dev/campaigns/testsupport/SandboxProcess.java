package dev.campaigns.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The standalone sandbox (the fake PolyAI API) as a process of the packaged jar, as
 * {@code java -jar ... --spring.profiles.active=sandbox-server} runs it, so its CPU and heap are
 * not the orchestrator's; and its test endpoints: every call placed ({@code _calls}) and faults
 * ({@code _faults}). For the reliability suite and the benchmarks.
 */
public final class SandboxProcess implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofMinutes(3);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * A trigger the sandbox received: the call it placed, its status now, when it ended, and the
	 * last HTTP status its agent's report got (null before a report was answered).
	 */
	public record Call(String callSid, String toNumber, Instant receivedAt, String status, @Nullable Instant endedAt,
			@Nullable Integer agentReportStatus) {

		public boolean ended() {
			return endedAt != null;
		}

	}

	/** The process; its log is {@code <name>.log} in the log directory it was started with. */
	public final ServiceProcess process;

	private SandboxProcess(ServiceProcess process) {
		this.process = process;
	}

	/**
	 * Starts the sandbox in a JVM of 1 GB on a free port with these {@code property=value}
	 * settings, and waits until it is healthy.
	 */
	public static SandboxProcess start(Path logDirectory, String name, String... properties) throws Exception {
		return start(logDirectory, name, List.of("-Xmx1g"), ServiceProcess.freePort(), List.of(properties));
	}

	/**
	 * Starts the sandbox in a JVM with these options, on this port, with these
	 * {@code property=value} settings, and waits until it is healthy.
	 */
	public static SandboxProcess start(Path logDirectory, String name, List<String> jvmOptions, int port,
			List<String> properties) throws Exception {
		List<String> arguments = new ArrayList<>(List.of("spring.profiles.active=sandbox-server"));
		arguments.addAll(properties);
		ServiceProcess process = ServiceProcess.launch(name, logDirectory, jvmOptions, port, Map.of(), arguments);
		try {
			process.awaitHealthy(STARTUP);
		}
		catch (RuntimeException | Error ex) {
			process.kill();
			throw ex;
		}
		return new SandboxProcess(process);
	}

	/** The base URL of the fake API on a sandbox listening on {@code port}, for {@code orchestrator.provider.base-url}. */
	public static String url(int port) {
		return "http://127.0.0.1:" + port + "/sandbox/polyai";
	}

	/** The base URL of the fake API, for {@code orchestrator.provider.base-url}. */
	public String url() {
		return url(process.port);
	}

	/** Every call placed since the start or the last {@link #forgetCalls()}, oldest first. */
	public List<Call> calls() {
		HttpResponse<String> response = send("GET", "/_calls", null);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("_calls answered " + response.statusCode());
		}
		JsonNode calls = json.readTree(response.body());
		List<Call> list = new ArrayList<>(calls.size());
		calls.forEach(call -> {
			JsonNode report = call.path("agentReport");
			list.add(new Call(call.get("callSid").asString(), call.get("toNumber").asString(),
					Instant.parse(call.get("receivedAt").asString()), call.get("status").asString(),
					call.get("endedAt").isNull() ? null : Instant.parse(call.get("endedAt").asString()),
					report.path("httpStatus").isNumber() ? report.get("httpStatus").asInt() : null));
		});
		return list;
	}

	public void forgetCalls() {
		send("DELETE", "/_calls", null);
	}

	/** Puts a fault in force ({@code POST _faults}). */
	public void fault(String faultJson) {
		HttpResponse<String> response = send("POST", "/_faults", faultJson);
		if (response.statusCode() != 201) {
			throw new IllegalStateException("fault refused: " + response.statusCode() + " " + response.body());
		}
	}

	public void clearFaults() {
		send("DELETE", "/_faults", null);
	}

	private HttpResponse<String> send(String method, String path, @Nullable String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofMinutes(2));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** {@code kill -TERM}, then {@code kill -9} if it has not ended in time. */
	@Override
	public void close() throws InterruptedException {
		process.close();
	}

}
