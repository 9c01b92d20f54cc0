import type { Finding, StampedEvent } from '@vigil/core'
import { TOPIC_NAMES } from '@vigil/event-log'
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
  /** The chain name, e.g. `vigil.audit.v1` for Kafka (with its topic prefix), `embedded:vigil.audit.v1` in-process. */
  stream: string
  /** `offset`: a record's seq is its Kafka offset; `assigned`: the sealer numbers records (in-process offsets restart with the process). */
  positions: 'offset' | 'assigned'
}

/**
 * The analyzer's chain per event-log kind. Kafka positions are offsets of
 * the (prefixed) audit topic; the in-process log's offsets restart with the
 * process, so its chain has its own name and the sealer numbers it.
 */
export function ledgerPlacement(log: { type: 'inprocess' } | { type: 'kafka'; topic_prefix: string }): LedgerPlacement {
  return log.type === 'kafka' ? { stream: `${log.topic_prefix}${TOPIC_NAMES.audit}`, positions: 'offset' } : { stream: `embedded:${TOPIC_NAMES.audit}`, positions: 'assigned' }
}
