import { Readable } from 'node:stream'
import { z } from 'zod'
import { AppError } from '@vigil/core'
import { EvidenceReport } from '@vigil/evidence'
import { defineRoute, type RouteDeps } from '../../route.js'
import { ReportFormat } from '../../evidence-schemas.js'
import { assertInScope } from '../../evidence-input.js'
import { renderReport, REPORT_MEDIA_TYPES } from '../../render-report.js'

export const getReport = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/reports/:id',
    operationId: 'getReport',
    summary: 'A stored report (its latest generation), rendered in the asked format; the ETag is the SHA-256 of the bytes.',
    tags: ['reports'],
    roles: ['admin', 'analyst', 'auditor'],
    params: z.strictObject({ id: z.string().regex(/^rpt-[0-9a-f]{32}$/, 'a report id is rpt- and 32 hex characters') }),
    query: z.strictObject({ format: ReportFormat }),
    response: EvidenceReport,
    produces: [...REPORT_MEDIA_TYPES],
    errors: [400, 404],
    handler: async ({ params, query, principal }) => {
      const text = await store.reports.get(params.id)
      if (text === undefined) throw new AppError('not_found', `no report ${params.id}; create it with POST /v1/reports`)
      const report = EvidenceReport.parse(JSON.parse(text))
      assertInScope(principal!, report.scope.clusters, `report ${params.id}`)
      const rendered = await renderReport(report, query.format)
      const disposition = query.format === 'json' ? 'inline' : 'attachment'
      return { stream: Readable.from([rendered.body]), contentType: rendered.contentType, headers: { etag: `"${rendered.sha256}"`, 'content-disposition': `${disposition}; filename="${rendered.filename}"` } }
    },
  })
