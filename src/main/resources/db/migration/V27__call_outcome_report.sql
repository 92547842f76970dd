-- The agent's outcome report (issue #25, POST /api/v1/calls/{callSid}/outcome). A report may
-- be replaced only by one with a higher sequence (the agent's own counter; 0 when it sends
-- none): the same body again is a no-op, another body with the same or a lower sequence a 409.
alter table call_attempt
    add column outcome_sequence integer check (outcome_sequence >= 0);

-- The report's breakdowns by detection and by disposition (ReportStore.BY_DETECTION,
-- ReportStore.BY_DISPOSITION) read only the campaign's reported attempts, index-only.
create index call_attempt_outcomes on call_attempt (campaign_id, detection, disposition)
    where detection is not null;
