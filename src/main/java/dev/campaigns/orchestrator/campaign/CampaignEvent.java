package dev.campaigns.orchestrator.campaign;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a campaign's audit trail: a lifecycle change or an edit, who made it and why.
 *
 * @param at when it happened
 * @param status the status it moved to ({@code PAUSED}, {@code RUNNING} after a resume,
 * {@code CANCELLED}, {@code COMPLETED}), or {@code EDITED} for a change of its settings
 * @param reason why, or what an edit changed
 * @param actor who did it: an API key, or the service itself ({@code keyId} null); null where
 * it was recorded before actors were (older entries)
 */
public record CampaignEvent(Instant at, String status, @Nullable String reason, @Nullable Actor actor) {

}
