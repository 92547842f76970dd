-- When a running campaign completes on its own: WHEN_DONE once nothing is left to call,
-- AT_END not before end_at has passed (or by hand), so that it stays open for appends.
-- The completion sweep filters on it within its existing per-campaign probe: no index.
alter table campaign add column completion text not null default 'WHEN_DONE'
    check (completion in ('WHEN_DONE', 'AT_END'));
