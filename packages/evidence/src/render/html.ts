import type { EvidenceReport } from '../report.js'
import { day, when, type RenderContext } from './common.js'
import { buildView, fmt, type ReportView } from './view.js'

/**
 * A self-contained HTML page of the report: inline CSS, inline SVG charts, no
 * script and no external resource. Every string from the report is escaped,
 * because user names, statements and rule titles come from people.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

const e = escapeHtml

const CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 "DejaVu Sans", "Noto Sans", system-ui, sans-serif; color: var(--fg); margin: 0 auto; max-width: 960px; padding: 32px 24px 96px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.muted { color: var(--muted); }
.meta { margin: 8px 0 16px; }
.meta span { margin-right: 16px; }
.status { border: 2px solid var(--status); border-radius: 8px; padding: 12px 16px; margin: 16px 0; }
.status .label { display: inline-block; background: var(--status); color: #fff; font-weight: bold; border-radius: 4px; padding: 2px 10px; font-size: 16px; }
.status ul { margin: 8px 0 4px; padding-left: 20px; }
.disclaimer { font-weight: bold; }
.figures { display: grid; grid-template-columns: repeat(7, 1fr); gap: 8px; margin: 12px 0; }
.figure { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px; text-align: center; }
.figure b { display: block; font-size: 20px; }
.figure span { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.t, .sla { white-space: nowrap; }
tr.sub td { border-top: none; padding-top: 0; color: var(--muted); }
tr.has-sub td { border-bottom: none; }
.hash, code { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; word-break: break-all; }
.sla { color: #cf222e; font-weight: bold; }
pre { white-space: pre-wrap; word-break: break-word; background: var(--bg); padding: 8px; border-radius: 6px; font-size: 12px; }
svg text { font: 11px "DejaVu Sans", sans-serif; fill: var(--fg); }
footer { margin-top: 32px; border-top: 1px solid var(--line); padding-top: 8px; font-size: 12px; color: var(--muted); }
@media print {
  body { padding: 0 0 64px; max-width: none; }
  footer { position: fixed; bottom: 0; left: 0; right: 0; background: #fff; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
`

function table(headers: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = [], times: readonly number[] = []): string {
  const cls = (i: number): string => (numeric.includes(i) ? ' class="num"' : times.includes(i) ? ' class="t"' : '')
  return `<table><thead><tr>${headers.map((h, i) => `<th${cls(i)}>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`
}

const hash = (h: string): string => `<span class="hash">${e(h)}</span>`

/** One lane per cluster: covered time green, gaps red, month ticks below. */
export function coverageSvg(v: ReportView): string {
  const W = 900
  const labelW = 110
  const barW = W - labelW - 10
  const laneH = 20
  const lanes = v.coverage.lanes
  const H = lanes.length * (laneH + 8) + 40
  const x = (f: number): number => labelW + f * barW
  const parts: string[] = []
  lanes.forEach((lane, i) => {
    const y = i * (laneH + 8)
    parts.push(`<text x="0" y="${y + 14}">${e(lane.cluster)}</text>`)
    parts.push(`<rect x="${labelW}" y="${y}" width="${barW}" height="${laneH}" fill="#2da44e"><title>${e(lane.cluster)}: covered</title></rect>`)
    for (const g of lane.gaps) {
      const w = Math.max(2, x(g.to) - x(g.from))
      parts.push(`<rect x="${x(g.from).toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${laneH}" fill="#cf222e"><title>${e(g.label)}</title></rect>`)
    }
  })
  const axisY = lanes.length * (laneH + 8)
  parts.push(`<line x1="${labelW}" y1="${axisY}" x2="${labelW + barW}" y2="${axisY}" stroke="#59636e"/>`)
  for (const t of v.coverage.axis.ticks) {
    parts.push(`<line x1="${x(t.at).toFixed(1)}" y1="${axisY}" x2="${x(t.at).toFixed(1)}" y2="${axisY + 5}" stroke="#59636e"/>`)
    parts.push(`<text x="${(x(t.at) + 3).toFixed(1)}" y="${axisY + 16}">${e(t.label)}</text>`)
  }
  parts.push(`<rect x="0" y="${axisY + 4}" width="10" height="10" fill="#2da44e"/><text x="14" y="${axisY + 13}">covered</text>`)
  parts.push(`<rect x="0" y="${axisY + 20}" width="10" height="10" fill="#cf222e"/><text x="14" y="${axisY + 29}">gap</text>`)
  if (v.coverage.axis.ticks.length === 0) {
    parts.push(`<text x="${labelW}" y="${axisY + 16}">${e(v.coverage.axis.start)}</text>`)
    parts.push(`<text x="${labelW + barW}" y="${axisY + 16}" text-anchor="end">${e(v.coverage.axis.end)}</text>`)
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Coverage by cluster: green covered, red gaps" viewBox="0 0 ${W} ${H}" width="100%">${parts.join('')}</svg>`
}

/** One stacked bar of the exceptions by outcome, with its legend. */
export function dispositionSvg(v: ReportView): string {
  const W = 900
  const total = v.buckets.reduce((n, b) => n + b.count, 0)
  const parts: string[] = []
  let x = 0
  if (total === 0) parts.push(`<rect x="0" y="0" width="${W}" height="22" fill="#eaeef2"/><text x="8" y="15">no exceptions</text>`)
  for (const b of v.buckets) {
    if (total === 0 || b.count === 0) continue
    const w = (b.count / total) * W
    parts.push(`<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="22" fill="${b.color}"><title>${e(b.label)}: ${fmt(b.count)}</title></rect>`)
    x += w
  }
  v.buckets.forEach((b, i) => {
    const lx = i * 180
    parts.push(`<rect x="${lx}" y="32" width="12" height="12" fill="${b.color}"/><text x="${lx + 16}" y="42">${e(b.label)}: ${fmt(b.count)}</text>`)
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Exceptions by disposition" viewBox="0 0 ${W} 50" width="100%">${parts.join('')}</svg>`
}

function exceptionTable(rows: ReportView['exceptions']['rows']): string {
  return table(
    ['Finding', 'Rule', 'Severity', 'Cluster', 'Event time (UTC)', 'Outcome', 'SLA'],
    rows.map((r) => [e(r.id), e(r.rule), e(r.severity), e(r.cluster), e(r.time), e(r.outcome), r.overSla ? '<span class="sla">over SLA</span>' : '']),
    [],
    [0, 4],
  )
}

export function renderHtml(report: EvidenceReport, ctx: RenderContext = {}): string {
  const v = buildView(report, ctx)
  const s = v.status
  const body = [
    `<header><div class="muted">vigil evidence report</div><h1>${e(v.title)}</h1><div class="muted">${e(v.subtitle)}</div>`,
    `<div class="meta"><span><b>Period</b> ${e(v.period)}</span><span><b>Scope</b> ${e(v.scope)}</span><span><b>Report</b> <code>${e(v.reportId)}</code></span></div></header>`,
    `<section class="status" style="--status: ${s.color}"><span class="label">${e(s.label)}</span> <span>${e(s.meaning)}</span>`,
    s.reasons.length > 0 ? `<ul>${s.reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul>` : '',
    `<div class="disclaimer">${e(v.disclaimer)}</div></section>`,
    `<div class="figures">${v.figures.map((f) => `<div class="figure"><b>${e(f.value)}</b><span>${e(f.label)}</span></div>`).join('')}</div>`,
    `<h2>Coverage of the audit stream</h2><p>${e(v.coverage.text)}</p>`,
    v.coverage.lanes.length > 0 ? coverageSvg(v) : '<p class="muted">No cluster in scope.</p>',
    `<p class="muted">${e(v.coverage.ingest)}</p>`,
    v.gaps.length > 0
      ? table(['Cluster', 'API server', 'Silent from (UTC)', 'Until (UTC)', 'Minutes'], v.gaps.map((g) => [e(g.cluster), e(g.apiserver), e(g.start), e(g.end), fmt(g.minutes)]), [4], [2, 3])
      : '<p>No gaps.</p>',
    `<h2>Populations</h2>`,
    v.populations.length > 0
      ? `<table><thead><tr><th>Population</th><th>Rules</th><th class="num">Rows</th><th>Snapshot (UTC)</th></tr></thead><tbody>${v.populations
          .map(
            (p) =>
              `<tr class="has-sub"><td>${e(p.name)}</td><td>${e(p.source === 'access_log' ? "vigil's access log" : p.rule_ids.join(', '))}</td><td class="num">${fmt(p.row_count)}</td><td class="t">${e(when(p.snapshot.at))}</td></tr>` +
              `<tr class="sub"><td colspan="4">query SHA-256 ${hash(p.query_sha256)}<br>result SHA-256 ${hash(p.result_sha256)}</td></tr>`,
          )
          .join('')}</tbody></table>` +
        v.populations.map((p) => `<details><summary>Query of ${e(p.name)}</summary><pre>${e(p.query)}\n\nparameters: ${e(JSON.stringify(p.params))}</pre></details>`).join('')
      : '<p>No population: no population rule matched an event in the period and scope.</p>',
    `<h2>Exceptions by disposition</h2><p>${fmt(v.exceptions.total)} exception(s); ${fmt(v.exceptions.open)} open, ${fmt(v.exceptions.pending)} awaiting a second approver, <span class="${v.exceptions.overSla > 0 ? 'sla' : ''}">${fmt(v.exceptions.overSla)} over SLA</span>.</p>`,
    dispositionSvg(v),
    table(['Outcome', 'Count'], v.buckets.map((b) => [e(b.label), fmt(b.count)]), [1]),
    v.exceptions.overSlaRows.length > 0 ? `<h2>Over SLA</h2>${exceptionTable(v.exceptions.overSlaRows)}` : '',
    v.exceptions.rows.length > 0 ? `<h2>All exceptions</h2>${exceptionTable(v.exceptions.rows)}` : '',
    `<h2>Samples</h2>`,
    v.samples.length > 0
      ? table(
          ['Sample', 'Population', 'Method', 'Seed', 'Items', 'Drawn by', 'Drawn at (UTC)'],
          v.samples.map((x) => [e(x.id), e(x.population), e(x.method.replace('_', ' ')), x.seed === null ? '' : hash(x.seed), fmt(x.size), e(x.drawn_by), e(when(x.drawn_at))]),
          [4],
          [0, 6],
        )
      : '<p>No sample drawn.</p>',
    `<h2>Reviews and sign-offs</h2>`,
    v.attestations.length > 0
      ? table(
          ['Reviewer', 'Role', 'Signed (UTC)', 'Covers', 'Findings', 'Statement'],
          v.attestations.map((a) => [e(a.reviewer), e(a.role), e(when(a.at)), `${e(day(a.covers.start))} to ${e(day(a.covers.end))}`, fmt(a.finding_count), e(a.statement)]),
          [4],
          [2],
        )
      : '<p>No sign-off for this control and period.</p>',
    `<h2>Versions and integrity</h2>`,
    table(['', ''], v.versions.map((x) => [e(x.label), /^[0-9a-f]{64}$/.test(x.value) ? hash(x.value) : e(x.value)])),
    `<footer><div>${e(v.disclaimer)} Report <code>${e(v.reportId)}</code>.</div><div>Fingerprint (SHA-256 of the report JSON): <span class="hash">${e(v.fingerprint)}</span></div></footer>`,
  ]
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(v.title)} — ${e(v.period)}</title><style>${CSS}</style></head><body>\n${body.join('\n')}\n</body></html>\n`
}
