-- Gaps recorded live by the api's gap-check job. A gap is keyed by where it
-- starts; a later row for the same key (the gap grew or closed) replaces the
-- earlier one, newest detected_at wins.
CREATE TABLE IF NOT EXISTS coverage_gaps_v1
(
    cluster     LowCardinality(String),
    apiserver   LowCardinality(String),
    start       DateTime('UTC'),
    end         DateTime('UTC'),
    open        Bool,
    detected_at DateTime64(3, 'UTC'),
    detected_by String
)
ENGINE = ReplacingMergeTree(detected_at)
ORDER BY (cluster, apiserver, start)
