-- A key may carry an expiry: from then on it authenticates nothing, like a revoked one.
alter table api_key add column expires_at timestamptz;
