-- What a call achieved (issue #25). The agent's own report, posted by its tool to
-- POST /api/v1/calls/{callSid}/outcome: who answered (detection), its disposition, when it
-- asks to be called back, its notes; when it was reported and a hash of the report (the same
-- body again is a no-op). And what the provider answered beyond the status: the raw last
-- status body (bounded by the adapter), the call's duration and its end as the provider
-- gives them, when the dialect does.
alter table call_attempt
    add column detection text
        check (detection in ('HUMAN', 'VOICEMAIL', 'IVR', 'NOT_IN_SERVICE', 'OPERATOR', 'UNKNOWN')),
    add column disposition text,
    add column agent_retry_at timestamptz,
    add column agent_notes text,
    add column outcome_reported_at timestamptz,
    add column outcome_report_hash text,
    add column raw_answer text,
    add column provider_duration_seconds integer check (provider_duration_seconds >= 0),
    add column provider_ended_at timestamptz;
