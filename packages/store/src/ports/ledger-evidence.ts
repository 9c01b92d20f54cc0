import type { StoreOps } from '../store-ops.js'
import { listAnchors, locateAuditRecords, type AnchorRow, type AuditEventKey, type LedgerPosition } from '../tables/ledger-lookup.js'

/**
 * What evidence exports read from the ledger beyond checkpoints and proofs
 * (the `ledger` port): the anchor receipts of checkpoints, and where sampled
 * audit events were sealed.
 */
export interface LedgerEvidenceStore {
  anchors(origin: string, range: { fromSeq: number; toSeq: number }): Promise<AnchorRow[]>
  /** Ledger positions by row key (`cluster/audit_id/stage`); events not sealed are absent. */
  locateAuditRecords(keys: readonly AuditEventKey[]): Promise<Map<string, LedgerPosition>>
}

export function createLedgerEvidenceStore(ops: StoreOps): LedgerEvidenceStore {
  const { client } = ops
  return {
    anchors: (origin, range) => ops.read('reading ledger anchors', () => listAnchors(client, origin, range)),
    locateAuditRecords: (keys) => ops.read('locating sealed audit events', () => locateAuditRecords(client, keys)),
  }
}
