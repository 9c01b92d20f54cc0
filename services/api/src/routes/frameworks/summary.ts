import { z } from 'zod'
import { buildSummary, DISCLAIMER } from '@vigil/evidence'
import { defineRoute, type RouteDeps } from '../../route.js'
import { AsOf, clusterList, FrameworkSummary, PeriodQuery } from '../../evidence-schemas.js'
import { evidenceScope, periodOf } from '../../evidence-input.js'

export const getFrameworkSummary = ({ store, evidence, version, now }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/frameworks/:framework/summary',
    operationId: 'getFrameworkSummary',
    summary: "Every control of a framework for a period and scope in one view: each status and its counts, as that control's report gives them (populations are counted, not recorded).",
    tags: ['reports'],
    roles: ['admin', 'analyst', 'auditor'],
    params: z.strictObject({ framework: z.string().min(1).max(64) }),
    query: z.strictObject({ ...PeriodQuery, cluster: clusterList, as_of: AsOf }),
    response: FrameworkSummary,
    errors: [400, 404],
    handler: async ({ params, query, principal }) => {
      evidence.catalog.controls(params.framework) // an unknown framework is a 404 (with a suggestion) before anything else
      const period = periodOf({ evidence }, query.start, query.end)
      const clusters = await evidenceScope(store, principal!, query.cluster)
      const summary = await buildSummary({ store, catalog: evidence.catalog, config: evidence.config, generatorVersion: version, now }, { framework: params.framework, period, clusters, as_of: query.as_of })
      return { framework: params.framework, period, scope: { clusters: summary.clusters }, as_of: summary.as_of, disclaimer: DISCLAIMER, controls: summary.controls }
    },
  })
