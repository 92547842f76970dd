package dev.campaigns.orchestrator.campaign;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a recipient's audit trail: what was decided about it, when, and why.
 *
 * @param at when the decision was taken
 * @param attempt the attempt it concerns (1 = the first call), or null for a campaign's
 * lifecycle change
 * @param decision {@code PLANNED} (at ingest, or the campaign resumed), {@code PLACED} (a call
 * was accepted by the provider), {@code DEFERRED} (not dialled now: see {@code nextAttemptAt}),
 * {@code SKIPPED} (done without a call), {@code RETRY_PLANNED} (a call ended without success and
 * another is planned), {@code FINISHED} (done after a call, or its placing is unknowable),
 * {@code CANCELLED} (cancelled through the API), {@code REQUEUED} (an operator put a
 * {@code TRIGGER_UNKNOWN} recipient back), {@code UPDATED} (changed through the API and planned
 * again: {@code detail} lists the changes, numbers masked; or an append with
 * {@code onDuplicate=update} changed it), {@code OBSERVED} (something seen of a call in progress, not
 * a decision: the provider still answers a status string nobody can read past the call's expected end)
 * @param reason a stable code: {@code SCHEDULED}, {@code WINDOW_OPEN}, {@code WINDOW_CLOSED},
 * {@code DEADLINE_PASSED}, {@code ATTEMPT_CAP}, {@code SUPPRESSED}, {@code EXPIRED},
 * {@code RATE_LIMITED}, {@code PROVIDER_UNAVAILABLE}, {@code CONFIGURATION_REJECTED},
 * {@code LEASE_TOO_SHORT}, {@code SEND_TOO_LATE}, {@code NO_SEND_SLOT}, {@code SHUTDOWN},
 * {@code PROVIDER_REJECTED}, {@code TRIGGER_UNKNOWN}, {@code REPEATED_CALL_ID},
 * {@code CAMPAIGN_PAUSED}, {@code CAMPAIGN_RESUMED}, {@code CAMPAIGN_CANCELLED}, {@code CAMPAIGN_EDITED},
 * {@code CANCELLED_BY_API}, {@code CANCEL_REQUESTED}, {@code OPERATOR_REQUEUED}, {@code UPDATED_BY_API},
 * {@code APPEND_UPDATE}, {@code UNMAPPED_STATUS}, or a call's
 * outcome ({@code COMPLETED}, {@code NO_ANSWER}, {@code BUSY}, {@code FAILED}, {@code STATUS_EXPIRED})
 * @param detail a sentence for people
 * @param nextAttemptAt when the next attempt is planned, where the decision planned one
 * @param callSid the provider's call id, where a call was placed
 * @param actor who took it, where a person's API key did (a cancel, a requeue, an update, a campaign's pause,
 * resume, cancel, completion or edit); null for the service's own decisions
 */
public record RecipientDecision(Instant at, @Nullable Integer attempt, String decision, String reason,
		@Nullable String detail, @Nullable Instant nextAttemptAt, @Nullable String callSid, @Nullable Actor actor) {

}
