-- Reviewers' sign-offs: "I reviewed the N findings of control X for period P".
-- Immutable, one row per attestation.
CREATE TABLE IF NOT EXISTS attestations_v1
(
    attestation_id String,
    framework      LowCardinality(String),
    control        String,
    period_start   DateTime64(6, 'UTC'),
    period_end     DateTime64(6, 'UTC'),
    clusters       Array(String),
    reviewer       String,
    role           LowCardinality(String),
    at             DateTime64(6, 'UTC'),
    finding_count  UInt64,
    statement      String
)
ENGINE = MergeTree
ORDER BY (framework, control, at, attestation_id)
