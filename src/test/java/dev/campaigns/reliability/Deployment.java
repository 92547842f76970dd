package dev.campaigns.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.SandboxProcess;
import dev.campaigns.testsupport.ServiceProcess;
import dev.campaigns.testsupport.Sql;

/**
 * What the suite runs: one PostgreSQL database, the sandbox as its own process and orchestrator
 * replicas as separate processes of the packaged jar, all configured for scenarios that last
 * minutes, not hours (short calls, short leases, fast polling). Processes still running when
 * the suite's JVM ends are killed by {@link ServiceProcess}.
 */
final class Deployment implements AutoCloseable {

	/** The global trigger rate R. */
	static final int CALLS_PER_SECOND = 100;

	/** The global bucket's burst at that rate (a tenth of a second's worth, the default). */
	static final int BURST = 10;

	static final Duration LEASE = Duration.ofSeconds(20);

	static final Duration LEASE_MARGIN = Duration.ofSeconds(8);

	static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(4);

	static final Duration DROP_HOLD = Duration.ofSeconds(8);

	private static final Duration STARTUP = Duration.ofMinutes(3);

	final Sql sql;

	final SandboxProcess sandbox;

	final Path logs;

	private final List<ServiceProcess> replicas = new CopyOnWriteArrayList<>();

	private int started;

	private Deployment(Sql sql, SandboxProcess sandbox, Path logs) {
		this.sql = sql;
		this.sandbox = sandbox;
		this.logs = logs;
	}

	static Deployment start(Sql sql, Path logs) throws Exception {
		SandboxProcess sandbox = SandboxProcess.start(logs, "sandbox", ServiceProcess.SMALL_JVM,
				ServiceProcess.freePort(),
				List.of("orchestrator.sandbox.queue-time=PT0.5S", "orchestrator.sandbox.ring-time=PT2S",
						"orchestrator.sandbox.talk-time=PT4S", "orchestrator.sandbox.retention=PT1H",
						"orchestrator.sandbox.seed=7", "orchestrator.sandbox.drop-hold=" + DROP_HOLD,
						"logging.level.root=WARN"));
		return new Deployment(sql, sandbox, logs);
	}

	/** Starts {@code count} more replicas at once and waits until every one is healthy. */
	List<ServiceProcess> startReplicas(int count) throws Exception {
		List<ServiceProcess> launched = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			launched.add(ServiceProcess.launch("replica-" + (++started), logs, Map.of(), replicaArguments()));
		}
		for (ServiceProcess replica : launched) {
			replica.awaitHealthy(STARTUP);
		}
		replicas.addAll(launched);
		return launched;
	}

	/**
	 * Stops every replica (gracefully) and starts {@code count} new ones with these settings in
	 * place of the usual ones of the same names.
	 */
	List<ServiceProcess> replaceReplicas(int count, String... settings) throws Exception {
		replicas.removeIf(replica -> !replica.isAlive());
		while (!replicas.isEmpty()) {
			replicas.remove(replicas.size() - 1).close();
		}
		List<String> arguments = new ArrayList<>(replicaArguments());
		for (String setting : settings) {
			// an argument given twice is bound as both values joined by a comma: the override replaces it
			String name = setting.substring(0, setting.indexOf('=') + 1);
			arguments.removeIf(argument -> argument.startsWith(name));
			arguments.add(setting);
		}
		List<ServiceProcess> launched = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			launched.add(ServiceProcess.launch("replica-" + (++started), logs, Map.of(), arguments));
		}
		for (ServiceProcess replica : launched) {
			replica.awaitHealthy(STARTUP);
		}
		replicas.addAll(launched);
		return launched;
	}

	/** Makes sure exactly {@code count} replicas run, starting or stopping (gracefully) the difference. */
	List<ServiceProcess> ensureReplicas(int count) throws Exception {
		replicas.removeIf(replica -> !replica.isAlive());
		while (replicas.size() > count) {
			replicas.remove(replicas.size() - 1).close();
		}
		if (replicas.size() < count) {
			startReplicas(count - replicas.size());
		}
		return List.copyOf(replicas);
	}

	List<ServiceProcess> replicas() {
		replicas.removeIf(replica -> !replica.isAlive());
		return List.copyOf(replicas);
	}

	void forget(ServiceProcess replica) {
		replicas.remove(replica);
	}

	Api api(ServiceProcess replica) {
		return Api.at(replica.port);
	}

	private List<String> replicaArguments() {
		return List.of("spring.datasource.url=" + sql.url(), "spring.datasource.username=" + sql.username(),
				"spring.datasource.hikari.maximum-pool-size=8", "spring.datasource.hikari.minimum-idle=2",
				"orchestrator.security.bootstrap-admin-key=" + Api.TEST_ADMIN_KEY,
				"orchestrator.provider.base-url=" + sandbox.url(), "orchestrator.provider.auth-token=reliability",
				"orchestrator.provider.status-retention=PT1H",
				"orchestrator.provider.response-timeout=" + RESPONSE_TIMEOUT,
				"orchestrator.dispatch.calls-per-second=" + CALLS_PER_SECOND,
				"orchestrator.dispatch.burst=" + BURST, "orchestrator.dispatch.max-concurrent-calls=5000",
				"orchestrator.dispatch.lease=" + LEASE, "orchestrator.dispatch.lease-margin=" + LEASE_MARGIN,
				"orchestrator.dispatch.unavailable-backoff=5s", "orchestrator.status.first-poll=3s",
				"orchestrator.status.ringing-interval=1s", "orchestrator.status.expected-talk-time=4s",
				"orchestrator.status.in-progress-interval=1s", "orchestrator.status.max-interval=3s",
				"orchestrator.status.not-visible-retry=1s", "orchestrator.status.requests-per-second=400",
				"orchestrator.status.lease=" + LEASE,
				"resilience4j.circuitbreaker.instances.polyai-trigger.wait-duration-in-open-state=10s",
				"resilience4j.circuitbreaker.instances.polyai-status.wait-duration-in-open-state=5s",
				"orchestrator.notify.enabled=false", "management.endpoints.web.exposure.include=health,prometheus",
				"logging.level.root=WARN", "logging.level.dev.campaigns=INFO",
				"logging.level.org.springframework.boot.tomcat=INFO",
				// a line as each trigger leaves: the suite counts them in every sliding second
				"logging.level.dev.campaigns.orchestrator.dispatch.internal.TriggerSender.leaving=DEBUG");
	}

	/**
	 * When each trigger of the campaign left a replica, from every replica's log (the line the
	 * dispatcher writes as it hands the request to the HTTP client; the replicas' clock, to the
	 * millisecond), in order.
	 */
	List<Leaving> triggersLeaving(UUID campaign) throws IOException {
		Pattern line = Pattern.compile("^(\\S+) .*Trigger leaving: campaign " + campaign + " attempt (\\d+)");
		List<Leaving> times = new ArrayList<>();
		try (Stream<Path> files = Files.list(logs)) {
			for (Path file : files.filter(file -> file.getFileName().toString().startsWith("replica-")).toList()) {
				for (String text : Files.readAllLines(file)) {
					Matcher matcher = line.matcher(text);
					if (matcher.find()) {
						times.add(new Leaving(OffsetDateTime.parse(matcher.group(1)).toInstant(),
								Long.parseLong(matcher.group(2))));
					}
				}
			}
		}
		times.sort(java.util.Comparator.comparing(Leaving::at));
		return times;
	}

	/** A trigger leaving a replica: when (its log line's time), and its attempt. */
	record Leaving(Instant at, long attempt) {
	}

	@Override
	public void close() throws Exception {
		for (ServiceProcess replica : replicas) {
			replica.kill();
		}
		replicas.clear();
		sandbox.close();
	}

}
