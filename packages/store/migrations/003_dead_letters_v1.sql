-- Payloads that could not be read as audit events, with the reason.
CREATE TABLE IF NOT EXISTS dead_letters_v1
(
    id          String,
    cluster     LowCardinality(String),
    received_at DateTime64(3, 'UTC'),
    reason      LowCardinality(String),
    detail      String,
    raw         String CODEC(ZSTD(3))
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (cluster, received_at, id)
TTL toDateTime(received_at) + INTERVAL 90 DAY
