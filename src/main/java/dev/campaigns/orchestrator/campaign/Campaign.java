package dev.campaigns.orchestrator.campaign;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A campaign as stored: its settings and where it is in its life; {@code priority} 1 to 5 (5
 * the most urgent) weighs its share of a short global rate.
 */
public record Campaign(CampaignId id, String tenant, String name, CampaignStatus status,
		@Nullable String statusReason, CampaignSchedule schedule, RetryPolicy retry, RateLimit rateLimit, int priority,
		CallOptions call, Instant createdAt, int recipientCount) {

}
