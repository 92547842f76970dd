-- Rate budgets as GCRA state (ratelimit module): one row a budget, its theoretical arrival
-- time (the place of its next send slot), the rate factor after a 429 and when it was set,
-- and until when the provider asked for nothing. A reservation locks its rows by primary key
-- (in name order) and writes them back in one statement. Replaces rate_bucket and its
-- sliding-window log.
create table rate_limit (
    name             text              primary key,
    tat              timestamptz       not null,
    factor           double precision  not null default 1,
    factor_at        timestamptz       not null,
    throttled_until  timestamptz
);

drop table rate_bucket;
