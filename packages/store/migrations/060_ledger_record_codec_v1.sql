-- The ledger's record bytes are written on the analyzer's hot path and
-- rewritten by every background merge: ZSTD(1), like audit_events_v1.raw,
-- costs the pipeline less than ZSTD(3) for a few bytes more per record
-- (docs/benchmarks.md, "Evidence ledger"). Existing parts keep their codec
-- until they are merged.
ALTER TABLE ledger_entries_v1 MODIFY COLUMN record_jcs String CODEC(ZSTD(1));
