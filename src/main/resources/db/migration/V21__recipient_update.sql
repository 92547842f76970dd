-- PATCH of one recipient (issue #23): the change is a decision of its audit trail, UPDATED.
-- Idempotent whatever came before (another migration may add UPDATED too): the check is
-- dropped if there and added again with the full list.
alter table recipient_event drop constraint if exists recipient_event_decision_check;
alter table recipient_event add constraint recipient_event_decision_check
    check (decision in ('PLACED', 'DEFERRED', 'SKIPPED', 'RETRY_PLANNED', 'FINISHED', 'CANCELLED', 'REQUEUED',
                        'UPDATED'));
