-- The global trigger bucket's sliding window: the takes of the last seconds (instant and
-- tokens, a give-back as a negative take), so a take never lets the grants of any window
-- (1 s + the longest a granted trigger may wait to leave) exceed R + burst. Triggers then
-- leave within R + burst in every second, however their send delays vary.
alter table rate_bucket
    add column window_at  timestamptz[]  not null default '{}',
    add column window_n   integer[]      not null default '{}';
