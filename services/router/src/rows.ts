import type { GroupState, Notification, OutboxEntry } from '@vigil/alerts'
import type { AlertGroupRow, AlertNotificationRow } from '@vigil/store'

/** Row versions: milliseconds then a counter, so a later write in the same millisecond still wins. */
export function createVersioner(): (now: number) => number {
  let last = 0
  return (now) => {
    last = Math.max(last + 1, now * 1000)
    return last
  }
}

export function groupRow(g: GroupState | undefined, key: string, route: string, episode: number, version: number, now: number): AlertGroupRow {
  return { group_key: key, route, episode, open: g !== undefined, state: g === undefined ? '{}' : JSON.stringify(g), version, updated_at_ms: now }
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
