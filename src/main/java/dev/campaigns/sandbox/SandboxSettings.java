package dev.campaigns.sandbox;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the sandbox behaves ({@code orchestrator.sandbox.*}).
 *
 * <p>A call's life: it is queued for {@code queueTime}; then an answered call rings for
 * {@code ringTime} and talks for {@code talkTime} (± {@code talkTimeJitter}); a no-answer
 * call rings for three times {@code ringTime}; a busy or failed call ends a quarter of
 * {@code ringTime} after it leaves the queue.
 *
 * @param enabled serve the fake PolyAI API in this process (default {@code false})
 * @param retention how long a call's status stays readable after the call ends; later the
 * status endpoint answers 404, as PolyAI's does after about two hours (default {@code PT2H})
 * @param outcomes relative weights of how calls end, keyed {@code answered},
 * {@code no-answer}, {@code busy}, {@code failed}; setting any key replaces the whole mix,
 * and a missing key weighs 0 (default answered=70, no-answer=15, busy=10, failed=5)
 * @param queueTime how long a call stays queued before it rings (default {@code PT1S})
 * @param ringTime how long an answered call rings before it is picked up; sets the no-answer
 * and busy/failed durations too (default {@code PT8S})
 * @param talkTime the mean time an answered call stays in progress (default {@code PT45S})
 * @param talkTimeJitter how far one call's talk time strays from {@code talkTime}, as a
 * fraction drawn uniformly from ±this, between 0 and 1, so calls have mixed lengths
 * (default {@code 0.5})
 * @param errorRate the fraction of well-formed triggers answered with a spontaneous 500
 * without placing a call, between 0 and 1 (default {@code 0.0})
 * @param seed seeds the outcome, talk-time and error draws so a run's mix is reproducible
 * (default none: a different mix every start)
 * @param authToken the only credential accepted in the dialect's auth header; when unset any
 * non-blank value is accepted. A missing or blank header is always 401. Not with
 * {@code connections} (default none)
 * @param detections relative weights of who picks up an answered call, keyed {@code human},
 * {@code voicemail}, {@code ivr}, {@code not-in-service}, {@code operator}; the provider ends
 * each such call {@code completed}, and only the agent's report tells them apart. Setting any
 * key replaces the whole mix; a missing key weighs 0 (default human=100)
 * @param detectionTime how long after the answer the agent has told who answered; a call
 * answered by anything but a person ends then, the agent hanging up (default {@code PT5S})
 * @param agent what the agent of an answered call reports to the calling system, and where
 * (default: nothing, nowhere)
 * @param agentId the only agent id the agents API serves; another answers 404 "no connector
 * found". Not with {@code connections} (default none: any)
 * @param accountId the only account id the platform API serves. Not with {@code connections}
 * (default none: any)
 * @param projectId the only project id the platform API serves. Not with {@code connections}
 * (default none: any)
 * @param connections several credentials at once, each with whom it serves:
 * {@code connections[n].credential} (required, not blank) and, each unset for any,
 * {@code .agent-id} (agents API), {@code .account-id} and {@code .project-id} (platform API). A request is served only when its credential is an entry's and its path
 * names no other agent, account or project than that same entry pins: an unknown credential
 * is 401, a known one on another agent or project 404 "no connector found"; a credential
 * listed twice serves both entries. Replaces {@code auth-token}, {@code agent-id},
 * {@code account-id} and {@code project-id}, which must then be unset (default none: those
 * four decide)
 * @param dropHold how long a {@code DROP_RESPONSE} fault withholds the response when the
 * fault names no hold of its own (default {@code PT30S})
 */
@ConfigurationProperties("orchestrator.sandbox")
public record SandboxSettings(@DefaultValue("false") boolean enabled, @DefaultValue("PT2H") Duration retention,
		Map<CallOutcome, Integer> outcomes, @DefaultValue("PT1S") Duration queueTime,
		@DefaultValue("PT8S") Duration ringTime, @DefaultValue("PT45S") Duration talkTime,
		@DefaultValue("0.5") double talkTimeJitter, @DefaultValue("0.0") double errorRate, @Nullable Long seed,
		@Nullable String authToken, @Nullable String agentId, @Nullable String accountId,
		@Nullable String projectId, @Nullable List<Connection> connections,
		@DefaultValue("PT30S") Duration dropHold, Map<Detection, Integer> detections,
		@DefaultValue("PT5S") Duration detectionTime, @NestedConfigurationProperty @Nullable AgentSettings agent) {

	/** The outcome mix when none is configured. */
	static final Map<CallOutcome, Integer> DEFAULT_OUTCOMES = defaultOutcomes();

	/** The detection mix when none is configured: a person answers every answered call. */
	static final Map<Detection, Integer> ALL_HUMAN = Collections
		.unmodifiableMap(new EnumMap<>(Map.of(Detection.HUMAN, 100)));

	public SandboxSettings {
		// the binder passes null when no weight is configured
		outcomes = (outcomes == null || outcomes.isEmpty()) ? DEFAULT_OUTCOMES
				: Collections.unmodifiableMap(new EnumMap<>(outcomes));
		connections = (connections == null) ? List.of() : List.copyOf(connections);
		// the binder passes null when no weight or no agent is configured
		detections = (detections == null || detections.isEmpty()) ? ALL_HUMAN
				: Collections.unmodifiableMap(new EnumMap<>(detections));
		agent = (agent == null) ? AgentSettings.none() : agent;
		requireConnections(connections, authToken, agentId, accountId, projectId);
		requireNotNegative("retention", retention);
		requireNotNegative("queue-time", queueTime);
		requireNotNegative("ring-time", ringTime);
		requireNotNegative("talk-time", talkTime);
		requireNotNegative("drop-hold", dropHold);
		requireNotNegative("detection-time", detectionTime);
		requireFraction("talk-time-jitter", talkTimeJitter);
		requireFraction("error-rate", errorRate);
		requireWeights("outcomes", outcomes);
		requireWeights("detections", detections);
	}

	/** Whether every answered call is answered by a person, so no detection is ever drawn. */
	boolean answeredByHumansOnly() {
		return detections.entrySet()
			.stream()
			.allMatch(weight -> weight.getKey() == Detection.HUMAN || weight.getValue() == 0);
	}

	private static void requireWeights(String name, Map<?, Integer> weights) {
		if (weights.values().stream().anyMatch(weight -> weight == null || weight < 0)
				|| weights.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
			throw new IllegalArgumentException(
					"orchestrator.sandbox." + name + " needs weights of 0 or more with a positive sum, got " + weights);
		}
	}

	/** The settings with every default, exactly as an empty configuration binds them. */
	public static SandboxSettings defaults() {
		return new Binder().bindOrCreate("orchestrator.sandbox", SandboxSettings.class);
	}

	private static void requireConnections(List<Connection> connections, @Nullable String authToken,
			@Nullable String agentId, @Nullable String accountId, @Nullable String projectId) {
		for (int i = 0; i < connections.size(); i++) {
			String credential = connections.get(i).credential();
			// the binder passes null for an entry that names no credential
			if (credential == null || credential.isBlank()) {
				throw new IllegalArgumentException(
						"orchestrator.sandbox.connections[" + i + "].credential is required and must not be blank");
			}
		}
		if (connections.isEmpty()) {
			return;
		}
		Map<String, @Nullable String> single = new LinkedHashMap<>();
		single.put("auth-token", authToken);
		single.put("agent-id", agentId);
		single.put("account-id", accountId);
		single.put("project-id", projectId);
		single.forEach((name, value) -> {
			if (value != null) {
				throw new IllegalArgumentException("orchestrator.sandbox." + name
						+ " cannot be set together with orchestrator.sandbox.connections: give each connection its own"
						+ " credential and pins instead");
			}
		});
	}

	private static void requireNotNegative(String name, Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("orchestrator.sandbox." + name + " must not be negative: " + duration);
		}
	}

	private static void requireFraction(String name, double value) {
		if (!(value >= 0.0 && value <= 1.0)) {
			throw new IllegalArgumentException("orchestrator.sandbox." + name + " must be between 0 and 1: " + value);
		}
	}

	/**
	 * One credential the sandbox accepts, and whom it serves ({@code orchestrator.sandbox.connections[n]}).
	 * The same credential may be listed more than once, to serve several agents or projects.
	 *
	 * @param credential the value of the dialect's auth header (token, API key or connector id)
	 * that this entry accepts (required, not blank)
	 * @param agentId the only agent the credential serves in the agents API (default none: any)
	 * @param accountId the only account the credential serves in the platform API (default
	 * none: any)
	 * @param projectId the only project the credential serves in the platform API (default
	 * none: any)
	 */
	public record Connection(String credential, @Nullable String agentId, @Nullable String accountId,
			@Nullable String projectId) {
	}

	private static Map<CallOutcome, Integer> defaultOutcomes() {
		Map<CallOutcome, Integer> weights = new EnumMap<>(CallOutcome.class);
		weights.put(CallOutcome.ANSWERED, 70);
		weights.put(CallOutcome.NO_ANSWER, 15);
		weights.put(CallOutcome.BUSY, 10);
		weights.put(CallOutcome.FAILED, 5);
		return Collections.unmodifiableMap(weights);
	}

}
