package dev.campaigns.orchestrator.campaign;

/**
 * Published once a pause, a cancel or a completion by hand of a campaign has committed, before the request that
 * asked for it is answered: whoever sends calls for the campaign must send none once it is
 * answered (a listener may hold the answer back until that holds everywhere).
 */
public record CampaignStopped(CampaignId campaign) {
}
