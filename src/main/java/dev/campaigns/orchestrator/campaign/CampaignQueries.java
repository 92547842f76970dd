package dev.campaigns.orchestrator.campaign;

import java.util.List;
import java.util.Optional;

import dev.campaigns.orchestrator.campaign.internal.CampaignStore;
import dev.campaigns.orchestrator.campaign.internal.RecipientStore;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/** Reading campaigns and recipients, always within one tenant. */
@Service
public class CampaignQueries {

	private final CampaignStore campaigns;

	private final RecipientStore recipients;

	CampaignQueries(CampaignStore campaigns, RecipientStore recipients) {
		this.campaigns = campaigns;
		this.recipients = recipients;
	}

	public Optional<CampaignView> find(CampaignId id, String tenant) {
		return campaigns.find(id, tenant).map(campaigns::view);
	}

	public Optional<Campaign> campaign(CampaignId id, String tenant) {
		return campaigns.find(id, tenant);
	}

	public Page<CampaignView> list(String tenant, @Nullable CampaignStatus status, int page, int size) {
		var items = campaigns.list(tenant, status, page, size)
			.stream()
			.map(campaigns::view)
			.toList();
		return new Page<>(items, page, size, campaigns.count(tenant, status));
	}

	/** The campaign's audit trail (lifecycle changes and edits, with who made them), oldest first. */
	public Optional<List<CampaignEvent>> events(CampaignId id, String tenant) {
		return campaigns.find(id, tenant).map(campaign -> campaigns.events(id));
	}

	/** The campaign's recipients the filter lets through, in the order they were added; empty for an unknown campaign. */
	public Optional<Page<RecipientView>> recipients(CampaignId id, String tenant, RecipientFilter filter, int page,
			int size) {
		if (campaigns.find(id, tenant).isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new Page<>(recipients.page(id, filter, page, size), page, size,
				recipients.count(id, filter)));
	}

	/** One recipient of the campaign with its audit trail, or empty when either is unknown to the tenant. */
	public Optional<RecipientDetail> recipient(CampaignId id, String tenant, long recipientId) {
		if (campaigns.find(id, tenant).isEmpty()) {
			return Optional.empty();
		}
		return recipients.find(id, recipientId)
			.map(recipient -> new RecipientDetail(recipient, recipients.history(recipientId),
					recipients.calls(recipientId)));
	}

}
