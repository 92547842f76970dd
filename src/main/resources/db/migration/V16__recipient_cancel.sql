-- Acting on one recipient through the API (appointment reminders): a cancel and an
-- operator's requeue of a TRIGGER_UNKNOWN recipient are decisions of its audit trail.

-- A cancel asked while the recipient was being dialled or in a call: the trigger not yet
-- sent is not sent, a call in progress ends and is recorded, and it is never dialled again.
alter table recipient add column cancel_requested_at timestamptz;

alter table recipient_event drop constraint recipient_event_decision_check;
alter table recipient_event add constraint recipient_event_decision_check
    check (decision in ('PLACED', 'DEFERRED', 'SKIPPED', 'RETRY_PLANNED', 'FINISHED', 'CANCELLED', 'REQUEUED'));

-- GET/DELETE /api/v1/campaigns/{id}/recipients/by-external-id/{externalId}.
create index recipient_by_external_id on recipient (campaign_id, external_id) where external_id is not null;
