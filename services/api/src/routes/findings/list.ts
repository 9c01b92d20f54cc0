import { defineRoute, type RouteDeps } from '../../route.js'
import { ACCESS } from '../../access.js'
import { FindingListQuery, FindingPage } from '../../schemas.js'

export const listFindings = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/findings',
    operationId: 'listFindings',
    summary: 'List findings, newest first, filtered by cluster, rule, severity, namespace, user and time.',
    tags: ['findings'],
    roles: ACCESS.readEvidence,
    query: FindingListQuery,
    response: FindingPage,
    errors: [400],
    handler: ({ query, scope }) => store.findings.list({ ...query, clusters: scope(query.cluster) }),
  })
