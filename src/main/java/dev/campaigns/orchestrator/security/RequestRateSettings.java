package dev.campaigns.orchestrator.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast one API key may call the API ({@code orchestrator.security.rate-limit.*}). Each key
 * has its own budget, shared by every replica (a row of {@code rate_limit}); a request beyond
 * it is answered 429 with {@code Retry-After}. See {@code docs/security.md}.
 *
 * @param requestsPerSecond the steady rate one key may keep up, all replicas together; 0 turns
 * the limit off (default 20: an integration polling a few campaigns a second, or listing
 * pages back to back, stays well below it, while one key can no longer take a replica's
 * request threads and database connections from the others)
 * @param burst how many requests a key that was idle may make at once, at least 1 (default 40:
 * two seconds' worth, so a client fanning out a page of reads is not refused)
 * @param timeout the longest a request waits for its key's budget to be checked; past it (the
 * database slow or down) the request is let through unchecked and counted in
 * {@code orchestrator.api.rate-limit.unchecked} (default 250 ms)
 */
@ConfigurationProperties("orchestrator.security.rate-limit")
public record RequestRateSettings(@DefaultValue("20") double requestsPerSecond, @DefaultValue("40") int burst,
		@DefaultValue("250ms") Duration timeout) {

	private static final String PREFIX = "orchestrator.security.rate-limit.";

	public RequestRateSettings {
		require(requestsPerSecond >= 0 && Double.isFinite(requestsPerSecond), "requests-per-second",
				requestsPerSecond, "must be 0 (off) or above 0");
		require(burst >= 1, "burst", burst, "must be at least 1, or no request could ever be admitted");
		require(timeout.toMillis() >= 1 && timeout.compareTo(Duration.ofSeconds(10)) <= 0, "timeout", timeout,
				"must be between 1 ms and 10 s: it is added to a request's latency when the database is slow");
	}

	/** Whether requests are limited at all. */
	public boolean enabled() {
		return requestsPerSecond > 0;
	}

	private static void require(boolean holds, String name, Object value, String reason) {
		if (!holds) {
			throw new IllegalArgumentException(PREFIX + name + " " + reason + ": " + value);
		}
	}

}
