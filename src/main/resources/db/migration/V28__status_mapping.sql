-- Provider status strings a dialect does not document (issue #25): a stored connection maps
-- them to canonical statuses, {"voicemail": {"status": "NO_ANSWER", "final": true}} (the
-- default connection's mapping is orchestrator.provider.status-mapping). Checked by the
-- service before it is stored: strings of at most 100 characters, a mappable status.
alter table provider_connection
    add column status_mapping jsonb not null default '{}'::jsonb
        check (jsonb_typeof(status_mapping) = 'object');

-- An unmapped status that outlasted the expected end of its call is reported once per call:
-- when it was, so the poller reports it no more (metric orchestrator.status.unmapped, and one
-- OBSERVED line in the recipient's trail).
alter table call_attempt add column unmapped_reported_at timestamptz;

-- OBSERVED: something seen of a call in progress, not a decision about the recipient (reason
-- UNMAPPED_STATUS). The check is dropped if there and added again with the full list.
alter table recipient_event drop constraint if exists recipient_event_decision_check;
alter table recipient_event add constraint recipient_event_decision_check
    check (decision in ('PLACED', 'DEFERRED', 'SKIPPED', 'RETRY_PLANNED', 'FINISHED', 'CANCELLED', 'REQUEUED',
                        'UPDATED', 'OBSERVED'));
