import { createHash } from 'node:crypto'
import { renderReport as renderEvidence, type EvidenceReport, type ExportFormat, type RenderContext } from '@vigil/evidence'

export interface RenderedReport {
  body: Buffer
  contentType: string
  /** The file name a download should take (`rpt-….pdf`). */
  filename: string
  /** SHA-256 of the bytes, sent as the ETag. */
  sha256: string
}

/** The media types the report route may answer with, one per export format, for its OpenAPI entry. */
export const REPORT_MEDIA_TYPES = ['application/json', 'text/csv', 'text/html', 'application/pdf', 'application/x-ndjson'] as const

/**
 * The one seam between stored reports and their renderings: every format is
 * @vigil/evidence's renderer of the same EvidenceReport, so the JSON is the
 * canonical bytes whose SHA-256 the HTML and PDF footers print.
 */
export async function renderReport(report: EvidenceReport, format: ExportFormat, ctx: RenderContext = {}): Promise<RenderedReport> {
  const r = await renderEvidence(report, format, ctx)
  const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body
  return { body, contentType: r.contentType, filename: r.filename, sha256: createHash('sha256').update(body).digest('hex') }
}
