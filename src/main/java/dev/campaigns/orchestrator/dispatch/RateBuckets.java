package dev.campaigns.orchestrator.dispatch;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Token buckets in PostgreSQL, shared by every replica. Taking tokens is one statement: the
 * row is refilled for the time since it was last touched, at {@code rate * rate_factor},
 * up to {@code capacity}, and as many whole tokens as are there (at most {@code wanted})
 * are taken. Used for the dispatcher's trigger rates and the poller's status requests.
 * After a 429 the bucket gives nothing until {@code throttled_until}, and its
 * factor is halved; the factor grows back by {@code recovery} per second.
 */
@Repository
public class RateBuckets {

	private final JdbcClient jdbc;

	public RateBuckets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Takes up to {@code wanted} tokens; answers how many were granted. */
	public int take(String name, int wanted, double ratePerSecond, double capacity, double recovery, Instant now) {
		if (wanted <= 0) {
			return 0;
		}
		jdbc.sql("insert into rate_bucket (name, tokens, refreshed_at) values (:name, :capacity, :now)"
				+ " on conflict (name) do nothing")
			.param("name", name)
			.param("capacity", capacity)
			.param("now", Timestamp.from(now))
			.update();
		return jdbc.sql("""
				with current as (
				    select name, throttled_until,
				           least(1.0, rate_factor + :recovery * greatest(0, extract(epoch from (:now - refreshed_at))))
				               as factor,
				           least(:capacity, tokens + :rate * rate_factor
				               * greatest(0, extract(epoch from (:now - refreshed_at)))) as available
				    from rate_bucket where name = :name for update
				), granted as (
				    select name, factor, available,
				           case when throttled_until > :now then 0
				                else least(:wanted, floor(available))::int end as n
				    from current
				)
				update rate_bucket b set tokens = g.available - g.n, refreshed_at = greatest(b.refreshed_at, :now),
				    rate_factor = g.factor
				from granted g where b.name = g.name
				returning g.n
				""")
			.param("recovery", recovery)
			.param("now", Timestamp.from(now))
			.param("capacity", capacity)
			.param("rate", ratePerSecond)
			.param("name", name)
			.param("wanted", wanted)
			.query(Integer.class)
			.single();
	}

	/** Returns tokens that were taken but not used (capped at the bucket's capacity). */
	public void giveBack(String name, int tokens, double capacity) {
		if (tokens > 0) {
			jdbc.sql("update rate_bucket set tokens = least(:capacity, tokens + :tokens) where name = :name")
				.param("capacity", capacity)
				.param("tokens", tokens)
				.param("name", name)
				.update();
		}
	}

	/** A 429: nothing before {@code retryAfter} has passed, and half the rate afterwards. */
	public void throttle(String name, Duration retryAfter, Instant now) {
		jdbc.sql("update rate_bucket set tokens = 0, refreshed_at = greatest(refreshed_at, :until),"
				+ " throttled_until = greatest(coalesce(throttled_until, :until), :until),"
				+ " rate_factor = greatest(0.05, rate_factor / 2) where name = :name")
			.param("until", Timestamp.from(now.plus(retryAfter)))
			.param("name", name)
			.update();
	}

}
