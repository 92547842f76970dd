-- Dispatch: rate buckets shared by all replicas, and the indexes of the dispatcher's queries.

-- Token buckets in PostgreSQL, so every replica draws from the same budget. One row
-- 'global' (orchestrator.dispatch.calls-per-second), one per campaign (callsPerMinute).
-- rate_factor is the adaptive share of the rate after 429s (1 = full rate); it recovers
-- linearly. throttled_until: no tokens at all before this instant (Retry-After).
create table rate_bucket (
    name             text              primary key,
    tokens           double precision  not null,
    refreshed_at     timestamptz       not null,
    rate_factor      double precision  not null default 1,
    throttled_until  timestamptz
);

-- Concurrency: calls of a campaign being dialled or in progress (small, hot set).
create index recipient_active on recipient (campaign_id) where state in ('DIALING', 'IN_CALL');
