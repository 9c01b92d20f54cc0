import { z } from 'zod'
import type { EvidenceReport } from '../report.js'
import type { RenderContext } from './common.js'
import { renderCsv } from './csv.js'
import { renderHtml } from './html.js'
import { renderJson, reportFingerprint } from './json.js'
import { renderOcsfNdjson } from './ocsf.js'
import { renderOscal } from './oscal.js'
import { renderPdf } from './pdf.js'

export const ExportFormat = z.enum(['json', 'csv', 'html', 'pdf', 'oscal', 'ocsf'])
export type ExportFormat = z.infer<typeof ExportFormat>

export interface RenderedReport {
  contentType: string
  /** A suggested file name, from the report id. */
  filename: string
  body: Buffer | string
}

/**
 * Renders a report in one export format. Pure apart from the clock-free PDF
 * writer: the same report (and context) gives the same bytes in every format.
 */
export async function renderReport(report: EvidenceReport, format: ExportFormat, ctx: RenderContext = {}): Promise<RenderedReport> {
  const base = report.id
  switch (format) {
    case 'json':
      return { contentType: 'application/json', filename: `${base}.json`, body: renderJson(report) }
    case 'csv':
      return { contentType: 'text/csv; charset=utf-8; header=present', filename: `${base}.csv`, body: renderCsv(report) }
    case 'html':
      return { contentType: 'text/html; charset=utf-8', filename: `${base}.html`, body: renderHtml(report, ctx) }
    case 'pdf':
      return { contentType: 'application/pdf', filename: `${base}.pdf`, body: await renderPdf(report, ctx) }
    case 'oscal':
      return {
        contentType: 'application/json',
        filename: `${base}.oscal-ar.json`,
        body: `${JSON.stringify(renderOscal(report, ctx, { reportSha256: reportFingerprint(report) }), null, 2)}\n`,
      }
    case 'ocsf':
      return { contentType: 'application/x-ndjson', filename: `${base}.ocsf.ndjson`, body: renderOcsfNdjson(report, ctx) }
  }
}
