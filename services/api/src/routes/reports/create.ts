import { actorLabel } from '@vigil/core'
import { buildReport, EvidenceReport } from '@vigil/evidence'
import { defineRoute, type RouteDeps } from '../../route.js'
import { actorOf } from '../../principals.js'
import { ReportBody } from '../../evidence-schemas.js'
import { evidenceScope, periodOf } from '../../evidence-input.js'

export const createReport = ({ store, evidence, ledger, version, now }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/reports',
    operationId: 'createReport',
    summary: 'Generate the evidence report of one control for a period and scope, as of a snapshot; it is stored under its id and returned.',
    tags: ['reports'],
    roles: ['admin', 'analyst', 'auditor'],
    body: ReportBody,
    response: EvidenceReport,
    errors: [400, 404],
    handler: async ({ body, principal }) => {
      const period = periodOf({ evidence }, body.start, body.end)
      const clusters = await evidenceScope(store, principal!, body.clusters)
      const report = await buildReport({ store, catalog: evidence.catalog, config: evidence.config, generatorVersion: version, now, ledgerOrigin: ledger.origin }, { framework: body.framework, control: body.control, period, clusters, as_of: body.as_of, by: actorLabel(actorOf(principal!)) })
      await store.reports.save({ report_id: report.id, generated_at: report.generated.at, body: JSON.stringify(report) })
      return report
    },
  })
