import type { AttemptResultName } from './classify.js'
import { nextAttempt, type RetryPolicy } from './backoff.js'
import type { Notification } from './notification.js'
import { TokenBucket } from './rate-limit.js'
import type { SinkSender } from './sinks/sender.js'
import type { SlackThread } from './sinks/slack.js'

/** `collapsed`: never sent on its own; a backlog digest to the same sink counted it instead. */
export type DeliveryState = 'pending' | 'delivered' | 'dead' | 'collapsed'

/** One outbox row: a notification and its delivery progress. Plain data, stored as a versioned row. */
export interface OutboxEntry {
  notification: Notification
  state: DeliveryState
  attempts: number
  firstAttemptAt: number | undefined
  nextAttemptAt: number
  lastResult: AttemptResultName | undefined
  lastStatus: number | undefined
  lastDetail: string | undefined
  deadReason: string | undefined
  /** Bumped on every change; the store keeps the highest. */
  version: number
}

export function newOutboxEntry(n: Notification): OutboxEntry {
  return { notification: n, state: 'pending', attempts: 0, firstAttemptAt: undefined, nextAttemptAt: n.createdAt, lastResult: undefined, lastStatus: undefined, lastDetail: undefined, deadReason: undefined, version: 1 }
}

/** What one attempt or decision did, for metrics, logs and the attempts history. */
export interface DeliveryEvent {
  entry: OutboxEntry
  result: AttemptResultName | 'dead_lettered' | 'ordering'
  sinkBroken: boolean
}

export interface SinkLane {
  sender: SinkSender
  policy: RetryPolicy
  bucket: TokenBucket
}

export interface DeliveryDeps {
  lanes: ReadonlyMap<string, SinkLane>
  random: () => number
  /** Persists an entry after every change (the outbox). Awaited before the next step. */
  save: (entry: OutboxEntry) => Promise<void>
  /** Slack parents per (sink, group, episode); persisted by `saveThread`. */
  threads: Map<string, SlackThread>
  saveThread: (key: string, thread: SlackThread) => Promise<void>
}

export const threadKey = (n: Notification) => `${n.sink}\u0000${n.groupKey}\u0000${n.episode}`
const orderKey = threadKey

/**
 * Delivers outbox entries. Per (sink, group, episode) strictly in order: an
 * entry waits while an earlier one is pending, so a resolve never overtakes
 * its trigger; a resolve behind a dead letter is dead-lettered too. Per sink
 * key, a token bucket paces requests and a 429 pauses the key. Failures
 * retry with full-jitter backoff until the attempts or age bound, then the
 * entry is a dead letter; permanent errors are never retried.
 */
export class Delivery {
  readonly #deps: DeliveryDeps
  readonly #entries: OutboxEntry[] = []
  readonly #byId = new Map<string, OutboxEntry>()
  /** (sink, group, episode) lanes with a dead letter: a resolve queued behind one dies too. */
  readonly #deadLanes = new Set<string>()

  constructor(deps: DeliveryDeps) {
    this.#deps = deps
  }

  /** Queues an entry (new or loaded from the outbox). An id already queued is ignored: redelivery is harmless. */
  enqueue(entry: OutboxEntry): boolean {
    if (this.#byId.has(entry.notification.id)) return false
    this.#byId.set(entry.notification.id, entry)
    if (entry.state === 'pending') this.#entries.push(entry)
    else if (entry.state === 'dead') this.#deadLanes.add(orderKey(entry.notification))
    return true
  }

  get(id: string): OutboxEntry | undefined {
    return this.#byId.get(id)
  }

  pending(): OutboxEntry[] {
    return this.#entries.filter((e) => e.state === 'pending')
  }

  /** Re-queues a dead letter with the same notification id (so the same idempotency key). */
  async replay(id: string, now: number): Promise<OutboxEntry | undefined> {
    const e = this.#byId.get(id)
    if (e === undefined || e.state !== 'dead') return undefined
    this.#deadLanes.delete(orderKey(e.notification))
    this.#entries.push(e)
    Object.assign(e, { state: 'pending', attempts: 0, firstAttemptAt: undefined, nextAttemptAt: now, deadReason: undefined, version: e.version + 1 })
    await this.#deps.save(e)
    return e
  }

  /**
   * The entries a backlog digest may replace: pending on `sink`, never tried,
   * and not a resolve (a resolve answers a trigger that went out), a test or a digest.
   */
  collapsible(sink: string): OutboxEntry[] {
    return this.#entries.filter((e) => e.state === 'pending' && e.notification.sink === sink && e.attempts === 0 && ['trigger', 'update', 'repeat'].includes(e.notification.kind))
  }

  /** Marks entries collapsed into the digest `into` (already in the outbox): they leave the queue, the outbox keeps them. */
  async collapse(entries: readonly OutboxEntry[], into: string): Promise<void> {
    for (const e of entries) {
      Object.assign(e, { state: 'collapsed', lastDetail: `collapsed into backlog digest ${into}`, version: e.version + 1 })
      await this.#deps.save(e)
    }
    for (let i = this.#entries.length - 1; i >= 0; i--) if ((this.#entries[i] as OutboxEntry).state === 'collapsed') this.#entries.splice(i, 1)
  }

  /** When something may next be sent, for the caller's timer. */
  nextWakeAt(now: number): number | undefined {
    let next: number | undefined
    for (const e of this.#entries) {
      if (e.state !== 'pending') continue
      const lane = this.#deps.lanes.get(e.notification.sink)
      const at = Math.max(e.nextAttemptAt, lane === undefined ? e.nextAttemptAt : lane.bucket.pausedUntil)
      if (next === undefined || at < next) next = Math.max(at, now)
    }
    return next
  }

  /** Sends what is due at `now`, sinks concurrently, each sink's entries one at a time. */
  async step(now: number): Promise<DeliveryEvent[]> {
    const bySink = new Map<string, OutboxEntry[]>()
    for (const e of this.#entries) if (e.state === 'pending') (bySink.get(e.notification.sink) ?? bySink.set(e.notification.sink, []).get(e.notification.sink) as OutboxEntry[]).push(e)
    const runs = [...bySink].map(([sink, list]) => this.#stepSink(sink, list, now))
    const events = (await Promise.all(runs)).flat()
    // Delivered and dead entries leave the working set; the outbox keeps them.
    for (let i = this.#entries.length - 1; i >= 0; i--) if ((this.#entries[i] as OutboxEntry).state !== 'pending') this.#entries.splice(i, 1)
    return events
  }

  async #stepSink(sink: string, list: OutboxEntry[], now: number): Promise<DeliveryEvent[]> {
    const events: DeliveryEvent[] = []
    const lane = this.#deps.lanes.get(sink)
    if (lane === undefined) return events
    const blocked = new Map<string, OutboxEntry>()
    for (const e of list) {
      const key = orderKey(e.notification)
      if (this.#deadLanes.has(key) && e.notification.kind === 'resolve') {
        await this.#kill(e, 'the trigger it answers is a dead letter', now, events, false)
        continue
      }
      if (blocked.has(key)) continue
      if (e.nextAttemptAt > now || e.state !== 'pending') {
        blocked.set(key, e)
        continue
      }
      if (e.notification.kind === 'resolve' && !lane.sender.sendResolved) {
        Object.assign(e, { state: 'delivered', lastDetail: 'send_resolved is false', version: e.version + 1 })
        await this.#deps.save(e)
        continue
      }
      if (!lane.bucket.tryTake(now)) {
        blocked.set(key, e)
        continue
      }
      const outcome = await lane.sender.send(e.notification, now, this.#deps.threads.get(key))
      e.attempts += 1
      e.firstAttemptAt ??= now
      e.lastResult = outcome.result
      e.lastStatus = outcome.status
      e.lastDetail = outcome.detail
      e.version += 1
      if (outcome.thread !== undefined) {
        this.#deps.threads.set(key, outcome.thread)
        await this.#deps.saveThread(key, outcome.thread)
      }
      if (outcome.result === 'success') {
        e.state = 'delivered'
        await this.#deps.save(e)
        events.push({ entry: e, result: 'success', sinkBroken: false })
        continue
      }
      events.push({ entry: e, result: outcome.result, sinkBroken: outcome.sinkBroken })
      if (outcome.result === 'rate_limited') lane.bucket.pauseUntil(now + Math.max(outcome.retryAfterMs ?? lane.policy.rateLimitedFloorMs, 1))
      if (!outcome.retry) {
        await this.#kill(e, `${outcome.result}: ${outcome.detail}`, now, events, true)
        blocked.set(key, e)
        continue
      }
      const retryAfterMs = outcome.result === 'rate_limited' ? (outcome.retryAfterMs ?? lane.policy.rateLimitedFloorMs) : outcome.retryAfterMs
      const next = nextAttempt(lane.policy, { attempts: e.attempts, firstAttemptAt: e.firstAttemptAt, now, random: this.#deps.random, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })
      if ('dead' in next) await this.#kill(e, `${next.dead} after ${e.attempts} attempt(s); last ${outcome.result}: ${outcome.detail}`, now, events, true)
      else {
        e.nextAttemptAt = next.at
        await this.#deps.save(e)
      }
      blocked.set(key, e)
    }
    return events
  }

  async #kill(e: OutboxEntry, reason: string, _now: number, events: DeliveryEvent[], attempted: boolean): Promise<void> {
    e.state = 'dead'
    e.deadReason = reason
    this.#deadLanes.add(orderKey(e.notification))
    if (!attempted) e.version += 1
    await this.#deps.save(e)
    events.push({ entry: e, result: 'dead_lettered', sinkBroken: false })
  }
}
