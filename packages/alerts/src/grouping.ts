import type { AlertCandidate } from './candidate.js'
import type { CompiledRoute } from './router.js'

export type NotificationKind = 'trigger' | 'update' | 'repeat' | 'resolve'

/** One group of one route: its findings in the current episode and its timers. Plain data, so it can be stored. */
export interface GroupState {
  key: string
  route: string
  /** Increments after each resolve: a later incident gets a new PagerDuty dedup_key. */
  episode: number
  findings: AlertCandidate[]
  /** How many of `findings` were in the last notification sent. */
  notifiedCount: number
  /** Notifications sent in this episode; part of each notification id. */
  seq: number
  /** A trigger went out in this episode (silences can hold it back). */
  triggered: boolean
  firstAt: number
  lastNotifiedAt: number | undefined
  nextFlushAt: number | undefined
  resolved: { at: number; reason: string } | undefined
}

/** What the grouper decided to send: one per group, fanned out to the route's sinks by the caller. */
export interface Flush {
  kind: NotificationKind
  groupKey: string
  route: string
  episode: number
  seq: number
  /** Every finding of the episode the notification may list (unmuted ones). */
  findings: AlertCandidate[]
  /** The findings new since the last notification. */
  fresh: AlertCandidate[]
  resolvedReason?: string
}

export interface Suppressed {
  groupKey: string
  reason: string
  findings: number
}

/**
 * Alertmanager's aggregation groups on an injected clock, as a pure state
 * machine: `add` and `resolve` change state, `due(now)` says what to send.
 * - group_wait: the first notification waits, gathering the group;
 * - group_interval: later changes wait at least this long after the last send;
 * - repeat_interval: an unchanged group is re-sent after this long;
 * - resolved before the first notification: nothing is sent, ever;
 * - after a resolve, the next finding opens a new episode.
 */
export class Grouper {
  readonly #routes: ReadonlyMap<string, CompiledRoute>
  readonly #groups = new Map<string, GroupState>()
  /** Last episode number per group key, kept after a group closes. */
  readonly #episodes = new Map<string, number>()

  /** `lastEpisodes`: every group key's last episode, closed ones included, so a new episode never reuses an old number. */
  constructor(routes: readonly CompiledRoute[], initial: readonly GroupState[] = [], lastEpisodes: ReadonlyMap<string, number> = new Map()) {
    this.#routes = new Map(routes.map((r) => [r.name, r]))
    for (const [key, episode] of lastEpisodes) this.#episodes.set(key, episode)
    for (const g of initial) {
      this.#groups.set(g.key, g)
      this.#episodes.set(g.key, g.episode)
    }
  }

  /** Adds a candidate to its group; a finding already in the group is ignored (a redelivery). Returns false then. */
  add(route: CompiledRoute, groupKey: string, c: AlertCandidate, now: number): boolean {
    let g = this.#groups.get(groupKey)
    if (g !== undefined && g.resolved !== undefined) {
      this.#groups.delete(groupKey)
      g = undefined
    }
    if (g === undefined) {
      const episode = (this.#episodes.get(groupKey) ?? 0) + 1
      this.#episodes.set(groupKey, episode)
      g = { key: groupKey, route: route.name, episode, findings: [], notifiedCount: 0, seq: 0, triggered: false, firstAt: now, lastNotifiedAt: undefined, nextFlushAt: now + route.groupWaitMs, resolved: undefined }
      this.#groups.set(groupKey, g)
    }
    if (g.findings.some((f) => f.finding_id === c.finding_id)) return false
    g.findings.push(c)
    if (g.triggered && g.lastNotifiedAt !== undefined) {
      const earliest = Math.max(now, g.lastNotifiedAt + route.groupIntervalMs)
      g.nextFlushAt = g.nextFlushAt === undefined ? earliest : Math.min(g.nextFlushAt, earliest)
    }
    return true
  }

  /**
   * Closes the group's episode (triage resolved it). A group never notified is
   * dropped silently; one that was notified gets a resolve at the next `due`.
   */
  resolve(groupKey: string, now: number, reason: string): boolean {
    const g = this.#groups.get(groupKey)
    if (g === undefined || g.resolved !== undefined) return false
    g.resolved = { at: now, reason }
    if (!g.triggered) {
      this.#groups.delete(groupKey)
      return true
    }
    g.nextFlushAt = now
    return true
  }

  /**
   * Everything due at `now`. `muted` says why a finding must not be notified
   * now (silenced, inhibited), or undefined; a group whose every new finding is
   * muted sends nothing and is reported as suppressed. A resolve is never muted:
   * it answers a trigger that went out.
   */
  due(now: number, muted: (c: AlertCandidate) => string | undefined = () => undefined): { flushes: Flush[]; suppressed: Suppressed[] } {
    const flushes: Flush[] = []
    const suppressed: Suppressed[] = []
    for (const g of this.#groups.values()) {
      if (g.nextFlushAt === undefined || g.nextFlushAt > now) continue
      const route = this.#routes.get(g.route)
      if (route === undefined) continue
      if (g.resolved !== undefined) {
        g.seq += 1
        flushes.push({ kind: 'resolve', groupKey: g.key, route: g.route, episode: g.episode, seq: g.seq, findings: g.findings, fresh: [], resolvedReason: g.resolved.reason })
        this.#groups.delete(g.key)
        continue
      }
      const fresh = g.findings.slice(g.notifiedCount)
      const reasons = new Map<string, number>()
      const visible = g.findings.filter((c) => {
        const why = muted(c)
        if (why !== undefined) reasons.set(why, (reasons.get(why) ?? 0) + (fresh.includes(c) ? 1 : 0))
        return why === undefined
      })
      const freshVisible = fresh.filter((c) => visible.includes(c))
      const kind: NotificationKind = !g.triggered ? 'trigger' : fresh.length > 0 ? 'update' : 'repeat'
      g.notifiedCount = g.findings.length
      if (visible.length === 0 || (kind === 'update' && freshVisible.length === 0)) {
        for (const [reason, n] of reasons) if (n > 0 || kind !== 'update') suppressed.push({ groupKey: g.key, reason, findings: Math.max(n, 1) })
        // Nothing to say now; look again after a group interval (a silence may end).
        g.nextFlushAt = now + route.groupIntervalMs
        continue
      }
      g.seq += 1
      g.triggered = true
      g.lastNotifiedAt = now
      g.nextFlushAt = now + route.repeatIntervalMs
      flushes.push({ kind, groupKey: g.key, route: g.route, episode: g.episode, seq: g.seq, findings: visible, fresh: freshVisible })
    }
    return { flushes, suppressed }
  }

  /** When `due` next has something to do, for the caller's timer. */
  nextDueAt(): number | undefined {
    let next: number | undefined
    for (const g of this.#groups.values()) if (g.nextFlushAt !== undefined && (next === undefined || g.nextFlushAt < next)) next = g.nextFlushAt
    return next
  }

  /** Open groups, for storage, the API and inhibition. */
  groups(): GroupState[] {
    return [...this.#groups.values()]
  }

  get(groupKey: string): GroupState | undefined {
    return this.#groups.get(groupKey)
  }
}
