-- One row per finding. finding_id is a hash of (rule, rule version, cluster,
-- auditID, stage), so a redelivered batch replaces rather than duplicates.
CREATE TABLE IF NOT EXISTS findings_v1
(
    finding_id   String,
    rule_id      LowCardinality(String),
    rule_version String,
    severity     LowCardinality(String),
    title        String,
    cluster      LowCardinality(String),
    audit_id     String,
    stage        LowCardinality(String),
    event_time   DateTime64(6, 'UTC'),
    user         String,
    verb         LowCardinality(String),
    resource     LowCardinality(String),
    namespace    String,
    name         String,
    reason       String,
    output       String,
    evidence     String,
    tags         Array(LowCardinality(String)),
    controls     Array(String),
    created_at   DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (cluster, event_time, finding_id)
TTL toDateTime(created_at) + INTERVAL 2190 DAY
