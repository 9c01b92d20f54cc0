import type { AlertGroupMemberRow, AlertNotificationRow } from '@vigil/store'
import type { Principal } from './principals.js'

/**
 * Alerts carry findings of one or more clusters. A cluster-scoped caller
 * sees an alert group or a notification only when every finding in it is
 * from a cluster of its scope: a group that mixes clusters would otherwise
 * show another cluster's findings, counts and timing.
 */
export function withinScope(principal: Principal, clusters: Iterable<string>): boolean {
  const scope = principal.clusters
  if (scope === undefined) return true
  let any = false
  for (const c of clusters) {
    if (!scope.includes(c)) return false
    any = true
  }
  return any
}

/** The clusters of each open group's episode, keyed by `group_key NUL episode`, from its members. */
export function groupClusters(members: readonly AlertGroupMemberRow[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const m of members) {
    const key = `${m.group_key}\u0000${m.episode}`
    let set = out.get(key)
    if (set === undefined) out.set(key, (set = new Set()))
    set.add((JSON.parse(m.candidate) as { cluster: string }).cluster)
  }
  return out
}

/** The clusters of the findings a notification carried. */
export function notificationClusters(row: AlertNotificationRow): string[] {
  const n = JSON.parse(row.notification) as { findings?: { cluster: string }[] }
  return [...new Set((n.findings ?? []).map((f) => f.cluster))]
}

/**
 * Whether a silence is confined to the caller's clusters: every matcher of a
 * silence must match, so one `cluster = X` matcher with X in scope confines
 * it to X. A silence without one may mute any cluster's alerts.
 */
export function silenceWithinScope(principal: Principal, matchers: readonly { name: string; op: string; value: string }[]): boolean {
  const scope = principal.clusters
  if (scope === undefined) return true
  return matchers.some((m) => m.name === 'cluster' && m.op === '=' && scope.includes(m.value))
}
