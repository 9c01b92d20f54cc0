import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import type { EvidenceReport } from '../report.js'
import { controlLabel, day, sha256Hex, when, type RenderContext } from './common.js'
import { renderJson } from './json.js'
import { buildView, fmt, type ReportView } from './view.js'
import { FILL, INK, LINE, Layout, M, MUTED, PAGE, W, type Cell, type Column, type Doc } from './pdf-layout.js'

/**
 * The report as an A4 PDF, drawn with pdfkit from the same view as the HTML:
 * status box, coverage lanes with the gaps, population counts, exceptions by
 * disposition and over SLA, samples, sign-offs, versions, and on every page
 * the disclaimer and the report's fingerprint. The report's JSON is attached
 * (`report.json`, whose SHA-256 is the fingerprint), and the file declares
 * PDF/A-3b, the archival profile that allows attachments. The creation date
 * is the report's `generated.at`, so the same report gives the same bytes.
 * DejaVu fonts are embedded (subset) so names in any Latin, Greek or Cyrillic
 * script print as written.
 */
const require = createRequire(import.meta.url)
const FONTS = {
  sans: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf'),
  mono: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
}


/** At most this many rows of the full exception list are printed; the CSV and JSON hold them all. */
export const PDF_MAX_EXCEPTION_ROWS = 200

function statusBox(l: Layout, v: ReportView): void {
  const { doc } = l
  const s = v.status
  doc.font('sans').fontSize(9.5)
  const reasons = s.reasons.map((r) => `•  ${r}`).join('\n')
  const reasonsH = reasons === '' ? 0 : doc.heightOfString(reasons, { width: W - 24 }) + 4
  doc.font('sans').fontSize(10)
  const meaningH = doc.heightOfString(s.meaning, { width: W - 24 })
  const h = 12 + 20 + 6 + meaningH + 4 + reasonsH + 16 + 10
  l.ensure(h + 8)
  const y = l.y
  doc.roundedRect(M.left, y, W, h, 6).lineWidth(1.6).strokeColor(s.color).stroke()
  doc.font('bold').fontSize(12)
  const labelW = doc.widthOfString(s.label.toUpperCase()) + 18
  doc.roundedRect(M.left + 12, y + 12, labelW, 20, 3).fill(s.color)
  doc.fillColor('#ffffff').text(s.label.toUpperCase(), M.left + 21, y + 15.5, { lineBreak: false })
  doc.font('sans').fontSize(10).fillColor(INK).text(s.meaning, M.left + 12, y + 38, { width: W - 24 })
  let yy = y + 38 + meaningH + 4
  if (reasons !== '') {
    doc.font('sans').fontSize(9.5).fillColor(INK).text(reasons, M.left + 12, yy, { width: W - 24 })
    yy += reasonsH
  }
  doc.font('bold').fontSize(10).fillColor(INK).text(v.disclaimer, M.left + 12, yy + 2, { width: W - 24 })
  l.y = y + h + 10
}

function figures(l: Layout, v: ReportView): void {
  const { doc } = l
  const n = v.figures.length
  const gap = 6
  const w = (W - gap * (n - 1)) / n
  const h = 40
  l.ensure(h + 10)
  const y = l.y
  v.figures.forEach((f, i) => {
    const x = M.left + i * (w + gap)
    doc.roundedRect(x, y, w, h, 4).fillAndStroke(FILL, LINE)
    doc.font('bold').fontSize(13).fillColor(INK).text(f.value, x, y + 7, { width: w, align: 'center', lineBreak: false })
    doc.font('sans').fontSize(7.5).fillColor(MUTED).text(f.label, x, y + 26, { width: w, align: 'center', lineBreak: false })
  })
  l.y = y + h + 8
}

function coverageChart(l: Layout, v: ReportView): void {
  const { doc } = l
  const lanes = v.coverage.lanes
  if (lanes.length === 0) return
  const labelW = 70
  const barW = W - labelW
  const laneH = 13
  const h = lanes.length * (laneH + 5) + 30
  l.ensure(h)
  const y0 = l.y
  const x = (f: number): number => M.left + labelW + f * barW
  lanes.forEach((lane, i) => {
    const y = y0 + i * (laneH + 5)
    doc.font('sans').fontSize(8).fillColor(INK).text(lane.cluster, M.left, y + 2.5, { width: labelW - 6, lineBreak: false, ellipsis: true })
    doc.rect(x(0), y, barW, laneH).fill('#2da44e')
    for (const g of lane.gaps) doc.rect(x(g.from), y, Math.max(1.5, x(g.to) - x(g.from)), laneH).fill('#cf222e')
  })
  const ay = y0 + lanes.length * (laneH + 5)
  doc.moveTo(x(0), ay).lineTo(x(1), ay).lineWidth(0.6).strokeColor(MUTED).stroke()
  doc.font('sans').fontSize(7).fillColor(MUTED)
  for (const t of v.coverage.axis.ticks) {
    doc.moveTo(x(t.at), ay).lineTo(x(t.at), ay + 4).stroke()
    doc.text(t.label, x(t.at) + 2, ay + 5, { lineBreak: false })
  }
  if (v.coverage.axis.ticks.length === 0) {
    doc.text(v.coverage.axis.start, x(0), ay + 5, { lineBreak: false })
    doc.text(v.coverage.axis.end, x(1) - 60, ay + 5, { width: 60, align: 'right', lineBreak: false })
  }
  // Legend, in the label column under the lanes.
  doc.rect(M.left, ay + 5, 7, 7).fill('#2da44e')
  doc.fillColor(MUTED).text('covered', M.left + 10, ay + 4, { lineBreak: false })
  doc.rect(M.left, ay + 16, 7, 7).fill('#cf222e')
  doc.fillColor(MUTED).text('gap', M.left + 10, ay + 15, { lineBreak: false })
  l.y = ay + 30
}

function dispositionChart(l: Layout, v: ReportView): void {
  const { doc } = l
  const total = v.buckets.reduce((n, b) => n + b.count, 0)
  l.ensure(44)
  const y = l.y
  if (total === 0) {
    doc.rect(M.left, y, W, 14).fill('#eaeef2')
    doc.font('sans').fontSize(8).fillColor(MUTED).text('no exceptions', M.left + 6, y + 3, { lineBreak: false })
  } else {
    let x = M.left
    for (const b of v.buckets) {
      if (b.count === 0) continue
      const w = (b.count / total) * W
      doc.rect(x, y, w, 14).fill(b.color)
      x += w
    }
  }
  const slot = W / v.buckets.length
  v.buckets.forEach((b, i) => {
    const lx = M.left + i * slot
    doc.rect(lx, y + 21, 7, 7).fill(b.color)
    doc.font('sans').fontSize(7.5).fillColor(INK).text(`${b.label}: ${fmt(b.count)}`, lx + 10, y + 20, { width: slot - 12, lineBreak: false })
  })
  l.y = y + 36
}

const EXCEPTION_COLUMNS: Column[] = [
  { header: 'Finding', width: 0.09 },
  { header: 'Rule', width: 0.32 },
  { header: 'Severity', width: 0.09 },
  { header: 'Cluster', width: 0.09 },
  { header: 'Event time (UTC)', width: 0.19 },
  { header: 'Outcome', width: 0.13 },
  { header: 'SLA', width: 0.09 },
]

function exceptionRows(rows: ReportView['exceptions']['rows']): Cell[][] {
  return rows.map((r) => [
    { text: r.id },
    { text: r.rule },
    { text: r.severity },
    { text: r.cluster },
    { text: r.time },
    { text: r.outcome },
    r.overSla ? { text: 'over', color: '#cf222e', bold: true } : { text: '' },
  ])
}

const SAMPLE_COLUMNS: Column[] = [
  { header: 'Sample', width: 0.1 },
  { header: 'Population', width: 0.19 },
  { header: 'Method', width: 0.09 },
  { header: 'Seed', width: 0.17, mono: true },
  { header: 'Items', width: 0.07, align: 'right' },
  { header: 'Drawn by', width: 0.19 },
  { header: 'Drawn at (UTC)', width: 0.19 },
]

function sampleRows(v: ReportView): string[][] {
  return v.samples.map((s) => [s.id, s.population, s.method.replace('_', ' '), s.seed ?? '', fmt(s.size), s.drawn_by, when(s.drawn_at)])
}

const SIGNOFF_COLUMNS: Column[] = [
  { header: 'Reviewer', width: 0.17 },
  { header: 'Role', width: 0.08 },
  { header: 'Signed (UTC)', width: 0.15 },
  { header: 'Covers', width: 0.14 },
  { header: 'Findings', width: 0.09, align: 'right' },
  { header: 'Statement', width: 0.37 },
]

function signoffRows(v: ReportView): string[][] {
  return v.attestations.map((a) => [a.reviewer, a.role, when(a.at), `${day(a.covers.start)} to ${day(a.covers.end)}`, fmt(a.finding_count), a.statement])
}

const VERSION_COLUMNS: Column[] = [
  { header: 'Item', width: 0.2 },
  { header: 'Value', width: 0.8 },
]

function body(l: Layout, v: ReportView): void {
  const { doc } = l
  doc.font('sans').fontSize(8).fillColor(MUTED).text('vigil evidence report', M.left, M.top - 14)
  doc.font('bold').fontSize(17).fillColor(INK).text(v.title, M.left, M.top, { width: W })
  l.y += 2
  l.paragraph(v.subtitle, { color: MUTED, size: 9.5 })
  l.paragraph(`Period: ${v.period}     Scope: ${v.scope}     Report: ${v.reportId}`, { size: 9 })
  l.y += 4
  statusBox(l, v)
  figures(l, v)

  l.heading('Coverage of the audit stream')
  l.paragraph(v.coverage.text)
  coverageChart(l, v)
  l.paragraph(v.coverage.ingest, { color: MUTED, size: 8.5 })
  if (v.gaps.length > 0) {
    l.table(
      [
        { header: 'Cluster', width: 0.16 },
        { header: 'API server', width: 0.18 },
        { header: 'Silent from (UTC)', width: 0.27 },
        { header: 'Until (UTC)', width: 0.27 },
        { header: 'Minutes', width: 0.12, align: 'right' },
      ],
      v.gaps.map((g) => [g.cluster, g.apiserver, g.start, g.end, fmt(g.minutes)]),
    )
  }

  l.heading('Populations')
  if (v.populations.length === 0) l.paragraph('No population: no population rule matched an event in the period and scope.')
  else
    l.table(
      [
        { header: 'Population', width: 0.3 },
        { header: 'Rules', width: 0.34 },
        { header: 'Rows', width: 0.12, align: 'right' },
        { header: 'Snapshot (UTC)', width: 0.24 },
      ],
      v.populations.map((p) => ({
        cells: [p.name, p.source === 'access_log' ? "vigil's access log" : p.rule_ids.join('\n'), fmt(p.row_count), when(p.snapshot.at)],
        detail: `query SHA-256  ${p.query_sha256}\nresult SHA-256 ${p.result_sha256}`,
      })),
    )

  l.heading('Exceptions by disposition')
  l.paragraph(
    `${fmt(v.exceptions.total)} exception(s): ${fmt(v.exceptions.open)} open, ${fmt(v.exceptions.pending)} awaiting a second approver, ${fmt(v.exceptions.overSla)} over SLA.`,
  )
  if (v.exceptions.total > 0) dispositionChart(l, v)
  if (v.exceptions.overSlaRows.length > 0) {
    const late = exceptionRows(v.exceptions.overSlaRows.slice(0, PDF_MAX_EXCEPTION_ROWS))
    l.paragraph('Over SLA', { font: 'bold', size: 10, need: l.tableNeed(EXCEPTION_COLUMNS, late) })
    l.table(EXCEPTION_COLUMNS, late)
  }
  if (v.exceptions.rows.length > 0) {
    const shown = v.exceptions.rows.slice(0, PDF_MAX_EXCEPTION_ROWS)
    const rows = exceptionRows(shown)
    l.paragraph(
      shown.length < v.exceptions.rows.length
        ? `All exceptions: the first ${fmt(shown.length)} of ${fmt(v.exceptions.rows.length)}, oldest first; the CSV and JSON exports list every one.`
        : 'All exceptions, oldest first',
      { font: 'bold', size: 10, need: l.tableNeed(EXCEPTION_COLUMNS, rows) },
    )
    l.table(EXCEPTION_COLUMNS, rows)
  }

  l.heading('Samples', v.samples.length === 0 ? 20 : l.tableNeed(SAMPLE_COLUMNS, sampleRows(v)))
  if (v.samples.length === 0) l.paragraph('No sample drawn.')
  else
    l.table(
      SAMPLE_COLUMNS,
      sampleRows(v),
    )

  l.heading('Reviews and sign-offs', v.attestations.length === 0 ? 20 : l.tableNeed(SIGNOFF_COLUMNS, signoffRows(v)))
  if (v.attestations.length === 0) l.paragraph('No sign-off for this control and period.')
  else
    l.table(
      SIGNOFF_COLUMNS,
      signoffRows(v),
    )

  const versions = v.versions.map((x) => [x.label, x.value])
  l.heading('Versions and integrity', l.tableNeed(VERSION_COLUMNS, versions, 8))
  l.table(VERSION_COLUMNS, versions, 8)
}

function footers(doc: Doc, v: ReportView, running: string, bundle: RenderContext['bundle']): void {
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    // Drawing below the bottom margin would otherwise start a new page.
    const margin = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    if (i > range.start) doc.font('sans').fontSize(7.5).fillColor(MUTED).text(running, M.left, 28, { width: W, lineBreak: false, ellipsis: true })
    const y = PAGE.height - M.bottom + 14
    doc.moveTo(M.left, y - 6).lineTo(M.left + W, y - 6).lineWidth(0.5).strokeColor(LINE).stroke()
    doc.font('bold').fontSize(7.5).fillColor(INK).text(v.disclaimer, M.left, y, { lineBreak: false })
    doc.font('sans').fontSize(7.5).fillColor(MUTED).text(`Report ${v.reportId}  ·  page ${i - range.start + 1} of ${range.count}`, M.left, y, { width: W, align: 'right', lineBreak: false })
    doc.font('sans').fontSize(7).fillColor(MUTED).text('Fingerprint, SHA-256 of the report JSON:', M.left, y + 11, { lineBreak: false })
    doc.font('mono').fontSize(7).fillColor(INK).text(v.fingerprint, M.left + 138, y + 11, { lineBreak: false })
    if (bundle !== undefined) {
      doc.font('sans').fontSize(7).fillColor(MUTED).text('Bundle contents (contents_sha256):', M.left, y + 20, { lineBreak: false })
      doc.font('mono').fontSize(7).fillColor(INK).text(bundle.contentsSha256, M.left + 138, y + 20, { lineBreak: false })
    }
    doc.page.margins.bottom = margin
  }
}

export async function renderPdf(report: EvidenceReport, ctx: RenderContext = {}): Promise<Buffer> {
  const json = Buffer.from(renderJson(report), 'utf8')
  const v = buildView(report, ctx, sha256Hex(json))
  const created = new Date(report.generated.at)
  const doc = new PDFDocument({
    size: 'A4',
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    margins: M,
    bufferPages: true,
    displayTitle: true,
    lang: 'en',
    info: {
      Title: `${v.title} — ${v.period}`,
      Author: 'vigil',
      Subject: `${controlLabel(report)} automated assessment, report ${report.id}. ${report.disclaimer}`,
      Creator: `vigil ${report.generated.generator_version}`,
      CreationDate: created,
      ModDate: created,
    },
  })
  doc.registerFont('sans', FONTS.sans)
  doc.registerFont('bold', FONTS.bold)
  doc.registerFont('mono', FONTS.mono)
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  // `relationship` (PDF/A-3 AFRelationship) is pdfkit's, missing from @types/pdfkit 0.17.
  const attachment = {
    name: 'report.json',
    type: 'application/json',
    description: 'The native evidence report; its SHA-256 is the fingerprint in every page footer',
    creationDate: created,
    modifiedDate: created,
    relationship: 'Source',
  }
  doc.file(json, attachment)
  const l = new Layout(doc)
  body(l, v)
  footers(doc, v, `${controlLabel(report)} — ${v.period} — ${v.scope}`, ctx.bundle)
  doc.end()
  return done
}
