package dev.campaigns.orchestrator.campaign;

import java.util.UUID;

/** A campaign's identity. */
public record CampaignId(UUID value) {

	public static CampaignId random() {
		return new CampaignId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return value.toString();
	}

}
