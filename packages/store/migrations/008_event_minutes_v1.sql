-- Coverage: the minutes in which events arrived, per cluster (and apiserver,
-- once ingest can tell them apart; '' until then). Filled by a materialized
-- view on every insert into audit_events_v1, so the analyzer's batch write
-- records it with no extra statement. Arrival time (received_at) is used, not
-- the event's own time: a gap is silence on the wire.
CREATE TABLE IF NOT EXISTS event_minutes_v1
(
    cluster   LowCardinality(String),
    apiserver LowCardinality(String),
    minute    DateTime('UTC'),
    events    UInt64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (cluster, apiserver, minute);

CREATE MATERIALIZED VIEW IF NOT EXISTS event_minutes_mv_v1 TO event_minutes_v1 AS
SELECT cluster, '' AS apiserver, toStartOfMinute(received_at) AS minute, count() AS events
FROM audit_events_v1
GROUP BY cluster, apiserver, minute
