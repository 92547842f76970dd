-- The whole domain of DESIGN.md. Timestamps are UTC instants (timestamptz).
-- Hot, often-updated columns (next_poll_at, lease fields) are kept out of wide
-- indexes; each hot query names the index that serves it next to its SQL.

-- campaign -------------------------------------------------------------------

create table campaign (
    id                    uuid         primary key,
    tenant                text         not null,
    name                  text         not null,
    status                text         not null
        check (status in ('SCHEDULED', 'RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED')),
    status_reason         text,
    start_at              timestamptz,
    end_at                timestamptz,
    default_time_zone     text,
    -- {"start":"09:00","end":"20:00","days":[...],"blackoutDates":[...]}
    calling_window        jsonb        not null,
    -- {"maxAttempts":3,"backoff":"PT30M","retryOn":[...]}
    retry_policy          jsonb        not null,
    calls_per_minute      integer      not null check (calls_per_minute > 0),
    max_concurrent_calls  integer      not null check (max_concurrent_calls > 0),
    -- provider options: {"environment":"live","variantId":null,"encryption":"TLS/SRTP"}
    call_options          jsonb        not null,
    recipient_count       integer      not null default 0,
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null,
    completed_at          timestamptz,
    version               bigint       not null default 0
);

-- Listing a tenant's campaigns, newest first.
create index campaign_by_tenant on campaign (tenant, created_at desc);
-- The dispatcher's round over campaigns that may have work.
create index campaign_active on campaign (id) where status in ('SCHEDULED', 'RUNNING');

-- recipient ------------------------------------------------------------------

create table recipient (
    id                bigint       generated always as identity primary key,
    campaign_id       uuid         not null references campaign (id) on delete cascade,
    phone_number      text         not null,              -- E.164
    country_code      text,                               -- ISO 3166-1 alpha-2, as given
    time_zones        text[]       not null,              -- IANA ids the window must hold in
    external_id       text,
    metadata          jsonb        not null default '{}',  -- string values only
    not_before        timestamptz,
    not_after         timestamptz,
    -- least(not_after, campaign end): among due recipients the earliest deadline goes first
    deadline          timestamptz,
    state             text         not null default 'PENDING'
        check (state in ('PENDING', 'DIALING', 'IN_CALL', 'DONE')),
    outcome           text
        check (outcome in ('COMPLETED', 'NO_ANSWER', 'BUSY', 'FAILED', 'INVALID', 'EXPIRED',
                           'CANCELLED', 'SUPPRESSED', 'STATUS_EXPIRED', 'TRIGGER_UNKNOWN')),
    outcome_reason    text,
    attempts          integer      not null default 0,
    next_attempt_at   timestamptz,
    last_call_sid     text,
    lease_owner       text,
    lease_expires_at  timestamptz,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null,
    constraint recipient_outcome_when_done check ((state = 'DONE') = (outcome is not null)),
    constraint recipient_number_once_per_campaign unique (campaign_id, phone_number)
);

-- The claim: due rows only, so finished history never slows it down.
create index recipient_due on recipient (campaign_id, deadline, next_attempt_at)
    where state = 'PENDING';
-- Leases of replicas that died while dialling.
create index recipient_leased on recipient (lease_expires_at)
    where state = 'DIALING';
-- Per-recipient listing and CSV export in a stable order.
create index recipient_by_campaign on recipient (campaign_id, id);

-- call_attempt ---------------------------------------------------------------

create table call_attempt (
    id                  bigint       generated always as identity primary key,
    recipient_id        bigint       not null references recipient (id) on delete cascade,
    campaign_id         uuid         not null references campaign (id) on delete cascade,
    attempt             integer      not null check (attempt > 0),
    -- written before the HTTP request, so null until the provider answered
    call_sid            text         unique,
    phase               text         not null
        check (phase in ('TRIGGERING', 'ACTIVE', 'FINAL')),
    status              text,        -- canonical CallStatus
    raw_status          text,        -- verbatim from the provider, never dropped
    error               text,
    lease_owner         text,
    lease_expires_at    timestamptz,
    created_at          timestamptz  not null,
    triggered_at        timestamptz,
    ended_at            timestamptz,
    next_poll_at        timestamptz,
    retention_deadline  timestamptz,
    poll_count          integer      not null default 0,
    constraint call_attempt_once unique (recipient_id, attempt)
);

-- The poll: active calls nearest to being forgotten first (next_poll_at is hot and
-- filtered, not indexed).
create index call_attempt_active on call_attempt (retention_deadline)
    where phase = 'ACTIVE';
-- Attempts whose trigger outcome is still unknown after a crash.
create index call_attempt_triggering on call_attempt (created_at)
    where phase = 'TRIGGERING';
create index call_attempt_by_recipient on call_attempt (recipient_id, attempt);

create table call_status_event (
    id               bigint       generated always as identity primary key,
    call_attempt_id  bigint       not null references call_attempt (id) on delete cascade,
    status           text         not null,
    raw_status       text,
    observed_at      timestamptz  not null
);

create index call_status_event_by_attempt on call_status_event (call_attempt_id, id);

-- compliance -----------------------------------------------------------------

create table suppression (
    tenant        text         not null,
    phone_number  text         not null,  -- E.164
    reason        text,
    created_at    timestamptz  not null,
    primary key (tenant, phone_number)
);

-- security -------------------------------------------------------------------

create table api_key (
    id            uuid         primary key,
    name          text         not null,
    tenant        text         not null,
    roles         text[]       not null,
    key_prefix    text         not null,          -- first characters, to recognise a key
    key_hash      text         not null unique,   -- SHA-256 of the whole key; never the key
    created_at    timestamptz  not null,
    revoked_at    timestamptz,
    last_used_at  timestamptz
);

-- campaign ingest idempotency ------------------------------------------------

create table idempotency_key (
    tenant           text         not null,
    key              text         not null,
    request_hash     text         not null,
    response_status  integer,
    response_body    jsonb,
    resource_id      uuid,
    created_at       timestamptz  not null,
    expires_at       timestamptz  not null,
    primary key (tenant, key)
);

create index idempotency_key_expiry on idempotency_key (expires_at);

-- notify: outbox and webhooks ------------------------------------------------

create table outbox (
    id           bigint       generated always as identity primary key,
    tenant       text         not null,
    event_type   text         not null,
    payload      jsonb        not null,
    created_at   timestamptz  not null,
    routed_at    timestamptz
);

create index outbox_unrouted on outbox (id) where routed_at is null;

create table webhook_subscription (
    id               uuid         primary key,
    tenant           text         not null,
    url              text         not null,
    event_types      text[]       not null,
    secret           text         not null,
    previous_secret  text,        -- still signed with, during a rotation
    active           boolean      not null default true,
    created_at       timestamptz  not null
);

create index webhook_subscription_by_tenant on webhook_subscription (tenant);

create table webhook_delivery (
    id               bigint       generated always as identity primary key,
    subscription_id  uuid         not null references webhook_subscription (id) on delete cascade,
    outbox_id        bigint       not null references outbox (id) on delete cascade,
    state            text         not null
        check (state in ('PENDING', 'DELIVERED', 'DEAD')),
    attempts         integer      not null default 0,
    next_attempt_at  timestamptz,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz  not null,
    constraint webhook_delivery_once unique (subscription_id, outbox_id)
);

create index webhook_delivery_due on webhook_delivery (next_attempt_at)
    where state = 'PENDING';
