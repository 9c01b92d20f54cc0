import type { Finding } from '../api/client'
import { severityRank } from './severity'

export const SORT_KEYS = ['severity', 'rule', 'cluster', 'namespace', 'user', 'age'] as const
export type SortKey = (typeof SORT_KEYS)[number]
export type SortDir = 'asc' | 'desc'
export interface SortState {
  key: SortKey
  dir: SortDir
}

/** The API's own order: newest first. Sorting by it needs no loaded pages to be re-ordered. */
export const DEFAULT_SORT: SortState = { key: 'age', dir: 'asc' }

const text = (f: Finding, key: SortKey): string => (key === 'rule' ? f.rule_id : key === 'cluster' ? f.cluster : key === 'namespace' ? f.namespace : f.user)

/**
 * "age ascending" is youngest first, like the API's order. Ties fall back to
 * newest first, then to the id, so the order is total and stable.
 */
export function compareFindings(a: Finding, b: Finding, sort: SortState): number {
  const byTime = b.event_time.localeCompare(a.event_time) || a.finding_id.localeCompare(b.finding_id)
  let primary: number
  if (sort.key === 'age') primary = byTime
  else if (sort.key === 'severity') primary = severityRank(a.severity) - severityRank(b.severity)
  else primary = text(a, sort.key).localeCompare(text(b, sort.key))
  if (sort.dir === 'desc') primary = -primary
  return primary || byTime
}

export function sortFindings(findings: readonly Finding[], sort: SortState): readonly Finding[] {
  if (sort.key === DEFAULT_SORT.key && sort.dir === DEFAULT_SORT.dir) return findings
  return [...findings].sort((a, b) => compareFindings(a, b, sort))
}

export function parseSort(value: string | null): SortState {
  const [key, dir] = (value ?? '').split(':')
  if (!(SORT_KEYS as readonly string[]).includes(key ?? '')) return DEFAULT_SORT
  return { key: key as SortKey, dir: dir === 'desc' ? 'desc' : 'asc' }
}

export const formatSort = (s: SortState): string => `${s.key}:${s.dir}`
