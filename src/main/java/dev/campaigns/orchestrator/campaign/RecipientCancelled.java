package dev.campaigns.orchestrator.campaign;

/**
 * Published once a cancel of a recipient being dialled has committed, before the request that
 * asked for it is answered: whoever holds its trigger must not send it once it is answered (a
 * listener may hold the answer back until that holds everywhere, as for {@link CampaignStopped}).
 */
public record RecipientCancelled(CampaignId campaign, long recipientId) {
}
