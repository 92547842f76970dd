-- Reports name the connection of each call (issue #24): a campaign's finished attempts by
-- connection and final status (ReportStore.BY_CONNECTION) are read from call_attempt_finished
-- alone (index-only), like the chart. An attempt's connection is written when it is claimed
-- and never changes, so the index still takes an attempt once, when it becomes FINAL.
drop index call_attempt_finished;
create index call_attempt_finished on call_attempt (campaign_id, ended_at) include (status, connection_id)
    where phase = 'FINAL';
