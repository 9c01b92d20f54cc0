import { z } from 'zod'
import { actorLabel } from '@vigil/core'
import { buildReport, coverageOf, defaultAsOf, DISCLAIMER } from '@vigil/evidence'
import { defineRoute, type RouteDeps } from '../../route.js'
import { actorOf } from '../../principals.js'
import { AsOf, clusterList, FrameworkSummary, PeriodQuery } from '../../evidence-schemas.js'
import { evidenceScope, periodOf } from '../../evidence-input.js'

export const getFrameworkSummary = ({ store, evidence, version, now }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/frameworks/:framework/summary',
    operationId: 'getFrameworkSummary',
    summary: 'Every control of a framework for a period and scope in one view: each status and its counts (each row is the report of that control).',
    tags: ['reports'],
    roles: ['admin', 'analyst', 'auditor'],
    params: z.strictObject({ framework: z.string().min(1).max(64) }),
    query: z.strictObject({ ...PeriodQuery, cluster: clusterList, as_of: AsOf }),
    response: FrameworkSummary,
    errors: [400, 404],
    handler: async ({ params, query, principal }) => {
      const controls = evidence.catalog.controls(params.framework)
      const period = periodOf({ evidence }, query.start, query.end)
      const clusters = await evidenceScope(store, principal!, query.cluster)
      const asOf = query.as_of === undefined ? defaultAsOf(period, now()) : new Date(query.as_of).toISOString()
      const deps = { store, catalog: evidence.catalog, config: evidence.config, generatorVersion: version, now }
      const coverage = await coverageOf(deps, period, clusters, asOf)
      const by = actorLabel(actorOf(principal!))
      const rows = []
      for (const c of controls) {
        const r = await buildReport(deps, { framework: c.framework, control: c.id, period, clusters, as_of: asOf, by, coverage })
        rows.push({ id: c.id, title: c.title, status: r.status, report_id: r.id, population_rows: r.populations[0]?.row_count ?? null, exceptions: r.exceptions.total, open: r.exceptions.open, over_sla: r.exceptions.over_sla, coverage_pct: r.coverage.pct })
      }
      return { framework: params.framework, period, scope: { clusters }, as_of: asOf, disclaimer: DISCLAIMER, controls: rows }
    },
  })
