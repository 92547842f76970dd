-- recipient_active (V2) served the active-call counts, which campaign_active_calls (V7) keeps
-- since. Nothing reads it, yet every change of a recipient's state maintained it; and under
-- load, with statistics behind the churn, the planner read it (every call in progress, tens
-- of thousands of rows each round) for the takeover of expired leases and the recording of
-- accepted calls, instead of recipient_leased and the primary key.
drop index if exists recipient_active;
