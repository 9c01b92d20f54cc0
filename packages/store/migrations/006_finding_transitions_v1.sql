-- Triage decisions on findings: one immutable row per transition, request,
-- approval or rejection. Never updated or replaced (plain MergeTree); a
-- finding's current state is derived from its rows (docs/evidence.md).
CREATE TABLE IF NOT EXISTS finding_transitions_v1
(
    transition_id String,
    finding_id    String,
    seq           UInt32,
    cluster       LowCardinality(String),
    at            DateTime64(6, 'UTC'),
    actor         String,
    role          LowCardinality(String),
    kind          LowCardinality(String),
    from_state    LowCardinality(String),
    to_state      LowCardinality(String),
    disposition   LowCardinality(String),
    reason        String,
    ticket        String,
    expires_at    Nullable(DateTime64(3, 'UTC')),
    request_id    String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (finding_id, seq, transition_id)
