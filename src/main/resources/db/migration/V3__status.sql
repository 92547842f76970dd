-- Status polling: when the attempt's current status was first seen (the poll plan spaces
-- polls by how long a call has been in its phase), and when it was last polled.
alter table call_attempt add column status_since timestamptz;
alter table call_attempt add column last_polled_at timestamptz;

-- Attempts per number in a rolling window (regional caps), newest first.
create index call_attempt_by_campaign_recent on call_attempt (campaign_id, created_at);
create index recipient_by_number on recipient (phone_number);
