-- Raw audit events, one row per (cluster, auditID, stage). ReplacingMergeTree on
-- that key makes a redelivered event harmless; reads use FINAL.
CREATE TABLE IF NOT EXISTS audit_events_v1
(
    cluster             LowCardinality(String),
    audit_id            String,
    stage               LowCardinality(String),
    level               LowCardinality(String),
    verb                LowCardinality(String),
    user                String,
    user_groups         Array(String),
    impersonated_user   String,
    source_ips          Array(String),
    user_agent          String,
    resource            LowCardinality(String),
    subresource         LowCardinality(String),
    api_group           LowCardinality(String),
    namespace           String,
    name                String,
    request_uri         String,
    response_code       Int32,
    decision            LowCardinality(String),
    request_received_at DateTime64(6, 'UTC'),
    stage_at            DateTime64(6, 'UTC'),
    received_at         DateTime64(3, 'UTC'),
    raw                 String CODEC(ZSTD(1))
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(request_received_at)
ORDER BY (cluster, request_received_at, audit_id, stage)
TTL toDateTime(received_at) + INTERVAL 400 DAY
