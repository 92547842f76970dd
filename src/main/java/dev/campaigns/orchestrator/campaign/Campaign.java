package dev.campaigns.orchestrator.campaign;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A campaign as stored: its settings and where it is in its life. */
public record Campaign(CampaignId id, String tenant, String name, CampaignStatus status,
		@Nullable String statusReason, CampaignSchedule schedule, RetryPolicy retry, RateLimit rateLimit,
		CallOptions call, Instant createdAt, int recipientCount) {

}
