import type { Store } from '@vigil/store'
import { defineRoute } from '../route.js'
import { scopeClusters } from '../principals.js'
import { DeadLetterList, EventPage, EventSearchQuery } from '../schemas.js'
import { z } from 'zod'

export function eventRoutes(store: Store) {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/events',
      operationId: 'searchEvents',
      summary: 'Search stored audit events, newest first.',
      tags: ['events'],
      roles: ['admin', 'analyst', 'auditor'],
      query: EventSearchQuery,
      response: EventPage,
      errors: [400],
      handler: ({ query, principal }) => store.searchEvents({ ...query, clusters: scopeClusters(principal!, query.cluster) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/dead-letters',
      operationId: 'listDeadLetters',
      summary: 'Payloads ingest or the analyzer could not read as audit events, with the reason.',
      tags: ['events'],
      roles: ['admin', 'analyst'],
      query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: DeadLetterList,
      errors: [400],
      handler: async ({ query, principal }) => ({ items: await store.listDeadLetters({ limit: query.limit, clusters: scopeClusters(principal!, undefined) }) }),
    }),
  ]
}
