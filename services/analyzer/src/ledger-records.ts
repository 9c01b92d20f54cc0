import type { Finding, StampedEvent } from '@vigil/core'
import type { LedgerRecord } from '@vigil/store'

/**
 * What the analyzer commits to the ledger for each stored event: the
 * envelope of notes/evidence-formats.md §3.3, so the cluster ingest stamped
 * and the receive time are covered too, with the event after redaction.
 * The sealer adds `log` (stream, partition, seq, idx).
 */
export function auditRecord(s: StampedEvent): LedgerRecord {
  return { type: 'vigil.audit-record', v: 1, cluster: s.cluster, received_at: s.received_at, event: s.event }
}

/**
 * A finding as stored. Every version is a leaf of its own: a threshold
 * finding that a later event in its window updates is a new record, while
 * findings_v1 keeps only the latest.
 */
export function findingRecord(f: Finding): LedgerRecord {
  return { type: 'vigil.finding', v: 1, ...f }
}

/** Where the analyzer's records go in the ledger. */
export interface LedgerPlacement {
  /** The chain name, e.g. `vigil.audit.v1` for Kafka (with its topic prefix), `vigil.embedded.audit.v1` in-process. */
  stream: string
  /** `offset`: a record's seq is its Kafka offset; `assigned`: the sealer numbers records (in-process offsets restart with the process). */
  positions: 'offset' | 'assigned'
}
