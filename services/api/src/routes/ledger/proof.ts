import { AppError } from '@vigil/core'
import { assertInScope } from '../../evidence-input.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { InclusionProof, ProofQuery } from '../../ledger-schemas.js'

/**
 * The clusters a ledger record is about: `cluster` (audit records,
 * findings), or `clusters` (access records; empty means every cluster). A
 * record that names none is treated as about every cluster, so only an
 * unscoped caller gets its proof.
 */
function recordClusters(recordJcs: string): string[] {
  const r = JSON.parse(recordJcs) as { cluster?: unknown; clusters?: unknown }
  if (typeof r.cluster === 'string') return [r.cluster]
  if (Array.isArray(r.clusters) && r.clusters.length > 0) return r.clusters.map(String)
  return ['(every cluster)']
}

export const getProof = ({ store, ledger }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/ledger/proof',
    operationId: 'getLedgerProof',
    summary: "An inclusion proof for one record at its ledger position: the record's bytes, its path to the batch root, and the batch's path to the first checkpoint that covers it (null until one does).",
    tags: ['ledger'],
    roles: ['admin', 'auditor'],
    query: ProofQuery,
    response: InclusionProof,
    errors: [400, 404],
    handler: async ({ query, principal }) => {
      const proof = await store.ledger.proof(ledger.origin, query)
      if (proof === undefined) throw new AppError('not_found', `no sealed record at ${query.stream}/${query.partition} @${query.seq}/${query.idx}`)
      assertInScope(principal!, recordClusters(proof.record_jcs), `the record at ${query.stream}/${query.partition} @${query.seq}/${query.idx}`)
      return proof
    },
  })
