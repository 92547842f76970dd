-- Retry by outcome (issue #25): the earliest instant a planned retry allows, before the
-- window's lawfulness, when a rule's own backoff or the agent's retryAt made it (null when the
-- campaign's single backoff did). An edit's re-plan keeps it instead of recomputing the
-- retry from the campaign's backoff, which would move a voicemail's 4-hour wait to 30 minutes.
alter table recipient add column retry_after timestamptz;
