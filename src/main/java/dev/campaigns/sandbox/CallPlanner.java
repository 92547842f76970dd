package dev.campaigns.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * Decides, when a call is triggered, how it will go: its outcome drawn from the configured
 * weights and its phase times from the configured durations. Seeded settings give the same
 * sequence of plans on every run.
 */
final class CallPlanner {

	private final SandboxSettings settings;

	private final Random random;

	private final int totalWeight;

	CallPlanner(SandboxSettings settings) {
		this.settings = settings;
		this.random = (settings.seed() != null) ? new Random(settings.seed()) : new Random();
		this.totalWeight = settings.outcomes().values().stream().mapToInt(Integer::intValue).sum();
	}

	/** The life of a call whose trigger arrived at {@code receivedAt}. */
	CallTimeline plan(Instant receivedAt) {
		CallOutcome outcome;
		double talkTimeFactor;
		// both draws under one lock, so a seeded run hands out the same pairs under concurrency
		synchronized (random) {
			outcome = drawOutcome();
			talkTimeFactor = 1.0 + settings.talkTimeJitter() * (2.0 * random.nextDouble() - 1.0);
		}
		return plan(receivedAt, outcome, talkTimeFactor);
	}

	/**
	 * The life of a call with a known outcome; {@code talkTimeFactor} scales the configured
	 * talk time of an answered call.
	 */
	CallTimeline plan(Instant receivedAt, CallOutcome outcome, double talkTimeFactor) {
		Instant dialledAt = receivedAt.plus(settings.queueTime());
		Duration ringTime = settings.ringTime();
		return switch (outcome) {
			case ANSWERED -> {
				Instant answeredAt = dialledAt.plus(ringTime);
				Duration talkTime = Duration.ofNanos(Math.round(settings.talkTime().toNanos() * talkTimeFactor));
				yield new CallTimeline(outcome, receivedAt, dialledAt, answeredAt, answeredAt.plus(talkTime));
			}
			case NO_ANSWER -> new CallTimeline(outcome, receivedAt, dialledAt, null, dialledAt.plus(ringTime.multipliedBy(3)));
			case BUSY, FAILED -> new CallTimeline(outcome, receivedAt, dialledAt, null, dialledAt.plus(ringTime.dividedBy(4)));
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

	private CallOutcome drawOutcome() {
		int ticket = random.nextInt(totalWeight);
		for (Map.Entry<CallOutcome, Integer> weight : settings.outcomes().entrySet()) {
			ticket -= weight.getValue();
			if (ticket < 0) {
				return weight.getKey();
			}
		}
		throw new IllegalStateException("weights " + settings.outcomes() + " do not add up to " + totalWeight);
	}

}
