-- Concurrency counts the dispatcher reads every round, kept by the database itself.
--
-- Counting DIALING and IN_CALL recipients each round costs a read of every active call
-- (tens of thousands at a few thousand calls a second); this table holds the count per
-- campaign instead. Statement-level triggers on recipient add what a statement moved into
-- those states and subtract what it moved out, whoever wrote it (dispatcher, poller,
-- lifecycle, retention, an operator's SQL), so the count cannot drift. One upsert per
-- statement and campaign, rows locked in campaign order so concurrent statements never
-- deadlock on them. Recipients are only ever inserted PENDING or DONE (ingest), so inserts
-- need no trigger, and ingest pays nothing for it.
create table campaign_active_calls (
    campaign_id  uuid     primary key references campaign (id) on delete cascade,
    calls        integer  not null
);

insert into campaign_active_calls (campaign_id, calls)
select campaign_id, count(*) from recipient where state in ('DIALING', 'IN_CALL') group by campaign_id;

create function count_active_calls() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        -- no join of the two transition tables (they have no index): a recipient never changes
        -- campaign, so what entered minus what left, per campaign, is the change
        insert into campaign_active_calls as a (campaign_id, calls)
        select campaign_id, sum(delta)::integer from (
            select campaign_id, 1 as delta from changed_new where state in ('DIALING', 'IN_CALL')
            union all
            select campaign_id, -1 from changed_old where state in ('DIALING', 'IN_CALL')
        ) d
        group by campaign_id having sum(delta) <> 0
        order by campaign_id
        on conflict (campaign_id) do update set calls = a.calls + excluded.calls;
    else
        update campaign_active_calls a set calls = a.calls - d.n
        from (select campaign_id, count(*)::integer as n from changed_old where state in ('DIALING', 'IN_CALL')
              group by campaign_id) d
        where a.campaign_id = d.campaign_id;
    end if;
    return null;
end $$;

create trigger recipient_active_calls_update after update on recipient
    referencing old table as changed_old new table as changed_new
    for each statement execute function count_active_calls();

create trigger recipient_active_calls_delete after delete on recipient
    referencing old table as changed_old
    for each statement execute function count_active_calls();
