package dev.campaigns.orchestrator.status.internal;

import java.time.Duration;
import java.time.Instant;

import dev.campaigns.orchestrator.dispatch.RateBuckets;
import dev.campaigns.orchestrator.status.PollSettings;

import org.springframework.stereotype.Component;

/** Status requests' own budget, shared by all replicas, apart from the triggers'. */
@Component
class StatusRateLimit {

	private final RateBuckets buckets;

	private final PollSettings settings;

	StatusRateLimit(RateBuckets buckets, PollSettings settings) {
		this.buckets = buckets;
		this.settings = settings;
	}

	int take(int wanted, Instant now) {
		return buckets.take(PostgresStatusPoller.BUCKET, wanted, settings.requestsPerSecond(), capacity(), 0.02, now);
	}

	void giveBack(int tokens) {
		buckets.giveBack(PostgresStatusPoller.BUCKET, tokens, capacity());
	}

	void throttle(Duration retryAfter, Instant now) {
		buckets.throttle(PostgresStatusPoller.BUCKET, retryAfter, now);
	}

	private double capacity() {
		return Math.max(1, settings.requestsPerSecond());
	}

}
