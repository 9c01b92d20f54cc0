-- Population runs: the exact query, its parameters, hashes, snapshot and
-- row count, so a population can be re-run later and compared.
CREATE TABLE IF NOT EXISTS populations_v1
(
    population_id  String,
    name           String,
    framework      LowCardinality(String),
    control        String,
    rule_ids       Array(String),
    clusters       Array(String),
    period_start   DateTime64(6, 'UTC'),
    period_end     DateTime64(6, 'UTC'),
    as_of          DateTime64(3, 'UTC'),
    query          String,
    params         String,
    query_sha256   String,
    row_count      UInt64,
    result_sha256  String,
    created_at     DateTime64(3, 'UTC'),
    created_by     String
)
ENGINE = ReplacingMergeTree(created_at)
ORDER BY population_id
