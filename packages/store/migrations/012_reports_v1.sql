-- Evidence reports as generated (the native JSON). The id is a hash of
-- framework, control, period and scope; the latest generation of an id wins.
CREATE TABLE IF NOT EXISTS reports_v1
(
    report_id    String,
    generated_at DateTime64(3, 'UTC'),
    body         String CODEC(ZSTD(3))
)
ENGINE = ReplacingMergeTree(generated_at)
ORDER BY report_id
