-- Every sample drawn, re-draws and abandoned draws included, so seed
-- shopping is visible. Immutable.
CREATE TABLE IF NOT EXISTS samples_v1
(
    sample_id         String,
    population_id     String,
    population_name   String,
    population_sha256 String,
    population_rows   UInt64,
    method            LowCardinality(String),
    seed              Nullable(String),
    size              UInt32,
    size_basis        String,
    drawn_by          String,
    drawn_at          DateTime64(3, 'UTC'),
    selected          String
)
ENGINE = MergeTree
ORDER BY (population_id, drawn_at, sample_id)
