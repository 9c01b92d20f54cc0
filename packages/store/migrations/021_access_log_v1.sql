-- Every API request, allowed or refused: who, as what, asked for what, and what came back.
CREATE TABLE IF NOT EXISTS access_log_v1
(
    id          String,
    at          DateTime64(3, 'UTC'),
    principal   String,
    token_id    String,
    role        LowCardinality(String),
    auth        LowCardinality(String),
    source_ip   String,
    method      LowCardinality(String),
    route       LowCardinality(String),
    params      String,
    clusters    Array(String),
    status      UInt16,
    error_code  LowCardinality(String),
    rows        UInt32,
    sensitive   Bool,
    duration_ms UInt32
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (at, id)
TTL toDateTime(at) + INTERVAL 2190 DAY
