package dev.campaigns.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * One process of the packaged jar ({@code java -jar target/campaign-orchestrator-*.jar}), as an
 * operator runs it: an orchestrator replica or the standalone sandbox, for the reliability suite
 * and the benchmarks. {@link #kill()} is {@code kill -9}, {@link #terminate(Duration)} is
 * {@code kill -TERM}. Whatever is still running when the test JVM ends (Ctrl-C, a killed Maven)
 * is killed then, so no replica goes on dialling on its own.
 */
public final class ServiceProcess implements AutoCloseable {

	/**
	 * The JVM of the reliability suite's processes: small, and compiled by C1 only, so that
	 * several of them start and run side by side on two cores.
	 */
	public static final List<String> SMALL_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly), "service-process-cleanup"));
	}

	private static final Pattern DISPATCH_NAME = Pattern.compile("Dispatching as replica (\\S+)");

	private static final Pattern POLL_NAME = Pattern.compile("Polling as (\\S+)");

	/** A log line's time, when it says the dispatcher starts no round from now. */
	private static final Pattern DISPATCH_SHUTDOWN = Pattern
		.compile("^(\\S+) .*Shutting down: no dispatch round starts from now");

	public final String name;

	public final int port;

	public final Path log;

	private final Process process;

	private ServiceProcess(String name, int port, Path log, Process process) {
		this.name = name;
		this.port = port;
		this.log = log;
		this.process = process;
	}

	/**
	 * Starts the jar in a {@link #SMALL_JVM} on a free port with the given
	 * {@code property=value} arguments; does not wait.
	 */
	public static ServiceProcess launch(String name, Path logDirectory, Map<String, String> environment,
			List<String> arguments) throws IOException {
		return launch(name, logDirectory, SMALL_JVM, freePort(), environment, arguments);
	}

	/**
	 * Starts the jar in a JVM with these options, on this port, with the given
	 * {@code property=value} arguments; does not wait.
	 */
	public static ServiceProcess launch(String name, Path logDirectory, List<String> jvmOptions, int port,
			Map<String, String> environment, List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar().toString(), "--server.port=" + port));
		arguments.forEach(argument -> command.add("--" + argument));
		Files.createDirectories(logDirectory);
		Path log = logDirectory.resolve(name + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		Files.writeString(log, "\n==== " + Instant.now() + " " + String.join(" ", command) + "\n",
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		Process process = builder.start();
		running.add(process);
		process.onExit().thenRun(() -> running.remove(process));
		return new ServiceProcess(name, port, log, process);
	}

	/** The packaged jar that {@code package} built (not the plain {@code .jar.original}). */
	public static Path jar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter(file -> file.getFileName().toString().matches("campaign-orchestrator-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no target/campaign-orchestrator-*.jar: run package first"));
		}
	}

	public String base() {
		return "http://127.0.0.1:" + port;
	}

	public long pid() {
		return process.pid();
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	/** Waits until {@code /actuator/health} answers 200, failing early if the process died. */
	public ServiceProcess awaitHealthy(Duration timeout) {
		Awaitility.await(name + " healthy (see " + log + ")")
			.atMost(timeout)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException(name + " ended with " + process.exitValue() + " while starting; see " + log);
				}
				try {
					return client.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health"))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
				}
				catch (IOException notYet) {
					// not listening yet
					return false;
				}
			});
		return this;
	}

	/** The dispatcher's lease owner name, from the startup log. */
	public String dispatchReplica() throws IOException {
		return lastMatch(DISPATCH_NAME).orElseThrow(() -> new IllegalStateException(name + " logged no replica name"));
	}

	/** The poller's lease owner name, from the startup log. */
	public String pollReplica() throws IOException {
		return lastMatch(POLL_NAME).orElseThrow(() -> new IllegalStateException(name + " logged no poller name"));
	}

	/** When the dispatcher began shutting down (no round starts after it), from its log line's time. */
	public Optional<Instant> dispatchShutdownBegan() throws IOException {
		return lastMatch(DISPATCH_SHUTDOWN).map(logged -> OffsetDateTime.parse(logged).toInstant());
	}

	private Optional<String> lastMatch(Pattern pattern) throws IOException {
		String found = null;
		for (String line : Files.readAllLines(log)) {
			Matcher matcher = pattern.matcher(line);
			if (matcher.find()) {
				found = matcher.group(1);
			}
		}
		return Optional.ofNullable(found);
	}

	/** {@code kill -9}: no shutdown hook runs, nothing is released. */
	public void kill() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor(30, TimeUnit.SECONDS);
	}

	/** {@code kill -TERM}: Spring's graceful shutdown; answers the exit value, or -1 if it did not end in time. */
	public int terminate(Duration timeout) throws InterruptedException {
		signalTerm();
		return awaitExit(timeout);
	}

	/** Sends {@code SIGTERM} and returns at once. */
	public void signalTerm() {
		process.destroy();
	}

	/** The exit value, or -1 if the process is still running after {@code timeout}. */
	public int awaitExit(Duration timeout) throws InterruptedException {
		if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			return process.exitValue();
		}
		return -1;
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive() && terminate(Duration.ofSeconds(40)) == -1) {
			kill();
		}
	}

	/** A port nobody listens on now, for a process to be started on later. */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
