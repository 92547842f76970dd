package dev.campaigns.orchestrator.dispatch.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.campaigns.orchestrator.campaign.CampaignLifecycle;
import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.compliance.ComplianceSettings;
import dev.campaigns.orchestrator.compliance.Suppressions;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.connection.CallLines;
import dev.campaigns.orchestrator.provider.ProviderSettings;
import dev.campaigns.orchestrator.ratelimit.RateLimits;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DispatchSettings.class)
class DispatchConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DispatchConfiguration.class);

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService dispatchTriggers(DispatchSettings settings) {
		AtomicInteger number = new AtomicInteger();
		return Executors.newFixedThreadPool(settings.triggerThreads(), task -> {
			Thread thread = new Thread(task, "dispatch-trigger-" + number.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	ProviderBackoff providerBackoff(RateLimits rateLimits) {
		return new ProviderBackoff(rateLimits);
	}

	/** A campaign's running status is trusted for a lookahead: a pause answers a lookahead after it commits. */
	@Bean
	SendGate sendGate(JdbcClient jdbc, Clock clock, DispatchSettings settings) {
		return new SendGate(jdbc, clock, settings.lookahead());
	}

	@Bean
	TriggerSender triggerSender(ProviderBackoff backoff, SendGate sendGate, ExecutorService dispatchTriggers,
			DispatchSettings settings, Clock clock, MeterRegistry meters) {
		return new TriggerSender(backoff, sendGate, dispatchTriggers, settings, clock, meters);
	}

	@Bean
	AnswerRecorder answerRecorder(AttemptStore attempts, CampaignLifecycle lifecycle, ProviderBackoff backoff,
			DispatchSettings settings, ProviderSettings provider, MeterRegistry meters,
			TransactionTemplate transactions) {
		return new AnswerRecorder(attempts, lifecycle, backoff, settings, provider, meters, transactions);
	}

	@Bean
	CheckedClaims checkedClaims(AttemptStore attempts, ComplianceSettings compliance,
			CampaignSettingsReader settingsReader, Suppressions suppressions) {
		Callability callability = new Callability(compliance.maxAttemptsPerNumber(), compliance.attemptWindow(),
				attempts::attemptsOfNumber);
		return new CheckedClaims(callability, settingsReader, suppressions);
	}

	@Bean
	RoundDispatcher dispatcher(ClaimStore claims, AttemptStore attempts, CheckedClaims checks, RateLimits rateLimits,
			TriggerSender sender, CallLines lines, AnswerRecorder recorder, SendGate sendGate,
			CampaignSettingsReader settingsReader, TransactionTemplate transactions, DispatchSettings settings,
			Clock clock) {
		String replica = replicaName();
		// the name in recipient.lease_owner and call_attempt.lease_owner, to tell whose leases they are
		log.info("Dispatching as replica {}", replica);
		return new RoundDispatcher(claims, attempts, checks, rateLimits, sender, lines, recorder, sendGate, settingsReader,
				transactions, settings, clock, replica);
	}

	/** The host name and a random suffix: unique per process, readable in lease columns. */
	static String replicaName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "replica";
		}
		return host + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
