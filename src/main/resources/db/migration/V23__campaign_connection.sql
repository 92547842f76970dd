-- Each campaign on the provider connection it names (issue #24). A null connection_id is the
-- deployment's default connection (orchestrator.provider.*). A campaign's connection is fixed at
-- creation; every call attempt records the connection it was placed on, so its status is read
-- through the same one and reports name it.
--
-- A connection is deleted softly: deleted_at is set and its credential wiped, so the campaigns
-- and calls that used it still name it; its name is free again. A connection in use (a campaign
-- not finished on it, or a call on it still being followed) cannot be deleted.
alter table provider_connection add column deleted_at timestamptz;
alter table provider_connection drop constraint provider_connection_name;
create unique index provider_connection_name on provider_connection (tenant, name) where deleted_at is null;

alter table campaign add column connection_id uuid references provider_connection (id);
create index campaign_connection on campaign (connection_id) where connection_id is not null;

alter table call_attempt add column connection_id uuid references provider_connection (id);
