import { AppError } from '@vigil/core'
import { defineRoute, type RouteDeps } from '../../route.js'
import { InclusionProof, ProofQuery } from '../../ledger-schemas.js'

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
    handler: async ({ query }) => {
      const proof = await store.ledger.proof(ledger.origin, query)
      if (proof === undefined) throw new AppError('not_found', `no sealed record at ${query.stream}/${query.partition} @${query.seq}/${query.idx}`)
      return proof
    },
  })
