import { API_RECORD_TYPES, sealThenWrite } from '../api-ledger.js'
import type { StoreOps } from '../store-ops.js'
import { insertAttestation, listAttestations, ATTESTATIONS_TABLE, type AttestationQuery, type AttestationRow } from '../tables/attestations.js'
import { controlFindingIdsSql, findingsOfEvents, getFindingMeta, listControlFindings, type ControlFinding, type ControlFindingQuery } from '../tables/findings.js'
import { FINDING_TRANSITIONS_TABLE, insertTransitions, listTransitions, type TransitionRow } from '../tables/finding-transitions.js'

/** What people decided about findings: immutable triage transitions and periodic attestations. */
export interface ReviewStore {
  /** Appends transition rows; never updates one. */
  record(rows: readonly TransitionRow[]): Promise<void>
  /** A finding's rows, oldest first (at or before `asOf` when given). */
  history(findingId: string, asOf?: string): Promise<TransitionRow[]>
  /** The rows of many findings, oldest first per finding. */
  histories(findingIds: readonly string[], asOf?: string): Promise<TransitionRow[]>
  /** The findings of a set of rules in a period and scope, as stored at `as_of`. */
  controlFindings(q: ControlFindingQuery): Promise<ControlFinding[]>
  /** The rows of every finding `controlFindings(q)` returns, at or before q.as_of. */
  controlHistories(q: ControlFindingQuery): Promise<TransitionRow[]>
  /** One finding's severity and detection time, scoped to `clusters` when given. */
  findingMeta(id: string, clusters?: readonly string[]): Promise<ControlFinding | undefined>
  /** The findings about the given events. */
  eventFindings(keys: readonly { cluster: string; audit_id: string; stage: string }[]): Promise<(ControlFinding & { audit_id: string; stage: string })[]>
  attest(row: AttestationRow): Promise<void>
  attestations(q: AttestationQuery): Promise<AttestationRow[]>
}

export function createReviewStore(ops: StoreOps): ReviewStore {
  const { client } = ops
  return {
    record: (rows) => sealThenWrite(ops, API_RECORD_TYPES.transition, rows, () => ops.write(FINDING_TRANSITIONS_TABLE, 'recording triage transitions', () => insertTransitions(client, rows))),
    history: (id, asOf) => ops.read('reading a finding history', () => listTransitions(client, { findingIds: [id] }, asOf)),
    histories: (ids, asOf) => (ids.length === 0 ? Promise.resolve([]) : ops.read('reading finding histories', () => listTransitions(client, { findingIds: ids }, asOf))),
    controlFindings: (q) => ops.read("reading a control's findings", () => listControlFindings(client, q)),
    controlHistories: (q) => {
      if (q.rule_ids.length === 0 || q.clusters.length === 0) return Promise.resolve([])
      const { sql, params } = controlFindingIdsSql(q)
      return ops.read("reading a control's triage", () => listTransitions(client, { findingsSql: sql, params }, q.as_of))
    },
    findingMeta: (id, clusters) => ops.read('reading a finding', () => getFindingMeta(client, id, clusters)),
    eventFindings: (keys) => ops.read('reading the findings of events', () => findingsOfEvents(client, keys)),
    attest: (row) => sealThenWrite(ops, API_RECORD_TYPES.attestation, [row], () => ops.write(ATTESTATIONS_TABLE, 'recording an attestation', () => insertAttestation(client, row))),
    attestations: (q) => ops.read('listing attestations', () => listAttestations(client, q)),
  }
}
