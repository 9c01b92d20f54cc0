import type { EvidenceReport } from '../report.js'
import { FRAMEWORK_LABEL, controlLabel, day, epochMs, percent, periodLabel, ruleTitle, triageOutcome, when, type ExceptionItem, type RenderContext } from './common.js'
import { reportFingerprint } from './json.js'

/**
 * What the human-readable report shows, computed once from the report so the
 * HTML and the PDF say the same thing. Pure: no layout, no markup.
 */

export const STATUS_VIEW: Record<EvidenceReport['status'], { label: string; color: string; meaning: string }> = {
  operating: { label: 'Operating', color: '#1a7f37', meaning: 'The control operated over the period: the stream was complete and no exception was raised.' },
  exceptions_noted: { label: 'Exceptions noted', color: '#9a6700', meaning: 'The control operated, and exceptions were raised; their triage is listed below.' },
  not_operating: { label: 'Not operating', color: '#cf222e', meaning: 'The evidence shows the control did not operate over the period.' },
  insufficient_evidence: { label: 'Insufficient evidence', color: '#8250df', meaning: 'There is not enough evidence to say whether the control operated.' },
  not_applicable: { label: 'Not applicable', color: '#57606a', meaning: 'The control does not apply to the clusters in scope.' },
}

export interface Bucket {
  key: 'open' | 'true_positive' | 'approved_change' | 'false_positive' | 'risk_accepted'
  label: string
  color: string
  count: number
}

const BUCKETS: Omit<Bucket, 'count'>[] = [
  { key: 'open', label: 'Open (not resolved)', color: '#0969da' },
  { key: 'true_positive', label: 'True positive', color: '#cf222e' },
  { key: 'risk_accepted', label: 'Risk accepted', color: '#bf8700' },
  { key: 'approved_change', label: 'Approved change', color: '#2da44e' },
  { key: 'false_positive', label: 'False positive', color: '#8c959f' },
]

/** A gap drawn on a lane: its place in the period as fractions 0..1. */
export interface GapMark {
  from: number
  to: number
  label: string
}

export interface Lane {
  cluster: string
  gaps: GapMark[]
}

export interface ExceptionRow {
  id: string
  rule: string
  severity: string
  cluster: string
  time: string
  outcome: string
  overSla: boolean
}

export interface ReportView {
  title: string
  subtitle: string
  period: string
  scope: string
  reportId: string
  fingerprint: string
  status: { label: string; color: string; meaning: string; reasons: string[] }
  disclaimer: string
  figures: { label: string; value: string }[]
  coverage: { pct: number; text: string; lanes: Lane[]; axis: { start: string; end: string; ticks: { at: number; label: string }[] }; ingest: string }
  gaps: { cluster: string; apiserver: string; start: string; end: string; minutes: number }[]
  populations: EvidenceReport['populations']
  buckets: Bucket[]
  exceptions: { total: number; open: number; overSla: number; pending: number; rows: ExceptionRow[]; overSlaRows: ExceptionRow[] }
  samples: EvidenceReport['samples']
  attestations: EvidenceReport['attestations']
  versions: { label: string; value: string }[]
}

const OUTCOME_LABEL: Record<ReturnType<typeof triageOutcome>, string> = {
  open: 'open',
  investigating: 'acknowledged',
  'deviation-requested': 'awaiting second approver',
  true_positive: 'true positive',
  approved_change: 'approved change',
  false_positive: 'false positive',
  risk_accepted: 'risk accepted',
}

export const fmt = (n: number): string => n.toLocaleString('en-US')

function exceptionRow(i: ExceptionItem, ctx: RenderContext): ExceptionRow {
  return {
    id: i.finding_id,
    rule: ruleTitle(ctx, i.rule_id),
    severity: i.severity,
    cluster: i.cluster,
    time: when(i.event_time),
    outcome: OUTCOME_LABEL[triageOutcome(i)],
    overSla: i.over_sla,
  }
}

/** `fingerprint` may be passed when the caller already has the report's JSON. */
export function buildView(report: EvidenceReport, ctx: RenderContext, fingerprint: string = reportFingerprint(report)): ReportView {
  const start = epochMs(report.period.start)
  const span = Math.max(1, epochMs(report.period.end) - start)
  const frac = (t: string): number => Math.min(1, Math.max(0, (epochMs(t) - start) / span))
  const cov = report.coverage
  const ex = report.exceptions
  const items = ex.items.map((i) => exceptionRow(i, ctx))
  const rows = report.populations.reduce((n, p) => n + p.row_count, 0)
  const counts: Record<Bucket['key'], number> = { open: ex.open, ...ex.by_disposition }
  const gapMinutes = cov.gaps.reduce((n, g) => n + g.minutes, 0)
  const integrity = report.integrity
  return {
    title: `${controlLabel(report)} — ${report.control.title}`,
    subtitle: report.control.summary,
    period: periodLabel(report),
    scope: report.scope.clusters.length === 0 ? 'no cluster' : report.scope.clusters.join(', '),
    reportId: report.id,
    fingerprint,
    status: { ...STATUS_VIEW[report.status], reasons: report.status_reasons },
    disclaimer: report.disclaimer,
    figures: [
      { label: 'Coverage', value: percent(cov.pct) },
      { label: 'Gaps', value: fmt(cov.gaps.length) },
      { label: 'Population rows', value: fmt(rows) },
      { label: 'Exceptions', value: fmt(ex.total) },
      { label: 'Open', value: fmt(ex.open) },
      { label: 'Over SLA', value: fmt(ex.over_sla) },
      { label: 'Sign-offs', value: fmt(report.attestations.length) },
    ],
    coverage: {
      pct: cov.pct,
      text: `${fmt(cov.covered_minutes)} of ${fmt(cov.expected_minutes)} expected minutes covered (${percent(cov.pct)}). ${fmt(cov.gaps.length)} gap(s) of silence longer than ${cov.gap_threshold_minutes} min, ${fmt(gapMinutes)} min in all.`,
      ingest: `Dead-lettered payloads: ${fmt(cov.dead_letters)}. Events rejected at ingest: ${fmt(cov.rejected_at_ingest)}. Duplicates dropped: ${fmt(cov.dedup_drops)}.`,
      axis: { start: day(report.period.start), end: day(report.period.end), ticks: monthTicks(start, start + span) },
      lanes: report.scope.clusters.map((c) => ({
        cluster: c,
        gaps: cov.gaps
          .filter((g) => g.cluster === c)
          .map((g) => ({ from: frac(g.start), to: frac(g.end), label: `${g.cluster}${g.apiserver === null ? '' : `/${g.apiserver}`}: ${g.start} to ${g.end} (${fmt(g.minutes)} min)` })),
      })),
    },
    gaps: cov.gaps.map((g) => ({ cluster: g.cluster, apiserver: g.apiserver ?? '', start: when(g.start), end: when(g.end), minutes: g.minutes })),
    populations: report.populations,
    buckets: BUCKETS.map((b) => ({ ...b, count: counts[b.key] })),
    exceptions: {
      total: ex.total,
      open: ex.open,
      overSla: ex.over_sla,
      pending: ex.items.filter((i) => i.pending_approval).length,
      rows: items,
      overSlaRows: items.filter((r) => r.overSla),
    },
    samples: report.samples,
    attestations: report.attestations,
    versions: [
      { label: 'Framework', value: `${FRAMEWORK_LABEL[report.framework]}, catalog ${report.generated.catalog_version}` },
      { label: 'Generated', value: `${when(report.generated.at)} UTC by ${report.generated.by}` },
      { label: 'Generator', value: `vigil ${report.generated.generator_version}` },
      { label: 'Rule pack (SHA-256)', value: report.generated.rule_pack_version },
      { label: 'Report schema', value: report.schema },
      { label: 'Ledger root', value: integrity === null ? 'not yet covered by the evidence ledger' : integrity.ledger_root },
      ...(integrity === null
        ? []
        : [
            { label: 'Ledger range', value: `${when(integrity.ledger_range.from)} to ${when(integrity.ledger_range.to)} UTC (checkpoints ${integrity.checkpoints.from_seq} to ${integrity.checkpoints.to_seq})` },
            { label: 'Covering checkpoint', value: `${integrity.origin} #${integrity.checkpoint.seq}, made ${when(integrity.checkpoint.created_at)} UTC, signed by ${integrity.checkpoint.key_ids.join(', ')}` },
            { label: 'Anchors', value: integrity.anchors.length === 0 ? 'none' : integrity.anchors.join('; ') },
          ]),
    ],
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** The first instant of each month inside (start, end), as fractions of the period; none for periods over two years. */
function monthTicks(start: number, end: number): { at: number; label: string }[] {
  const ticks: { at: number; label: string }[] = []
  if (end - start > 731 * 86_400_000) return ticks
  const d = new Date(start)
  let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
  while (t < end) {
    const m = new Date(t)
    if (t >= start) ticks.push({ at: (t - start) / (end - start), label: `${MONTHS[m.getUTCMonth()]} ${m.getUTCFullYear()}` })
    t = Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1)
  }
  return ticks
}
