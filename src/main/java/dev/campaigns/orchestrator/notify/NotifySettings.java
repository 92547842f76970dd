package dev.campaigns.orchestrator.notify;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How webhooks are delivered ({@code orchestrator.notify.*}). Deliveries are sent on a pool of
 * their own, never on the loop's thread: a receiver that answers slowly costs its own
 * deliveries at most {@code request-timeout} each, and never more than
 * {@code max-in-flight-per-receiver} of the pool. See {@code docs/webhooks.md}.
 *
 * @param enabled run the delivery loop in this process (default true)
 * @param interval pause between rounds when nothing was due (default 1 s)
 * @param batchSize most outbox events routed, and most deliveries claimed, per round (default 50)
 * @param maxAttempts tries of one delivery before it is dead (default 10)
 * @param initialBackoff the pause after the first failure; doubles with each further failure
 * (default 10 s)
 * @param maxBackoff the longest pause between two tries (default 1 h)
 * @param jitter the share of each pause that is random, so receivers that recover are not hit
 * by every retry at once: a pause is between {@code (1 - jitter)} and 1 times its nominal
 * length (default 0.2)
 * @param connectTimeout how long to wait for a receiver's connection, within
 * {@code request-timeout} (default 5 s)
 * @param requestTimeout the deadline of one delivery's whole exchange: connecting, sending, and
 * the receiver's answer, headers and body; past it the try has failed (default 10 s)
 * @param lease how long a claimed delivery belongs to this replica before another may try it;
 * at least {@code request-timeout} + 5 s (the time to record the answer, and the replicas'
 * clocks' disagreement), so no delivery in flight is sent again by another replica (default 1 min)
 * @param previousSecretValidity how long the previous secret still signs after a rotation,
 * unless retired earlier (default 24 h)
 * @param maxInFlight the sending pool's threads: most deliveries in flight at once in this replica
 * (default 32)
 * @param maxInFlightPerReceiver most deliveries in flight at once to one receiver (the URL's
 * scheme, host and port, as written) in this replica; a round claims a receiver's deliveries only
 * while it has room, so a slow receiver holds at most this many of the pool's threads (default
 * 4; at least 1, at most {@code max-in-flight})
 * @param maxAnswerSize the largest answer body read from a receiver; a larger one makes the try
 * a failure (default 64 KB, at least 1 KB)
 * @param allowedInternalTargets internal addresses webhooks may reach nevertheless: CIDR blocks
 * ({@code 10.20.0.0/16}, {@code fd12::/16}), single addresses, or host names (then whatever the
 * name resolves to); by default (empty) a subscription or delivery whose host is, or resolves
 * to, a loopback, private, link-local, unique-local, carrier-grade NAT, multicast, unspecified or
 * reserved address is refused, and so is a delivery that connects to one. Cloud metadata
 * addresses ({@code 169.254.169.254}, {@code fd00:ec2::254}) are refused even when allowed here.
 * See {@code docs/security.md} (default empty)
 */
@ConfigurationProperties("orchestrator.notify")
public record NotifySettings(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration interval,
		@DefaultValue("50") int batchSize, @DefaultValue("10") int maxAttempts,
		@DefaultValue("10s") Duration initialBackoff, @DefaultValue("1h") Duration maxBackoff,
		@DefaultValue("0.2") double jitter, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("10s") Duration requestTimeout, @DefaultValue("1m") Duration lease,
		@DefaultValue("24h") Duration previousSecretValidity, @DefaultValue("32") int maxInFlight,
		@DefaultValue("4") int maxInFlightPerReceiver, @DefaultValue("64KB") DataSize maxAnswerSize,
		@DefaultValue List<String> allowedInternalTargets) {

	/** How much longer than an exchange's deadline a lease must be: recording its answer, and clock skew. */
	public static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

	private static final String PREFIX = "orchestrator.notify.";

	public NotifySettings {
		allowedInternalTargets = List.copyOf(allowedInternalTargets);
		require(batchSize > 0, PREFIX + "batch-size must be above 0: " + batchSize);
		require(maxAttempts > 0, PREFIX + "max-attempts must be above 0: " + maxAttempts);
		require(positive(requestTimeout), PREFIX + "request-timeout must be above 0: " + requestTimeout);
		require(positive(connectTimeout) && connectTimeout.compareTo(requestTimeout) <= 0,
				PREFIX + "connect-timeout (" + connectTimeout + ") must be above 0 and at most " + PREFIX
						+ "request-timeout (" + requestTimeout + "), the deadline of the whole exchange");
		require(lease.compareTo(requestTimeout.plus(LEASE_MARGIN)) >= 0, PREFIX + "lease (" + lease
				+ ") must be at least " + PREFIX + "request-timeout (" + requestTimeout + ") + " + LEASE_MARGIN
				+ ": a delivery still in flight when its lease ends is sent again by another replica");
		require(maxInFlight > 0, PREFIX + "max-in-flight must be above 0: " + maxInFlight);
		require(maxInFlightPerReceiver > 0 && maxInFlightPerReceiver <= maxInFlight,
				PREFIX + "max-in-flight-per-receiver (" + maxInFlightPerReceiver + ") must be above 0 and at most "
						+ PREFIX + "max-in-flight (" + maxInFlight + ")");
		require(maxAnswerSize.toBytes() >= 1024,
				PREFIX + "max-answer-size must be at least 1KB (an answer's body is read, not ignored): "
						+ maxAnswerSize);
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	private static void require(boolean holds, String refusal) {
		if (!holds) {
			throw new IllegalArgumentException(refusal);
		}
	}

}
