import { defineRoute, type RouteDeps } from '../../route.js'
import { scopeClusters } from '../../principals.js'
import { FindingListQuery, FindingPage } from '../../schemas.js'

export const listFindings = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/findings',
    operationId: 'listFindings',
    summary: 'List findings, newest first, filtered by cluster, rule, severity, namespace, user and time.',
    tags: ['findings'],
    roles: ['admin', 'analyst', 'auditor'],
    query: FindingListQuery,
    response: FindingPage,
    errors: [400],
    handler: ({ query, principal }) => store.findings.list({ ...query, clusters: scopeClusters(principal!, query.cluster) }),
  })
