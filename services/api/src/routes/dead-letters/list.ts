import { z } from 'zod'
import { defineRoute, type RouteDeps } from '../../route.js'
import { ACCESS } from '../../access.js'
import { DeadLetterList } from '../../schemas.js'

export const listDeadLetters = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/dead-letters',
    operationId: 'listDeadLetters',
    summary: 'Payloads ingest or the analyzer could not read as audit events, with the reason.',
    tags: ['events'],
    roles: ACCESS.triage,
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
    response: DeadLetterList,
    errors: [400],
    // Dead letters hold the raw payload as received, bodies included.
    sensitive: (r) => r.items.length > 0,
    handler: async ({ query, scope }) => ({ items: await store.deadLetters.list({ limit: query.limit, clusters: scope(undefined) }) }),
  })
