package dev.campaigns.orchestrator.security.internal;

import java.time.Clock;

import dev.campaigns.orchestrator.ratelimit.RateLimits;
import dev.campaigns.orchestrator.security.RequestRateSettings;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per-key request limits ({@link RequestRateSettings}): the limiter that
 * {@link RequestRateLimitFilter} asks, which {@link SecurityConfiguration} puts in Spring
 * Security's chain right after {@link BearerKeyFilter}, on every request under {@code /api}.
 * Off when {@code requests-per-second} is 0.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestRateSettings.class)
class RequestRateConfiguration {

	/** A check still running this long after its request stopped waiting gives its connection back. */
	private static final int CHECK_TRANSACTION_TIMEOUT_SECONDS = 1;

	/**
	 * On the wall clock, not the application's: a key's budget is shared by every replica and
	 * every request, so its instants must be real time; a clock set elsewhere (a test's, set in
	 * another year) would leave the key's row far ahead of the others and lock it out.
	 */
	@Bean
	KeyRateLimiter keyRateLimiter(JdbcClient jdbc, PlatformTransactionManager transactionManager,
			RequestRateSettings settings, MeterRegistry meters) {
		TransactionTemplate bounded = new TransactionTemplate(transactionManager);
		bounded.setTimeout(CHECK_TRANSACTION_TIMEOUT_SECONDS);
		return new KeyRateLimiter(new RateLimits(jdbc, bounded), settings, Clock.systemUTC(), meters);
	}

}
