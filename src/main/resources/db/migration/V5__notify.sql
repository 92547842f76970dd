-- notify: secret rotation, delivery bookkeeping, and the deliveries listing.

-- During a rotation deliveries are signed with both secrets until the previous one is
-- retired or this moment passes (orchestrator.notify.previous-secret-validity).
alter table webhook_subscription add column previous_secret_expires_at timestamptz;

-- The last try of a delivery, for the listing: when, and the receiver's HTTP status
-- (null when no answer came: refused, timed out).
alter table webhook_delivery add column last_attempt_at timestamptz;
alter table webhook_delivery add column last_status integer;

-- GET /api/v1/webhooks/{id}/deliveries: a subscription's newest deliveries first.
create index webhook_delivery_by_subscription on webhook_delivery (subscription_id, id desc);
