-- Appends that recognise recipients they already hold (issue #23): an externalId names at
-- most one recipient of a campaign, an append's Idempotency-Key lives apart from create's,
-- and an append that updates a recipient leaves a row in its trail.

-- A campaign holding one externalId twice cannot be made unique without choosing which one
-- keeps it: stop here and say so, rather than rename a client's ids.
do $$
declare
    twice bigint;
begin
    select count(*) into twice from (
        select 1 from recipient where external_id is not null
        group by campaign_id, external_id having count(*) > 1) d;
    if twice > 0 then
        raise exception '% externalId(s) are held by more than one recipient of their campaign; give each its own'
            ' (select campaign_id, external_id from recipient where external_id is not null group by 1, 2'
            ' having count(*) > 1) and migrate again', twice;
    end if;
end $$;

-- GET/DELETE /api/v1/campaigns/{id}/recipients/by-external-id/{externalId}, the filter
-- ?externalId=, and an append's duplicate checks and matching against the campaign.
drop index recipient_by_external_id;
create unique index recipient_external_id_once_per_campaign on recipient (campaign_id, external_id)
    where external_id is not null;

-- create and append keys of one tenant never meet: scope is 'create' or 'append'.
alter table idempotency_key add column scope text not null default 'create'
    check (scope in ('create', 'append'));
alter table idempotency_key drop constraint idempotency_key_pkey;
alter table idempotency_key add primary key (tenant, scope, key);

-- UPDATED: an append with ?onDuplicate=update changed the recipient (reason APPEND_UPDATE).
alter table recipient_event drop constraint recipient_event_decision_check;
alter table recipient_event add constraint recipient_event_decision_check
    check (decision in ('PLACED', 'DEFERRED', 'SKIPPED', 'RETRY_PLANNED', 'FINISHED', 'CANCELLED', 'REQUEUED',
                        'UPDATED'));
