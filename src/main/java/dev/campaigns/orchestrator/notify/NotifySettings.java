package dev.campaigns.orchestrator.notify;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhooks are delivered ({@code orchestrator.notify.*}).
 *
 * @param enabled run the delivery loop in this process (default true)
 * @param interval pause between rounds when nothing was due (default 1 s)
 * @param batchSize most outbox events routed, and most deliveries sent, per round (default 50)
 * @param maxAttempts tries of one delivery before it is dead (default 10)
 * @param initialBackoff the pause after the first failure; doubles with each further failure
 * (default 10 s)
 * @param maxBackoff the longest pause between two tries (default 1 h)
 * @param jitter the share of each pause that is random, so receivers that recover are not hit
 * by every retry at once: a pause is between {@code (1 - jitter)} and 1 times its nominal
 * length (default 0.2)
 * @param connectTimeout how long to wait for a receiver's connection (default 5 s)
 * @param requestTimeout how long to wait for a receiver's answer (default 10 s)
 * @param lease how long a claimed delivery belongs to this replica before another may try it
 * (default 1 min; longer than {@code connectTimeout + requestTimeout})
 * @param previousSecretValidity how long the previous secret still signs after a rotation,
 * unless retired earlier (default 24 h)
 */
@ConfigurationProperties("orchestrator.notify")
public record NotifySettings(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration interval,
		@DefaultValue("50") int batchSize, @DefaultValue("10") int maxAttempts,
		@DefaultValue("10s") Duration initialBackoff, @DefaultValue("1h") Duration maxBackoff,
		@DefaultValue("0.2") double jitter, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("10s") Duration requestTimeout, @DefaultValue("1m") Duration lease,
		@DefaultValue("24h") Duration previousSecretValidity) {

}
