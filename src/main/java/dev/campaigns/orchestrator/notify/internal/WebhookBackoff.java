package dev.campaigns.orchestrator.notify.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The pause before a failed delivery's next try: {@code initial} doubled per earlier
 * failure, capped at {@code max}, shortened by a random share of at most {@code jitter}.
 */
record WebhookBackoff(Duration initial, Duration max, double jitter) {

	WebhookBackoff {
		if (jitter < 0 || jitter > 1) {
			throw new IllegalArgumentException("jitter must be between 0 and 1, not " + jitter);
		}
	}

	/**
	 * The pause after the {@code failures}-th failure (1 for the first).
	 *
	 * @param random a value in {@code [0, 1)}
	 */
	Duration after(int failures, DoubleSupplier random) {
		long nominal = max.toMillis();
		int doublings = Math.max(failures - 1, 0);
		if (doublings < 40) {
			nominal = Math.min(nominal, initial.toMillis() << doublings);
		}
		long shortening = (long) (nominal * jitter * random.getAsDouble());
		return Duration.ofMillis(nominal - shortening);
	}

}
