import type { BulkTriageBody, TransitionBody } from '../api/ops-types'
import { apiQuery, type FindingFilters } from './finding-filters'

/** The findings list's filter as the bulk-triage API takes it, or why it cannot. */
export function bulkFilter(f: FindingFilters, now: number): { filter: BulkTriageBody['filter'] } | { problem: string } {
  const q = apiQuery(f, now)
  if (q.rule_id !== undefined && q.rule_id.length > 1) return { problem: 'Bulk triage takes one rule id at a time; narrow the rule filter to one.' }
  const filter: BulkTriageBody['filter'] = {}
  if (q.rule_id?.[0] !== undefined) filter.rule_id = q.rule_id[0]
  if (q.cluster !== undefined && q.cluster.length > 0) filter.cluster = q.cluster
  if (q.severity !== undefined && q.severity.length > 0) filter.severity = q.severity
  if (q.namespace !== undefined) filter.namespace = q.namespace
  if (q.user !== undefined) filter.user = q.user
  if (q.from !== undefined) filter.from = q.from
  return { filter }
}

/** What a bulk run would do, in words, for the confirm button. */
export function bulkVerb(t: TransitionBody): string {
  if (t.to === 'acknowledged') return 'Acknowledge'
  if (t.to === 'open') return 'Reopen'
  return 'Resolve'
}
