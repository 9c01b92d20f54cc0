import { z } from 'zod'
import { silenceWithinScope } from '../../alert-scope.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { SilenceList, silenceFromRow, silenceOut } from '../../alerting-schemas.js'

export const listSilences = ({ store, now }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/silences',
    operationId: 'listSilences',
    summary: 'Every silence ever made (they are kept as evidence), newest first, optionally by state.',
    tags: ['alerts'],
    roles: ['admin', 'analyst', 'auditor'],
    query: z.strictObject({ state: z.enum(['pending', 'active', 'expired']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
    response: SilenceList,
    errors: [400],
    handler: async ({ query, principal }) => {
      const t = now().getTime()
      const scoped = principal!.clusters !== undefined
      const rows = await store.alerting.listSilences(query.state === undefined && !scoped ? query.limit : 10_000)
      const items = rows.map((r) => silenceFromRow(r)).filter((s) => silenceWithinScope(principal!, s.matchers)).map((s) => silenceOut(s, t))
      return { items: items.filter((s) => query.state === undefined || s.state === query.state).slice(0, query.limit) }
    },
  })
