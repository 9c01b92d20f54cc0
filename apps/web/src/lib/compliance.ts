import type { AssessmentStatus, Disposition, Framework } from '../api/evidence-types'

/** The frameworks vigil ships control catalogs for, in the order the console shows them. */
export const FRAMEWORKS: readonly { id: Framework; name: string }[] = [
  { id: 'soc2', name: 'SOC 2' },
  { id: 'hipaa', name: 'HIPAA' },
  { id: 'gdpr', name: 'GDPR' },
]

export const frameworkName = (id: string): string => FRAMEWORKS.find((f) => f.id === id)?.name ?? id

/**
 * Each assessment status as a word, a shape and a colour class, worst first:
 * the heat map is readable without its colours.
 */
export const STATUS: Record<AssessmentStatus, { label: string; mark: string; rank: number }> = {
  not_operating: { label: 'Not operating', mark: '✕', rank: 0 },
  insufficient_evidence: { label: 'Insufficient evidence', mark: '?', rank: 1 },
  exceptions_noted: { label: 'Exceptions noted', mark: '!', rank: 2 },
  operating: { label: 'Operating', mark: '✓', rank: 3 },
  not_applicable: { label: 'Not applicable', mark: '–', rank: 4 },
}

export const STATUSES = (Object.keys(STATUS) as AssessmentStatus[]).sort((a, b) => STATUS[a].rank - STATUS[b].rank)

export const DISPOSITIONS: readonly { id: Disposition; label: string }[] = [
  { id: 'true_positive', label: 'True positive' },
  { id: 'approved_change', label: 'Approved change' },
  { id: 'false_positive', label: 'False positive' },
  { id: 'risk_accepted', label: 'Risk accepted' },
]

export interface PeriodInput {
  /** YYYY-MM-DD, midnight UTC, inclusive. */
  start: string
  /** YYYY-MM-DD, midnight UTC, exclusive. */
  end: string
  /** A snapshot (RFC 3339): rows stored after it are left out. Absent: the API's default, the earlier of now and the period end. */
  asOf?: string | undefined
}

const day = (d: Date) => d.toISOString().slice(0, 10)

/** The calendar quarter (UTC) that holds `at`, shifted by `offset` quarters. */
export function quarterOf(at: Date, offset = 0): PeriodInput {
  const q = Math.floor(at.getUTCMonth() / 3) + offset
  return { start: day(new Date(Date.UTC(at.getUTCFullYear(), q * 3, 1))), end: day(new Date(Date.UTC(at.getUTCFullYear(), q * 3 + 3, 1))) }
}

/** `2026-10-01`–`2027-01-01` → "Q4 2026"; any other period → "2026-10-01 – 2026-12-31" (the last day shown inclusive). */
export function periodLabel(p: PeriodInput): string {
  const s = new Date(`${p.start}T00:00:00Z`)
  const q = quarterOf(s)
  if (q.start === p.start && q.end === p.end) return `Q${Math.floor(s.getUTCMonth() / 3) + 1} ${s.getUTCFullYear()}`
  const last = new Date(Date.parse(`${p.end}T00:00:00Z`) - 86_400_000)
  return `${p.start} – ${day(last)}`
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The period a page's URL asks for (`?start=…&end=…`), else the current quarter. */
export function periodFromQuery(query: URLSearchParams, now: Date): PeriodInput {
  const start = query.get('start')
  const end = query.get('end')
  const asOf = query.get('as_of')
  const snapshot = asOf !== null && !Number.isNaN(Date.parse(asOf)) ? { asOf } : {}
  if (start !== null && end !== null && DATE.test(start) && DATE.test(end) && start < end) return { start, end, ...snapshot }
  return { ...quarterOf(now), ...snapshot }
}

/** The clusters a page's URL asks for (`?cluster=a,b`); empty means every cluster the token may see. */
export function clustersFromQuery(query: URLSearchParams): string[] {
  return (query.get('cluster') ?? '').split(',').map((c) => c.trim()).filter((c) => c !== '')
}

/** The query string that carries a period and scope from page to page. */
export function scopeQuery(period: PeriodInput, clusters: readonly string[], extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ ...extra, start: period.start, end: period.end })
  if (clusters.length > 0) q.set('cluster', clusters.join(','))
  if (period.asOf !== undefined) q.set('as_of', period.asOf)
  return q.toString()
}

/** Every UTC day of a period with its count (0 when none), for a chart with no holes. */
export function dailySeries(period: PeriodInput, groups: readonly { key: string; count: number }[]): { day: string; count: number }[] {
  const counts = new Map(groups.map((g) => [g.key.slice(0, 10), g.count]))
  const out: { day: string; count: number }[] = []
  for (let t = Date.parse(`${period.start}T00:00:00Z`), end = Date.parse(`${period.end}T00:00:00Z`); t < end && out.length < 1000; t += 86_400_000) {
    const d = day(new Date(t))
    out.push({ day: d, count: counts.get(d) ?? 0 })
  }
  return out
}
