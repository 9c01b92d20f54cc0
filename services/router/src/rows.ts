import { maxSeverity, type AlertCandidate, type GroupState, type Notification, type OutboxEntry } from '@vigil/alerts'
import type { AlertGroupMemberRow, AlertGroupRow, AlertNotificationRow } from '@vigil/store'

/** Row versions: milliseconds then a counter, so a later write in the same millisecond still wins. */
export function createVersioner(): (now: number) => number {
  let last = 0
  return (now) => {
    last = Math.max(last + 1, now * 1000)
    return last
  }
}

/**
 * A group's row holds its timers and counters, not its findings (those are
 * members, appended once), so writing it costs the same whatever the group's size.
 * A summary (count, severity, first ids) serves the api.
 */
export interface StoredGroup extends Omit<GroupState, 'findings'> {
  summary: { findings: number; severity: string; finding_ids: string[] }
}

export function groupRow(g: GroupState | undefined, key: string, route: string, episode: number, version: number, now: number): AlertGroupRow {
  if (g === undefined) return { group_key: key, route, episode, open: false, state: '{}', version, updated_at_ms: now }
  const { findings, ...meta } = g
  const stored: StoredGroup = { ...meta, summary: { findings: findings.length, severity: maxSeverity(findings), finding_ids: findings.slice(0, 50).map((f) => f.finding_id) } }
  return { group_key: key, route, episode, open: true, state: JSON.stringify(stored), version, updated_at_ms: now }
}

export function memberRow(g: GroupState, c: AlertCandidate, now: number): AlertGroupMemberRow {
  return { group_key: g.key, episode: g.episode, position: g.findings.length - 1, finding_id: c.finding_id, candidate: JSON.stringify(c), added_at_ms: now }
}

/** Groups as the grouper holds them: stored rows with their members, in order. */
export function groupsFromRows(groups: readonly AlertGroupRow[], members: readonly AlertGroupMemberRow[]): GroupState[] {
  const byGroup = new Map<string, AlertCandidate[]>()
  for (const m of members) {
    const k = `${m.group_key}\u0000${m.episode}`
    ;(byGroup.get(k) ?? byGroup.set(k, []).get(k) as AlertCandidate[]).push(JSON.parse(m.candidate) as AlertCandidate)
  }
  return groups.map((r) => {
    const { summary: _summary, ...meta } = JSON.parse(r.state) as StoredGroup
    return { ...meta, findings: byGroup.get(`${r.group_key}\u0000${r.episode}`) ?? [] }
  })
}

export function notificationRow(e: OutboxEntry, version: number, now: number): AlertNotificationRow {
  const n = e.notification
  return {
    notification_id: n.id, sink: n.sink, kind: n.kind, route: n.route, group_key: n.groupKey, group_id: n.groupId, episode: n.episode, severity: n.severity,
    state: e.state, attempts: e.attempts, next_attempt_at_ms: e.nextAttemptAt, last_result: e.lastResult ?? '', last_status: e.lastStatus ?? 0, last_detail: e.lastDetail ?? '',
    dead_reason: e.deadReason ?? '', notification: JSON.stringify({ ...n, firstAttemptAt: e.firstAttemptAt }), created_at_ms: n.createdAt, updated_at_ms: now, version,
  }
}

export function entryFromRow(r: AlertNotificationRow): OutboxEntry {
  const { firstAttemptAt, ...n } = JSON.parse(r.notification) as Notification & { firstAttemptAt?: number }
  return {
    notification: n, state: r.state, attempts: r.attempts, firstAttemptAt: firstAttemptAt ?? undefined, nextAttemptAt: r.next_attempt_at_ms,
    lastResult: r.last_result === '' ? undefined : (r.last_result as OutboxEntry['lastResult']), lastStatus: r.last_status === 0 ? undefined : r.last_status,
    lastDetail: r.last_detail === '' ? undefined : r.last_detail, deadReason: r.dead_reason === '' ? undefined : r.dead_reason, version: r.version,
  }
}
