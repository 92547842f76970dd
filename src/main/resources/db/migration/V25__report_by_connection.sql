-- Reports name the connection of each call (issue #24): a campaign's finished attempts by
-- connection and final status (ReportStore.BY_CONNECTION, on the dashboard's five-second
-- refresh) are an index-only scan of the campaign's entries, already in the group's order. As
-- with call_attempt_finished, an attempt enters once, when it becomes FINAL, and never changes
-- after (its connection is written when it is claimed).
create index call_attempt_by_connection on call_attempt (campaign_id, connection_id, status)
    where phase = 'FINAL';
