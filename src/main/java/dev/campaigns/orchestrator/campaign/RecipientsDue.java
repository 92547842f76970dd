package dev.campaigns.orchestrator.campaign;

/**
 * Published once recipients of a campaign may have become due without a due time anyone knew
 * of before: the campaign was created or resumed, or recipients were appended (committed). The
 * dispatcher of this replica looks for work at once instead of after its pause; other replicas
 * find it in their next round.
 */
public record RecipientsDue(CampaignId campaign) {
}
