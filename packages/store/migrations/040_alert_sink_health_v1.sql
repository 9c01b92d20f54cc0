-- Whether each alert sink works, as the router last saw it (ADR 0009, update of 2026-12-07).
-- A permanent "your configuration is broken" answer (revoked token, archived channel,
-- invalid routing key) marks a sink unhealthy; its next success marks it healthy again.
-- The api reads it for GET /v1/sinks, whichever process runs the router. (Migration 040.)
CREATE TABLE IF NOT EXISTS alert_sink_health_v1
(
    sink       String,
    healthy    UInt8,
    since      DateTime64(3, 'UTC'),
    detail     String,
    -- How many times the sink turned unhealthy: part of the meta-alert's group key.
    breaks     UInt32,
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY sink;
