package dev.campaigns.orchestrator.status.internal;

import java.time.Duration;
import java.time.Instant;

import dev.campaigns.orchestrator.ratelimit.Pace;
import dev.campaigns.orchestrator.ratelimit.RateLimits;
import dev.campaigns.orchestrator.status.PollSettings;

import org.springframework.stereotype.Component;

/** Status requests' own budget, shared by all replicas, apart from the triggers'. */
@Component
class StatusRateLimit {

	private final RateLimits rateLimits;

	private final Pace pace;

	StatusRateLimit(RateLimits rateLimits, PollSettings settings) {
		this.rateLimits = rateLimits;
		// a second's worth at once, as many as the rate allows after that
		this.pace = new Pace(PostgresStatusPoller.BUCKET, settings.requestsPerSecond(),
				Math.max(1, settings.requestsPerSecond()));
	}

	/** Takes up to {@code wanted} status requests that may be sent now. */
	RateLimits.Take take(int wanted, Instant now) {
		return rateLimits.take(pace, wanted, now);
	}

	/** Returns what a take did not use. */
	void giveBack(RateLimits.Take take, int unused, Instant now) {
		rateLimits.giveBack(pace, take, unused, now);
	}

	void throttle(Duration retryAfter, Instant now) {
		rateLimits.throttle(pace, retryAfter, now);
	}

}
