-- Reports: the report's group-by over a campaign's recipients (ReportStore.TALLY) is an
-- index-only scan of this index, so a 1M-recipient report never reads the heap
-- (bench/run report). state and outcome change a few times in a recipient's life
-- (PENDING -> DIALING -> IN_CALL -> PENDING/DONE) and attempts once per call, so each
-- change is a cheap index update of a narrow entry; the hot columns (next_attempt_at,
-- lease fields, next_poll_at) stay out of it. Calls per hour use call_attempt_by_campaign_recent.
create index recipient_report on recipient (campaign_id, state, outcome, attempts);
