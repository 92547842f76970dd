package dev.campaigns.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import org.jspecify.annotations.Nullable;

/**
 * Decides, when a call is triggered, how it will go: its outcome drawn from the configured
 * weights, who picks up an answered call from the detection weights, and its phase times from
 * the configured durations. Seeded settings give the same sequence of plans on every run; with
 * only people answering (the default) no detection is drawn, so such a run's sequence is the
 * one it always was.
 */
final class CallPlanner {

	private final SandboxSettings settings;

	private final Random random;

	CallPlanner(SandboxSettings settings) {
		this.settings = settings;
		this.random = (settings.seed() != null) ? new Random(settings.seed()) : new Random();
	}

	/** The life of a call whose trigger arrived at {@code receivedAt}. */
	CallTimeline plan(Instant receivedAt) {
		return plan(receivedAt, null);
	}

	/**
	 * The life of a call whose trigger arrived at {@code receivedAt}; a {@code scripted}
	 * detection (a test's, for the number called) makes it an answered call met by that.
	 */
	CallTimeline plan(Instant receivedAt, @Nullable Detection scripted) {
		CallOutcome outcome;
		double talkTimeFactor;
		Detection detection;
		// every draw under one lock, so a seeded run hands out the same plans under concurrency
		synchronized (random) {
			outcome = (scripted != null) ? CallOutcome.ANSWERED : draw(settings.outcomes());
			talkTimeFactor = 1.0 + settings.talkTimeJitter() * (2.0 * random.nextDouble() - 1.0);
			detection = (scripted != null) ? scripted
					: (outcome != CallOutcome.ANSWERED || settings.answeredByHumansOnly()) ? Detection.HUMAN
							: draw(settings.detections());
		}
		return plan(receivedAt, outcome, talkTimeFactor, detection);
	}

	/**
	 * The life of a call with a known outcome, answered by a person if at all;
	 * {@code talkTimeFactor} scales the configured talk time of an answered call.
	 */
	CallTimeline plan(Instant receivedAt, CallOutcome outcome, double talkTimeFactor) {
		return plan(receivedAt, outcome, talkTimeFactor, Detection.HUMAN);
	}

	/**
	 * The life of a call with a known outcome; {@code talkTimeFactor} scales the configured
	 * talk time of an answered call, which {@code detection} picked up.
	 */
	CallTimeline plan(Instant receivedAt, CallOutcome outcome, double talkTimeFactor, Detection detection) {
		Instant dialledAt = receivedAt.plus(settings.queueTime());
		Duration ringTime = settings.ringTime();
		return switch (outcome) {
			case ANSWERED -> {
				Instant answeredAt = dialledAt.plus(ringTime);
				// the agent hangs up on anything but a person once it has told
				Duration talkTime = (detection != Detection.HUMAN) ? settings.detectionTime()
						: Duration.ofNanos(Math.round(settings.talkTime().toNanos() * talkTimeFactor));
				yield new CallTimeline(outcome, receivedAt, dialledAt, answeredAt, answeredAt.plus(talkTime), detection);
			}
			case NO_ANSWER -> new CallTimeline(outcome, receivedAt, dialledAt, null,
					dialledAt.plus(ringTime.multipliedBy(3)), null);
			case BUSY, FAILED -> new CallTimeline(outcome, receivedAt, dialledAt, null,
					dialledAt.plus(ringTime.dividedBy(4)), null);
		};
	}

	/** Whether this trigger is one of the {@code errorRate} that fail with a spontaneous 500. */
	boolean failsSpontaneously() {
		double errorRate = settings.errorRate();
		if (errorRate == 0.0) {
			// no draw: without an error rate the seed alone decides the sequence of planned calls
			return false;
		}
		synchronized (random) {
			return random.nextDouble() < errorRate;
		}
	}

	private <K> K draw(Map<K, Integer> weights) {
		int totalWeight = weights.values().stream().mapToInt(Integer::intValue).sum();
		int ticket = random.nextInt(totalWeight);
		for (Map.Entry<K, Integer> weight : weights.entrySet()) {
			ticket -= weight.getValue();
			if (ticket < 0) {
				return weight.getKey();
			}
		}
		throw new IllegalStateException("weights " + weights + " do not add up to " + totalWeight);
	}

}
