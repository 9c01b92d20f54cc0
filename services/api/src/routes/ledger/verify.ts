import { defineRoute, type RouteDeps } from '../../route.js'
import { LedgerReport, VerifyQuery } from '../../ledger-schemas.js'

export const verifyLedger = ({ store, ledger }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/ledger/verify',
    operationId: 'verifyLedger',
    summary: 'Verifies the ledger where the data is (as `vigil verify ledger`): outcome verified, tampered or unverifiable, the failures located, first broken link first.',
    tags: ['ledger'],
    roles: ['admin', 'auditor'],
    query: VerifyQuery,
    response: LedgerReport,
    errors: [400],
    handler: async ({ query }) => {
      const keyring = (await ledger.trustedKeys()) ?? { keys: [] }
      return store.ledger.verify({ origin: ledger.origin, keyring, fromCheckpoint: query.from, toCheckpoint: query.to })
    },
  })
