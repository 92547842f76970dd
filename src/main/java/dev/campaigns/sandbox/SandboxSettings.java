package dev.campaigns.sandbox;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
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
 * non-blank value is accepted. A missing or blank header is always 401 (default none)
 * @param agentId the only agent id the agents API serves; another answers 404 "no connector
 * found" (default none: any)
 * @param accountId the only account id the platform API serves (default none: any)
 * @param projectId the only project id the platform API serves (default none: any)
 * @param dropHold how long a {@code DROP_RESPONSE} fault withholds the response when the
 * fault names no hold of its own (default {@code PT30S})
 */
@ConfigurationProperties("orchestrator.sandbox")
public record SandboxSettings(@DefaultValue("false") boolean enabled, @DefaultValue("PT2H") Duration retention,
		Map<CallOutcome, Integer> outcomes, @DefaultValue("PT1S") Duration queueTime,
		@DefaultValue("PT8S") Duration ringTime, @DefaultValue("PT45S") Duration talkTime,
		@DefaultValue("0.5") double talkTimeJitter, @DefaultValue("0.0") double errorRate, @Nullable Long seed,
		@Nullable String authToken, @Nullable String agentId, @Nullable String accountId,
		@Nullable String projectId, @DefaultValue("PT30S") Duration dropHold) {

	/** The outcome mix when none is configured. */
	static final Map<CallOutcome, Integer> DEFAULT_OUTCOMES = defaultOutcomes();

	public SandboxSettings {
		// the binder passes null when no weight is configured
		outcomes = (outcomes == null || outcomes.isEmpty()) ? DEFAULT_OUTCOMES
				: Collections.unmodifiableMap(new EnumMap<>(outcomes));
		requireNotNegative("retention", retention);
		requireNotNegative("queue-time", queueTime);
		requireNotNegative("ring-time", ringTime);
		requireNotNegative("talk-time", talkTime);
		requireNotNegative("drop-hold", dropHold);
		requireFraction("talk-time-jitter", talkTimeJitter);
		requireFraction("error-rate", errorRate);
		if (outcomes.values().stream().anyMatch(weight -> weight == null || weight < 0)
				|| outcomes.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
			throw new IllegalArgumentException(
					"orchestrator.sandbox.outcomes needs weights of 0 or more with a positive sum, got " + outcomes);
		}
	}

	/** The settings with every default, exactly as an empty configuration binds them. */
	public static SandboxSettings defaults() {
		return new Binder().bindOrCreate("orchestrator.sandbox", SandboxSettings.class);
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

	private static Map<CallOutcome, Integer> defaultOutcomes() {
		Map<CallOutcome, Integer> weights = new EnumMap<>(CallOutcome.class);
		weights.put(CallOutcome.ANSWERED, 70);
		weights.put(CallOutcome.NO_ANSWER, 15);
		weights.put(CallOutcome.BUSY, 10);
		weights.put(CallOutcome.FAILED, 5);
		return Collections.unmodifiableMap(weights);
	}

}
