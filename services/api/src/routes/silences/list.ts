import { z } from 'zod'
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
    handler: async ({ query }) => {
      const t = now().getTime()
      const items = (await store.alerting.listSilences(query.state === undefined ? query.limit : 10_000)).map((r) => silenceOut(silenceFromRow(r), t))
      return { items: items.filter((s) => query.state === undefined || s.state === query.state).slice(0, query.limit) }
    },
  })
