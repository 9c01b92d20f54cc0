-- The evidence ledger (docs/adr/0008-evidence-ledger.md). Evidence records
-- (leaves) and the headers that seal them share one table, without a
-- partition key, so the one INSERT that carries a batch's leaves and its
-- header makes one part: a crash leaves both or neither. Plain MergeTree:
-- nothing is ever replaced or merged away; verification reads every row.
CREATE TABLE IF NOT EXISTS ledger_entries_v1
(
    stream      LowCardinality(String),
    partition   UInt32,
    entry       Enum8('leaf' = 1, 'batch' = 2),
    -- leaf: its log position; batch: first_seq
    seq         UInt64,
    -- leaf: its index among the leaves of its log record; batch: 0
    idx         UInt32,
    -- the record's type (vigil.audit-record, vigil.finding, …; vigil.ledger.batch)
    kind        LowCardinality(String),
    -- the exact RFC 8785 bytes that are hashed and exported
    record_jcs  String CODEC(ZSTD(3)),
    -- leaf: hex SHA-256(0x00 || record_jcs); batch: its batch_hash. An index, not a trust anchor.
    leaf_hash   String CODEC(ZSTD(1)),
    -- batch only: last_seq
    last_seq    UInt64,
    sealed_at   DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (stream, partition, entry, seq, idx);

-- Signed checkpoints. `signed` is the whole {body, checkpoint_hash,
-- signatures} document; the other columns are projections for range queries.
CREATE TABLE IF NOT EXISTS ledger_checkpoints_v1
(
    origin          LowCardinality(String),
    checkpoint_seq  UInt64,
    period_start    DateTime64(3, 'UTC'),
    period_end      DateTime64(3, 'UTC'),
    checkpoint_hash String,
    signed          String CODEC(ZSTD(3))
)
ENGINE = MergeTree
ORDER BY (origin, checkpoint_seq);

-- Where each checkpoint was exported outside the store, with the receipt.
CREATE TABLE IF NOT EXISTS ledger_anchors_v1
(
    origin         LowCardinality(String),
    checkpoint_seq UInt64,
    anchor_type    LowCardinality(String),
    anchor_ref     String,
    receipt        String,
    anchored_at    DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (origin, checkpoint_seq, anchor_type);

-- The public keys that sign checkpoints, with their validity windows by
-- checkpoint seq. A rotation appends rows; old keys are kept forever.
CREATE TABLE IF NOT EXISTS ledger_keys_v1
(
    key_id          String,
    alg             LowCardinality(String),
    public_key      String,
    valid_from_seq  UInt64,
    valid_until_seq Nullable(UInt64),
    recorded_at     DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY key_id
