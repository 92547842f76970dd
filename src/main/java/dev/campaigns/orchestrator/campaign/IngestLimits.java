package dev.campaigns.orchestrator.campaign;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on what one request may bring ({@code orchestrator.campaign.*}).
 *
 * @param maxJsonBody largest JSON body accepted, else 413 (default 64MB)
 * @param maxCsvBody largest CSV body accepted, else 413 (default 512MB)
 * @param maxRecipientsPerRequest most recipients in one JSON request, else 400 (default 100,000)
 * @param maxCsvRows most rows in one CSV upload, else 400 (default 1,000,000)
 * @param maxReportedErrors most errors listed in one 400 answer; the total is always given
 * (default 1,000)
 * @param idempotencyKeyRetention how long an {@code Idempotency-Key} is remembered (default 24 h)
 */
@ConfigurationProperties("orchestrator.campaign")
public record IngestLimits(@DefaultValue("64MB") DataSize maxJsonBody, @DefaultValue("512MB") DataSize maxCsvBody,
		@DefaultValue("100000") int maxRecipientsPerRequest, @DefaultValue("1000000") int maxCsvRows,
		@DefaultValue("1000") int maxReportedErrors, @DefaultValue("PT24H") Duration idempotencyKeyRetention) {

}
