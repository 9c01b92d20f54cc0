import { SEVERITIES, type Severity } from '@vigil/core'
import { groupIdOf, notificationId, type Notification } from './notification.js'

/** What a route's digest says about a period. Counts only: no finding field leaves vigil through it. */
export interface DigestSummary {
  /** [from, to) in ms. */
  from: number
  to: number
  total: number
  bySeverity: Record<Severity, number>
  /** The most frequent rules, most first (ties by rule id). */
  topRules: { rule_id: string; count: number }[]
  /** Findings routed here (within the SLA lookback) that are still unresolved past their triage SLA; null for a backlog digest. */
  openOverSla: number | null
  /** A backlog digest: how many notifications it replaces. */
  collapsed?: number
  /** The digest was computed from a capped read: counts are lower bounds. */
  partial: boolean
}

export interface DigestInput {
  rule_id: string
  severity: string
}

/** Counts by severity and the top rules of the findings a route saw in the period. Pure. */
export function summarize(findings: readonly DigestInput[], topN: number): Pick<DigestSummary, 'total' | 'bySeverity' | 'topRules'> {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
  const rules = new Map<string, number>()
  for (const f of findings) {
    if ((SEVERITIES as readonly string[]).includes(f.severity)) bySeverity[f.severity as Severity] += 1
    rules.set(f.rule_id, (rules.get(f.rule_id) ?? 0) + 1)
  }
  const topRules = [...rules].map(([rule_id, count]) => ({ rule_id, count })).sort((a, b) => b.count - a.count || (a.rule_id < b.rule_id ? -1 : a.rule_id > b.rule_id ? 1 : 0)).slice(0, topN)
  return { total: findings.length, bySeverity, topRules }
}

/**
 * One message for a sink whose queue grew past the backlog threshold: the
 * notifications it replaces are counted, by severity and rule, and marked
 * collapsed. Its id derives from the first replaced notification, so a
 * repeat after a crash is deduplicated.
 */
export function backlogDigest(sink: string, replaced: readonly Notification[], topN: number, now: number): Notification {
  const findings = replaced.flatMap((n) => (n.fresh.length > 0 ? n.fresh : n.findings))
  const from = Math.min(...replaced.map((n) => n.createdAt))
  const summary: DigestSummary = { ...summarize(findings, topN), from, to: now, openOverSla: null, partial: false, collapsed: replaced.length }
  const groupKey = `backlog/${sink}/${replaced[0]?.id ?? 'none'}`
  const severity: Severity = [...SEVERITIES].reverse().find((s) => summary.bySeverity[s] > 0) ?? 'info'
  return { id: notificationId(sink, groupKey, 1, 'digest', 1), sink, kind: 'digest', route: 'backlog', groupKey, groupId: groupIdOf(groupKey), episode: 1, seq: 1, severity, findings: [], fresh: [], createdAt: now, digest: summary }
}

/**
 * A route's digest for one sink. Its id derives from (sink, route, period
 * end), so a second run of the same schedule (a restart at the wrong
 * moment) queues nothing new.
 */
export function digestNotification(sink: string, route: string, summary: DigestSummary, now: number): Notification {
  const groupKey = `digest/${route}/${new Date(summary.to).toISOString()}`
  const severity: Severity = [...SEVERITIES].reverse().find((s) => summary.bySeverity[s] > 0) ?? 'info'
  return {
    id: notificationId(sink, groupKey, 1, 'digest', 1), sink, kind: 'digest', route, groupKey, groupId: groupIdOf(groupKey), episode: 1, seq: 1,
    severity, findings: [], fresh: [], createdAt: now, digest: summary,
  }
}
