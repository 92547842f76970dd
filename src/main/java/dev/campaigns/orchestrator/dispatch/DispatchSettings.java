package dev.campaigns.orchestrator.dispatch;

import java.time.Duration;

import dev.campaigns.orchestrator.ratelimit.Pace;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast and how safely calls are started ({@code orchestrator.dispatch.*}). Everything
 * else the dispatcher uses is derived from these; see {@code docs/dispatch.md}.
 *
 * @param enabled run the dispatcher in this process (default true)
 * @param callsPerSecond the global trigger rate across all replicas together (default 10)
 * @param burst how many triggers may leave above the steady rate in any second, all replicas
 * together; 0 means a tenth of a second's worth, at least 2; else at least 2 (default 0)
 * @param maxConcurrentCalls calls being dialled or in progress at once, all campaigns and
 * replicas together (default 1000)
 * @param triggerThreads the in-flight cap: triggers claimed and not yet answered per replica,
 * each on a thread of its own while it waits for its send instant and its answer (default 256:
 * at R calls a second, a provider latency of L seconds and a lookahead of A, the replicas need
 * about R x (L + A))
 * @param lease how long a claimed recipient belongs to the replica that claimed it; a dead
 * replica's leases are taken over after this (default 2 min)
 * @param leaseMargin advanced: a trigger is sent only while its lease has at least this long to
 * run, longer than a trigger with all its retries can take (default 45 s)
 * @param lookahead advanced: how far ahead a round claims recipients and reserves their send
 * instants; a round that saw everything due comes back after nine tenths of it, so a trickle of
 * recipients falling due is claimed in batches, and triggers wait on their threads for their
 * instants (default 300 ms)
 * @param unavailableBackoff advanced: how long a recipient waits after the provider could not
 * take its call (default 1 min)
 */
@ConfigurationProperties("orchestrator.dispatch")
public record DispatchSettings(@DefaultValue("true") boolean enabled, @DefaultValue("10") double callsPerSecond,
		@DefaultValue("0") double burst, @DefaultValue("1000") int maxConcurrentCalls,
		@DefaultValue("256") int triggerThreads, @DefaultValue("2m") Duration lease,
		@DefaultValue("45s") Duration leaseMargin, @DefaultValue("300ms") Duration lookahead,
		@DefaultValue("1m") Duration unavailableBackoff) {

	private static final String PREFIX = "orchestrator.dispatch.";

	public DispatchSettings {
		require(callsPerSecond > 0 && !Double.isInfinite(callsPerSecond), "calls-per-second", callsPerSecond,
				"must be above 0");
		require(burst == 0 || (burst >= 2 && !Double.isInfinite(burst)), "burst", burst,
				"must be 0 (a tenth of a second's worth) or at least 2: below that a trigger would have to leave at"
						+ " the very instant of its send slot");
		require(maxConcurrentCalls > 0, "max-concurrent-calls", maxConcurrentCalls, "must be above 0");
		require(triggerThreads > 0, "trigger-threads", triggerThreads, "must be above 0");
		require(lease.compareTo(Duration.ofSeconds(1)) >= 0, "lease", lease, "must be at least 1 s");
		require(!leaseMargin.isNegative() && leaseMargin.compareTo(lease) < 0, "lease-margin", leaseMargin,
				"must be at least 0 and below the lease (" + lease + "), or no trigger could ever be sent");
		require(lookahead.compareTo(Duration.ofMillis(10)) >= 0, "lookahead", lookahead,
				"must be at least 10 ms (rounds would spin)");
		require(lookahead.compareTo(lease.minus(leaseMargin)) < 0, "lookahead", lookahead,
				"must be below the lease less its margin (" + lease.minus(leaseMargin)
						+ "), or a trigger claimed ahead could never be sent");
		require(!unavailableBackoff.isNegative() && !unavailableBackoff.isZero(), "unavailable-backoff",
				unavailableBackoff, "must be above 0");
	}

	private static void require(boolean holds, String name, Object value, String reason) {
		if (!holds) {
			throw new InvalidDispatchSetting(PREFIX + name, value, reason);
		}
	}

	/** The burst in force: as configured, or a tenth of a second's worth, at least 2. */
	public double effectiveBurst() {
		return burst > 0 ? burst : Math.max(2, Math.ceil(callsPerSecond / 10));
	}

	/** The global budget every trigger of every replica keeps. */
	public Pace globalPace() {
		return new Pace("global", callsPerSecond, effectiveBurst());
	}

	/**
	 * The pause before a round looks again when it found nothing to claim, or claimed all it could
	 * see: nine tenths of the lookahead, so the next round comes before the last tenth of what
	 * this one saw falls due, and a trickle is claimed a lookahead's worth at a time.
	 */
	public Duration idlePause() {
		return lookahead.multipliedBy(9).dividedBy(10);
	}

	/** A dispatch setting that cannot work, with the property's name and the reason. */
	public static final class InvalidDispatchSetting extends IllegalArgumentException {

		private final String property;

		private final String reason;

		InvalidDispatchSetting(String property, Object value, String reason) {
			super(property + " " + reason + ": " + value);
			this.property = property;
			this.reason = reason;
		}

		public String property() {
			return property;
		}

		public String reason() {
			return reason;
		}

	}

}
