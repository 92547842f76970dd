-- Provider connections as data (issue #24): a tenant's admins store the connections their
-- campaigns may use. The credential is AES-256-GCM ciphertext (IV first) under the key named by
-- credential_key_id (orchestrator.connections.encryption-keys); it is never stored in the clear.
-- A null limit means the deployment's setting applies.
create table provider_connection (
    id                          uuid              primary key,
    tenant                      text              not null,
    name                        text              not null,
    dialect                     text              not null
        check (dialect in ('outbound-calling-v1', 'agents-v1', 'platform-v1')),
    base_url                    text              not null,
    credential_ciphertext       bytea             not null,
    credential_key_id           text              not null,
    agent_id                    text,
    account_id                  text,
    project_id                  text,
    environment                 text,
    calls_per_second            double precision  check (calls_per_second > 0),
    burst                       integer           check (burst >= 0),
    max_concurrent_calls        integer           check (max_concurrent_calls > 0),
    status_requests_per_second  double precision  check (status_requests_per_second > 0),
    enabled                     boolean           not null default true,
    created_at                  timestamptz       not null,
    updated_at                  timestamptz       not null,
    version                     bigint            not null default 0,
    constraint provider_connection_name unique (tenant, name)
);
