import { defineRoute, type RouteDeps } from '../../route.js'
import { CheckpointList, CheckpointQuery } from '../../ledger-schemas.js'

export const listCheckpoints = ({ store, ledger }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/ledger/checkpoints',
    operationId: 'listLedgerCheckpoints',
    summary: 'Signed ledger checkpoints in sequence order, each with its body, hash and signatures.',
    tags: ['ledger'],
    roles: ['admin', 'auditor'],
    query: CheckpointQuery,
    response: CheckpointList,
    errors: [400],
    handler: async ({ query }) => {
      const items = await store.ledger.checkpoints(ledger.origin, { ...(query.from === undefined ? {} : { fromSeq: query.from }), ...(query.to === undefined ? {} : { toSeq: query.to }) })
      return { items: items.slice(0, query.limit) }
    },
  })
