import { createHash } from 'node:crypto'
import type { Finding, StampedEvent } from '@vigil/core'
import type { Ruleset } from '@vigil/rules'
import { TOPIC_NAMES } from '@vigil/event-log'
import { API_RECORD_TYPES, type LedgerRecord } from '@vigil/store'

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

/**
 * The rule pack the analyzer evaluates with, as a ledger record: the
 * SHA-256 of every source file and of the whole pack (files in path order,
 * plus the lists it was compiled with), and each rule's id, version and
 * whether it is enabled. Sealed when it differs from the last one sealed
 * (see `sealRulePackChange`), so the ledger says which rules judged which
 * period.
 */
export interface RulePackRecord extends LedgerRecord {
  pack_sha256: string
  files: Array<{ file: string; sha256: string }>
  lists_sha256: string
  rules: Array<{ id: string; version: number; enabled: boolean }>
}

export function rulePackRecord(ruleset: Ruleset): RulePackRecord {
  const files = [...ruleset.sources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)).map((s) => ({ file: s.file, sha256: sha256(s.text) }))
  const lists = Object.keys(ruleset.lists)
    .sort()
    .map((name) => ({ name, items: [...(ruleset.lists[name] ?? [])] }))
  const rules = ruleset.rules.map((r) => ({ id: r.id, version: r.version, enabled: r.enabled }))
  // Fixed key order throughout, so JSON.stringify is deterministic here.
  const pack_sha256 = sha256(JSON.stringify({ files, lists }))
  return { type: RULE_PACK_RECORD, v: 1, pack_sha256, files, lists_sha256: sha256(JSON.stringify(lists)), rules }
}

export const RULE_PACK_RECORD = API_RECORD_TYPES.rulePack

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
