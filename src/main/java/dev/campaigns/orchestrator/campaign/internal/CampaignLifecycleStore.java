package dev.campaigns.orchestrator.campaign.internal;

import java.time.Instant;
import java.util.Optional;

import dev.campaigns.orchestrator.campaign.Actor;
import dev.campaigns.orchestrator.campaign.Campaign;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignStatus;
import dev.campaigns.orchestrator.campaign.CampaignView;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/** The store operations the lifecycle needs, exposed to the module's top level. */
@Component
public class CampaignLifecycleStore {

	private final CampaignStore campaigns;

	CampaignLifecycleStore(CampaignStore campaigns) {
		this.campaigns = campaigns;
	}

	public Optional<Campaign> findForUpdate(CampaignId id, String tenant) {
		return campaigns.findForUpdate(id, tenant);
	}

	public void changeStatus(CampaignId id, CampaignStatus status, @Nullable String reason, Actor actor,
			Instant now) {
		campaigns.changeStatus(id, status, reason, actor, now);
	}

	public int cancelPendingRecipients(CampaignId id, Instant now) {
		return campaigns.cancelPendingRecipients(id, now);
	}

	public CampaignView view(CampaignId id, String tenant) {
		return campaigns.view(campaigns.find(id, tenant).orElseThrow());
	}

}
