import type { FindingQuery, Severity } from '../api/client'
import { SEVERITIES } from './severity'
import { SINCE } from './time'

/** What the findings page filters by, exactly as the URL carries it, so a link can be shared. */
export interface FindingFilters {
  severity: Severity[]
  rule_id: string
  cluster: string
  namespace: string
  user: string
  /** A key of SINCE, or '' for all time. */
  since: string
}

export const EMPTY_FILTERS: FindingFilters = { severity: [], rule_id: '', cluster: '', namespace: '', user: '', since: '' }

export function filtersFromQuery(q: URLSearchParams): FindingFilters {
  const sev = (q.get('severity') ?? '').split(',').filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s))
  const since = q.get('since') ?? ''
  return {
    severity: SEVERITIES.filter((s) => sev.includes(s)),
    rule_id: q.get('rule_id') ?? '',
    cluster: q.get('cluster') ?? '',
    namespace: q.get('namespace') ?? '',
    user: q.get('user') ?? '',
    since: since in SINCE ? since : '',
  }
}

/** The page's URL for a set of filters (empty ones left out) and a sort. */
export function queryFromFilters(f: FindingFilters, sort: string | undefined): string {
  const q = new URLSearchParams()
  if (f.severity.length > 0) q.set('severity', f.severity.join(','))
  for (const key of ['rule_id', 'cluster', 'namespace', 'user', 'since'] as const) if (f[key].trim() !== '') q.set(key, f[key].trim())
  if (sort !== undefined) q.set('sort', sort)
  const s = q.toString()
  return s === '' ? '' : `?${s}`
}

/** The API query for the filters, at a moment `now` (for `since`). */
export function apiQuery(f: FindingFilters, now: number): FindingQuery {
  const q: FindingQuery = {}
  if (f.severity.length > 0) q.severity = f.severity
  if (f.rule_id !== '') q.rule_id = f.rule_id
  if (f.cluster !== '') q.cluster = f.cluster.split(',').map((c) => c.trim()).filter((c) => c !== '')
  if (f.namespace !== '') q.namespace = f.namespace
  if (f.user !== '') q.user = f.user
  const window = SINCE[f.since]
  if (window !== undefined) q.from = new Date(now - window).toISOString()
  return q
}
