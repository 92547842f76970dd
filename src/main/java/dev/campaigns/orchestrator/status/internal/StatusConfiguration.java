package dev.campaigns.orchestrator.status.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.connection.CallLines;
import dev.campaigns.orchestrator.ratelimit.RateLimits;
import dev.campaigns.orchestrator.provider.ProviderSettings;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.status.PollPlan;
import dev.campaigns.orchestrator.status.PollSettings;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PollSettings.class)
class StatusConfiguration {

	private static final Logger log = LoggerFactory.getLogger(StatusConfiguration.class);

	/** The provider module's retry instance around status reads (see {@link ProviderSettings}). */
	static final String STATUS_RETRY = "polyai-status";

	@Bean(destroyMethod = "shutdown")
	ExecutorService statusRequests(PollSettings settings) {
		AtomicInteger number = new AtomicInteger();
		return Executors.newFixedThreadPool(settings.threads(), task -> {
			Thread thread = new Thread(task, "status-request-" + number.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	StatusBudgets statusBudgets(RateLimits rateLimits, CallLines lines, PollSettings settings) {
		return new StatusBudgets(rateLimits, lines, settings.requestsPerSecond());
	}

	@Bean
	StatusNeeds statusNeeds(JdbcClient jdbc, StatusBudgets budgets, PollSettings settings, DispatchSettings dispatch,
			ProviderSettings provider, Clock clock, MeterRegistry meters) {
		BudgetEstimate estimate = BudgetEstimate.of(dispatch.callsPerSecond(),
				new PollPlan(settings, provider.statusRetention()), settings.requestsPerSecond());
		estimate.warning().ifPresentOrElse(log::warn,
				() -> log.info("Status budget: {} requests/s, enough for {} calls/s at about {} polls per call",
						settings.requestsPerSecond(), dispatch.callsPerSecond(), estimate.pollsPerCall()));
		return new StatusNeeds(jdbc, budgets, settings, clock, meters);
	}

	@Bean
	StatusCaptureHealth statusCaptureHealthIndicator(StatusNeeds needs) {
		return new StatusCaptureHealth(needs);
	}

	@Bean
	PostgresStatusPoller statusPoller(StatusStore store, CompletionStore completions, StatusBudgets budgets,
			CallLines lines, NextSteps nextSteps, PollSettings settings, ProviderSettings provider,
			RetryRegistry retries, ExecutorService statusRequests, MeterRegistry meters,
			TransactionTemplate transactions, UnmappedStatusReports unmapped, Clock clock) {
		String replica = "poller-" + UUID.randomUUID().toString().substring(0, 8);
		Duration answerWait = answerWait(provider, retries.retry(STATUS_RETRY).getRetryConfig().getMaxAttempts());
		// the name in call_attempt.lease_owner while a poll is claimed
		log.info("Polling as {}, waiting at most {} for one status answer", replica, answerWait);
		return new PostgresStatusPoller(store, completions, budgets, lines, nextSteps, settings,
				provider.statusRetention(), statusRequests, answerWait, meters, replica, transactions, unmapped, clock);
	}

	/**
	 * The longest a round waits for one status answer: every attempt the provider's retry
	 * makes may take its connect and whole-exchange deadlines, and one more whole-exchange
	 * deadline covers the pauses between attempts (well under a second as configured).
	 */
	static Duration answerWait(ProviderSettings provider, int attempts) {
		Duration exchange = provider.connectTimeout().plus(provider.responseTimeout());
		return exchange.multipliedBy(Math.max(1, attempts)).plus(provider.responseTimeout());
	}

}
