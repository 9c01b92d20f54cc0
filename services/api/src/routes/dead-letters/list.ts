import { z } from 'zod'
import { defineRoute, type RouteDeps } from '../../route.js'
import { scopeClusters } from '../../principals.js'
import { DeadLetterList } from '../../schemas.js'

export const listDeadLetters = ({ store }: RouteDeps) =>
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
    handler: async ({ query, principal }) => ({ items: await store.deadLetters.list({ limit: query.limit, clusters: scopeClusters(principal!, undefined) }) }),
  })
