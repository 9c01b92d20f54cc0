-- Members of open threshold windows, so stateful rules survive restarts and
-- rebalances. Written in the same batch as the findings, before the commit.
CREATE TABLE IF NOT EXISTS rule_state_v1
(
    rule_id      LowCardinality(String),
    rule_version UInt32,
    cluster      LowCardinality(String),
    state_key    String,
    window_start DateTime64(3, 'UTC'),
    member       String,
    written_at   DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMMDD(window_start)
ORDER BY (rule_id, rule_version, cluster, state_key, window_start, member)
TTL toDateTime(written_at) + INTERVAL 8 DAY
