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
    handler: async ({ query, scope }) => {
      const { total, cluster, ...filter } = query
      const q = { ...filter, clusters: scope(cluster) }
      const page = await store.findings.list(q)
      if (!total) return page
      const { limit: _limit, cursor: _cursor, ...counted } = q
      return { ...page, total: await store.findings.count(counted) }
    },
  })
