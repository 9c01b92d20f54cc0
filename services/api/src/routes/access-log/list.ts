import { z } from 'zod'
import { AccessRecord, Timestamp } from '@vigil/core'
import { ACCESS } from '../../access.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { pageOf, PageQuery } from '../../schemas.js'

export const AccessLogQuery = z.strictObject({
  principal: z.string().min(1).max(200).optional().describe('Only requests by this token or session name.'),
  route: z.string().min(1).max(200).optional().describe('Only this route template, e.g. /v1/findings/:id.'),
  outcome: z.enum(['allowed', 'refused']).optional().describe('Only allowed (status < 400) or refused requests.'),
  sensitive: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('Only reads that did (true) or did not (false) return raw audit payloads.'),
  from: Timestamp.optional().describe('Inclusive start, RFC 3339, on the request time.'),
  to: Timestamp.optional().describe('Exclusive end, RFC 3339.'),
  ...PageQuery,
})

export const listAccessLog = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/access-log',
    operationId: 'listAccessLog',
    summary: 'Every API request, allowed or refused, newest first: who, as what role, which route and parameters (secrets masked), the clusters in scope, the status and rows returned. A cluster-scoped caller sees requests that could touch its clusters.',
    tags: ['access'],
    roles: ACCESS.readAccessLog,
    query: AccessLogQuery,
    response: pageOf(AccessRecord),
    errors: [400],
    handler: ({ query, scope }) => store.accessLog.list({ ...query, clusters: scope(undefined) }),
  })
