import { ACCESS } from '../../access.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { FindingCountQuery, FindingCounts } from '../../schemas.js'

export const countFindings = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/findings/counts',
    operationId: 'countFindings',
    summary: 'Exact finding counts grouped by rule, severity, cluster or day, with the same filters as the list; for dashboards.',
    tags: ['findings'],
    roles: ACCESS.readEvidence,
    query: FindingCountQuery,
    response: FindingCounts,
    errors: [400],
    handler: async ({ query, scope }) => {
      const { by, cluster, ...filter } = query
      const q = { ...filter, clusters: scope(cluster) }
      const [groups, total] = await Promise.all([store.findings.countBy(q, by), store.findings.count(q)])
      return { by, groups, total }
    },
  })
