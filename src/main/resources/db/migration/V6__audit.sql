-- The audit trail: why each attempt of a recipient was placed, deferred or skipped.

-- One row per decision about a recipient after ingest, written by the statement that acts
-- on it (a claim's outcome, a retry plan, a final status), so a decision never exists
-- without its row. decision: PLACED (a trigger was accepted), DEFERRED (not dialled now,
-- next_attempt_at says when), SKIPPED (done without a call), RETRY_PLANNED (a call ended
-- without success, another is planned), FINISHED (done after a call, or unknowable).
-- reason: a stable code (WINDOW_OPEN, WINDOW_CLOSED, DEADLINE_PASSED, ATTEMPT_CAP,
-- SUPPRESSED, RATE_LIMITED, PROVIDER_UNAVAILABLE, CONFIGURATION_REJECTED, LEASE_TOO_SHORT,
-- PROVIDER_REJECTED, TRIGGER_UNKNOWN, or the call's outcome); detail: a sentence for people.
create table recipient_event (
    id               bigint       generated always as identity primary key,
    recipient_id     bigint       not null references recipient (id) on delete cascade,
    occurred_at      timestamptz  not null,
    attempt          integer      not null,
    decision         text         not null
        check (decision in ('PLACED', 'DEFERRED', 'SKIPPED', 'RETRY_PLANNED', 'FINISHED')),
    reason           text         not null,
    detail           text,
    next_attempt_at  timestamptz,
    call_sid         text
);
-- GET /api/v1/campaigns/{id}/recipients/{recipientId}: one recipient's trail in order.
create index recipient_event_by_recipient on recipient_event (recipient_id, id);

-- Lifecycle changes of a campaign (PAUSED, RUNNING after a resume, CANCELLED, …) with the
-- reason given; a recipient's trail shows the pauses and the cancellation it waited through.
create table campaign_event (
    id           bigint       generated always as identity primary key,
    campaign_id  uuid         not null references campaign (id) on delete cascade,
    occurred_at  timestamptz  not null,
    status       text         not null,
    reason       text
);
create index campaign_event_by_campaign on campaign_event (campaign_id, occurred_at);

-- The first attempt as planned at ingest (the window, notBefore, the campaign's start);
-- next_attempt_at moves on, this stays for the trail.
alter table recipient add column first_attempt_at timestamptz;
