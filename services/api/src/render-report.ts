import { createHash } from 'node:crypto'
import { AppError } from '@vigil/core'
import type { EvidenceReport } from '@vigil/evidence'

export const REPORT_FORMATS = ['json'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export interface RenderedReport {
  body: Buffer
  contentType: string
  /** SHA-256 of the bytes, sent as the ETag. */
  sha256: string
}

/**
 * The one seam between stored reports and their renderings. Today it
 * renders the native JSON only; CSV, HTML, PDF, OSCAL and OCSF renderers
 * (built from the same EvidenceReport) plug in here as new formats.
 */
export function renderReport(report: EvidenceReport, format: ReportFormat): RenderedReport {
  switch (format) {
    case 'json': {
      const body = Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8')
      return { body, contentType: 'application/json; charset=utf-8', sha256: createHash('sha256').update(body).digest('hex') }
    }
    default:
      throw new AppError('invalid_query', `format ${String(format)} is not supported; supported: ${REPORT_FORMATS.join(', ')}`)
  }
}
