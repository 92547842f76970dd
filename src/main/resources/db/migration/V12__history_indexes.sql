-- Work that runs again and again while history only grows: the dashboard's five-second
-- refresh and the retention purge. Each statement reads through an index whose size follows
-- what it has to do, never the whole table (plans with 300k rows: docs/benchmarks.md,
-- "History-bound work"; asserted by HistoryPlanIntegrationTests).

-- The dashboard's chart (ReportStore.LAST_CALL_END, ReportStore.FINISHED_CALLS): a campaign's
-- finished calls by end. max(ended_at) reads one entry, the chart's last 24 hours a range,
-- the status from the index itself (index-only). An attempt enters once, when it becomes
-- FINAL, and never changes after; next_poll_at and the lease fields stay out.
create index call_attempt_finished on call_attempt (campaign_id, ended_at) include (status)
    where phase = 'FINAL';

-- Retention (DataRetention): a finished campaign's recipients are anonymised once, then the
-- campaign is marked, so later runs never read them again. The first run after this migration
-- reads every finished campaign's recipients once more (in batches; anonymised ones are not
-- rewritten) and marks them.
alter table campaign add column personal_data_erased_at timestamptz;
-- DataRetention.CAMPAIGNS_TO_ERASE: finished campaigns not yet erased, by when they finished.
-- Erased history leaves the index.
create index campaign_to_erase on campaign (completed_at)
    where status in ('COMPLETED', 'CANCELLED') and personal_data_erased_at is null;

-- DataRetention.DELETE_EVENTS: webhook events by age.
create index outbox_by_created on outbox (created_at);
-- The cascade from a deleted event to its deliveries: the foreign key looks deliveries up by
-- outbox_id, which webhook_delivery_once (subscription_id, outbox_id) cannot serve, so without
-- this every deleted event read every delivery.
create index webhook_delivery_by_outbox on webhook_delivery (outbox_id);
