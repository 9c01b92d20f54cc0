import type { ChainHead, SignedCheckpoint } from '@vigil/ledger'
import type { LedgerEvidenceStore, LedgerStore } from '@vigil/store'
import type { Integrity, Period } from './report.js'

export interface IntegrityDeps {
  ledger: Pick<LedgerStore, 'checkpoints' | 'heads'>
  ledgerEvidence: Pick<LedgerEvidenceStore, 'anchors'>
  origin: string
}

/** Whether a checkpoint's heads reach every chain's current head: nothing was sealed after it. */
export function coversHeads(cp: SignedCheckpoint, heads: readonly ChainHead[]): boolean {
  const at = new Map(cp.body.heads.map((h) => [`${h.stream}\u0000${h.partition}`, h.last_seq]))
  return heads.every((h) => (at.get(`${h.stream}\u0000${h.partition}`) ?? -1) >= h.last_seq)
}

/**
 * The checkpoint that covers a report's data as of its snapshot: the first
 * one made at or after the snapshot (records stored by then were sealed
 * before it, unless the analyzer lagged by more than the time between the
 * two: a sampled item's inclusion proof names the checkpoint that really
 * covers it), or, when none was made since, the latest one if nothing was
 * sealed after it. Undefined while no checkpoint qualifies.
 */
export function coveringCheckpoint(checkpoints: readonly SignedCheckpoint[], asOf: string, heads: readonly ChainHead[]): SignedCheckpoint | undefined {
  const snap = Date.parse(asOf)
  const after = checkpoints.find((c) => Date.parse(c.body.created_at) >= snap)
  if (after !== undefined) return after
  const last = checkpoints[checkpoints.length - 1]
  return last !== undefined && coversHeads(last, heads) ? last : undefined
}

/**
 * The report's integrity section: the covering checkpoint, its hash as the
 * ledger root, the checkpoints from the first that can hold the period's
 * records up to it, and where it was anchored. A function of the stored
 * ledger, so a reproduction gives the same section while no checkpoint is
 * added in between.
 */
export async function integrityOf(deps: IntegrityDeps, period: Period, asOf: string): Promise<Integrity | null> {
  const checkpoints = await deps.ledger.checkpoints(deps.origin)
  if (checkpoints.length === 0) return null
  const covering = coveringCheckpoint(checkpoints, asOf, await deps.ledger.heads())
  if (covering === undefined) return null
  const start = Date.parse(period.start)
  const first = checkpoints.find((c) => Date.parse(c.body.period_end) > start && c.body.seq <= covering.body.seq) ?? covering
  const anchors = await deps.ledgerEvidence.anchors(deps.origin, { fromSeq: covering.body.seq, toSeq: covering.body.seq })
  return {
    origin: deps.origin,
    ledger_root: covering.checkpoint_hash,
    ledger_range: { from: first.body.period_start, to: covering.body.period_end },
    checkpoints: { from_seq: first.body.seq, to_seq: covering.body.seq },
    checkpoint: {
      seq: covering.body.seq,
      checkpoint_hash: covering.checkpoint_hash,
      batches_root: covering.body.batches_root,
      created_at: covering.body.created_at,
      key_ids: covering.signatures.map((s) => s.key_id).sort(),
    },
    anchors: anchors.map((a) => `${a.anchor_type} ${a.anchor_ref} ${a.receipt}`),
  }
}
