package dev.campaigns.orchestrator.dispatch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast and how safely calls are started ({@code orchestrator.dispatch.*}).
 *
 * @param enabled run the dispatcher in this process (default true)
 * @param callsPerSecond the global trigger rate across all replicas together (default 10)
 * @param burst how many triggers may go out above the steady rate in any second (the global
 * bucket's window holds every second to R + burst), and the most a round takes at once; after a
 * quiet spell two bursts may go out within a few rounds; 0 means a tenth of a second's worth, at
 * least 1 (default 0)
 * @param maxConcurrentCalls calls being dialled or in progress at once, all campaigns and
 * replicas together (default 1000)
 * @param batchSize most recipients claimed in one statement (default 100)
 * @param interval pause before the next claim when nothing was due and claim-ahead is off (with
 * it, claim-ahead less take-ahead, at least this); also the pause after a failed round, and while
 * a campaign is at its concurrency cap or has recipients due only within claim-ahead while the
 * tokens are scarce (default 25 ms)
 * @param lease how long a claimed recipient belongs to the replica that claimed it; a dead
 * replica's leases are taken over after this (default 2 min)
 * @param leaseMargin a trigger is only sent while the lease has at least this long to run,
 * longer than a trigger with all its retries can take (default 45 s)
 * @param triggerThreads HTTP requests to the provider in flight at once per replica, and triggers
 * claimed but unanswered (default 256: at R calls a second and a latency of L seconds the
 * replicas need R x L)
 * @param unavailableBackoff how long a recipient waits after the provider could not take its
 * call (default 1 min)
 * @param rateRecoveryPerSecond after a 429 the rate is halved; it then grows back by this
 * fraction of the full rate per second (default 0.02: full rate 50 s after a halving)
 * @param maxSendDelay a trigger whose tokens were granted longer ago than this when its request
 * could leave is put back unsent (reason {@code SEND_TOO_LATE}, due again at once, its tokens
 * spent): a stall of the process, the database or the trigger pool then never sends triggers
 * late together with later ones. The global bucket's window is 1 s + this + the path
 * allowance, limited to R + burst, so the triggers leaving in any second stay within R + burst;
 * it allows (R + burst) / window on average, at the defaults 2.8 % above R: keep this and the
 * path allowance together well below burst / R (a tenth of a second by default), or the window
 * holds the rate below R (default 50 ms)
 * @param takeAhead how long before the global bucket holds a batch again a round may start: it
 * runs its statements meanwhile, takes the tokens for that instant, claims and checks its
 * recipients, and its triggers wait on the trigger pool for that instant. Without it every take
 * comes one round's statements late for the room that frees in the bucket's window, and such
 * delays add up along the window's takes; keep it below the time a batch takes to refill
 * (0.8 burst / R, 80 ms at the default burst). A round that takes its tokens before it claims
 * (they are scarce) also takes them at least as far ahead as such rounds recently took from their
 * take to their last trigger handed to the pool (each measure halves the distance to it), within
 * this: on a busy machine the take's, claim's and checks' statements then no longer count against
 * max-send-delay. 0 turns it off (default 50 ms)
 * @param pathAllowance how much closer together requests may reach the provider than they left
 * (the network and the provider's own scheduling move them): the global bucket's window grows
 * by it, so requests that left within R + burst of any 1 s + this also arrive within it in any
 * second, if their transit times differ by no more (default 20 ms)
 * @param claimAhead while the rate's tokens are plentiful (recipients falling due one by one,
 * below the limits), a round also claims the recipients due within this much from now; each of
 * their triggers waits on the trigger pool for its recipient's due time, its token stamped in the
 * global bucket's window at that instant, and the next round comes this minus take-ahead later
 * (so a trickle is claimed in batches, a few statements for several calls, instead of a round of
 * statements per call). Recipients that fall due unannounced wait at most that long for a round
 * (those stored or resumed on this replica wake its loop at once: {@code RecipientsDue}); the checks (do-not-call list, calling window at the due time,
 * pause) are made at the claim, at most this long before the call. 0 turns it off (default
 * 300 ms)
 */
@ConfigurationProperties("orchestrator.dispatch")
public record DispatchSettings(@DefaultValue("true") boolean enabled, @DefaultValue("10") double callsPerSecond,
		@DefaultValue("0") double burst, @DefaultValue("1000") int maxConcurrentCalls,
		@DefaultValue("100") int batchSize, @DefaultValue("25ms") Duration interval,
		@DefaultValue("2m") Duration lease, @DefaultValue("45s") Duration leaseMargin,
		@DefaultValue("256") int triggerThreads, @DefaultValue("1m") Duration unavailableBackoff,
		@DefaultValue("0.02") double rateRecoveryPerSecond, @DefaultValue("50ms") Duration maxSendDelay,
		@DefaultValue("50ms") Duration takeAhead, @DefaultValue("20ms") Duration pathAllowance,
		@DefaultValue("300ms") Duration claimAhead) {

	public DispatchSettings {
		if (!(callsPerSecond > 0)) {
			throw new IllegalArgumentException("orchestrator.dispatch.calls-per-second must be above 0: " + callsPerSecond);
		}
		if (!(burst >= 0)) {
			throw new IllegalArgumentException("orchestrator.dispatch.burst must not be negative (0: a tenth of a"
					+ " second's worth): " + burst);
		}
		requirePositive("max-send-delay", maxSendDelay, " (no trigger could ever leave)");
		requireNotNegative("take-ahead", takeAhead);
		requireNotNegative("path-allowance", pathAllowance);
		requireNotNegative("claim-ahead", claimAhead);
		requirePositive("max-concurrent-calls", maxConcurrentCalls);
		requirePositive("batch-size", batchSize);
		requirePositive("trigger-threads", triggerThreads);
		requirePositive("interval", interval, " (an idle loop would spin)");
		if (leaseMargin.isNegative() || leaseMargin.compareTo(lease) >= 0) {
			throw new IllegalArgumentException("orchestrator.dispatch.lease-margin must be at least 0 and below the"
					+ " lease (" + lease + "), or no trigger could ever be sent: " + leaseMargin);
		}
		if (claimAhead.compareTo(lease.minus(leaseMargin)) >= 0) {
			throw new IllegalArgumentException("orchestrator.dispatch.claim-ahead must be below the lease less its"
					+ " margin (" + lease.minus(leaseMargin) + "), or a trigger claimed ahead could never be sent: "
					+ claimAhead);
		}
	}

	private static void requirePositive(String name, Duration duration, String why) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("orchestrator.dispatch." + name + " must be above 0" + why + ": " + duration);
		}
	}

	private static void requirePositive(String name, int value) {
		if (value <= 0) {
			throw new IllegalArgumentException("orchestrator.dispatch." + name + " must be above 0: " + value);
		}
	}

	private static void requireNotNegative(String name, Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("orchestrator.dispatch." + name + " must not be negative: " + duration);
		}
	}

	/**
	 * The global bucket's sliding window, limited to R + burst: 1 s, plus max-send-delay (a
	 * trigger leaves within it of its grant), plus the path allowance. At the defaults it allows
	 * (R + burst) / 1.07 s on average, 2.8 % above R: room for rounds that come late.
	 */
	public Duration window() {
		return Duration.ofSeconds(1).plus(maxSendDelay).plus(pathAllowance);
	}

	/** What the global bucket's window allows above R in a second, and the batch a round waits for. */
	public double effectiveBurst() {
		return burst > 0 ? burst : Math.max(1, Math.ceil(callsPerSecond / 10));
	}

	/**
	 * The most a round takes from the global bucket: one burst (whole tokens, at least one). A
	 * round that finds more (it came late, or the loop was quiet) leaves the rest for the rounds
	 * that follow at once, so no batch is larger than a burst: a larger one takes longer to hand
	 * to the pool than {@code max-send-delay} allows on a busy machine, and its last triggers go
	 * late.
	 */
	public int largestTake() {
		return (int) Math.max(1, Math.floor(effectiveBurst()));
	}

	/**
	 * The global bucket's capacity while busy: four bursts. Its window holds every second to R +
	 * burst, so what the bucket holds above a burst is only a reserve: rounds that come late (a
	 * slow statement, a busy machine, a pause of the process) find the tokens they would
	 * otherwise have lost to the cap, and catch up in batches of at most {@link #largestTake()},
	 * within the window.
	 */
	public double globalCapacity() {
		return 4 * effectiveBurst();
	}

	/**
	 * What the global bucket holds after a quiet spell (no take while it could have refilled
	 * twice its capacity) and when first used: two bursts. The reserve is for rounds that come
	 * late while busy; after a pause four bursts at once would fill the window, and the rounds
	 * would then follow the window's release of that burst a second later, again and again, with
	 * the bucket overflowing in each of its gaps.
	 */
	public double globalIdleCapacity() {
		return 2 * effectiveBurst();
	}

	/**
	 * The pause after a round that claimed every recipient due within {@link #claimAhead()}:
	 * claim-ahead less take-ahead (the next round's statements run before the first recipient it
	 * finds falls due), at least the idle interval; zero when claim-ahead is off.
	 */
	public Duration claimAheadPause() {
		if (claimAhead.isZero()) {
			return Duration.ZERO;
		}
		Duration pause = claimAhead.minus(takeAhead);
		return pause.compareTo(interval) < 0 ? interval : pause;
	}

}
