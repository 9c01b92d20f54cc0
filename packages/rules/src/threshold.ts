import type { ThresholdStateRow } from '@vigil/core'
import { readPath, type Activation } from './activation.js'
import type { CompiledRule } from './compile.js'

export interface ThresholdCrossing {
  rule: CompiledRule
  stateKey: string
  windowStart: number
  count: number
  members: string[]
}

const SEP = '\u001f'

function windowId(ruleId: string, version: number, cluster: string, stateKey: string, windowStart: number): string {
  return `${ruleId}${SEP}${version}${SEP}${cluster}${SEP}${stateKey}${SEP}${windowStart}`
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v)
}

/**
 * Counts matching events (or distinct values) per rule, key and tumbling
 * event-time window, and reports the moment a window reaches its count.
 * Members are sets, so an event delivered twice counts once. The key starts
 * with user.username, the event log's partition key, so one worker sees
 * every event of a key (ADR 0003). Pure apart from its own memory.
 */
export class ThresholdTracker {
  private readonly windows = new Map<string, Set<string>>()
  private newest = 0
  private observed = 0

  /** Records one matching event. Returns the state row to persist (if new) and the crossing, if this event completed the count. */
  observe(rule: CompiledRule, activation: Activation, cluster: string): { row?: ThresholdStateRow; crossing?: ThresholdCrossing } {
    const t = rule.threshold
    if (t === undefined) return {}
    const eventMs = Date.parse(activation.event.requestReceivedTimestamp)
    const windowStart = Math.floor(eventMs / t.windowMs) * t.windowMs
    const stateKey = t.by.map((p) => show(readPath(activation, p))).join(SEP)
    // A request counts once whatever stages of it arrive (ADR 0012).
    const member = t.distinct === undefined ? activation.auditID : show(readPath(activation, t.distinct))
    if (member === '') return {}
    const id = windowId(rule.id, rule.version, cluster, stateKey, windowStart)
    let set = this.windows.get(id)
    if (set === undefined) this.windows.set(id, (set = new Set()))
    if (set.has(member) || set.size >= t.count) return {}
    set.add(member)
    if (eventMs > this.newest) this.newest = eventMs
    if (++this.observed % 10_000 === 0) this.evict()
    const row: ThresholdStateRow = { rule_id: rule.id, rule_version: rule.version, cluster, state_key: stateKey, window_start: windowStart, member }
    if (set.size < t.count) return { row }
    return { row, crossing: { rule, stateKey, windowStart, count: set.size, members: [...set] } }
  }

  /** Restores members saved by earlier runs. */
  load(rows: readonly ThresholdStateRow[]): void {
    for (const r of rows) {
      const id = windowId(r.rule_id, r.rule_version, r.cluster, r.state_key, r.window_start)
      let set = this.windows.get(id)
      if (set === undefined) this.windows.set(id, (set = new Set()))
      set.add(r.member)
      if (r.window_start > this.newest) this.newest = r.window_start
    }
  }

  /** Forgets everything (before a reload from the store). */
  clear(): void {
    this.windows.clear()
  }

  /** Drops windows that ended long before the newest event seen; a day of slack covers late events. */
  evict(slackMs = 86_400_000): void {
    for (const id of this.windows.keys()) {
      const start = Number(id.slice(id.lastIndexOf(SEP) + 1))
      if (start < this.newest - slackMs) this.windows.delete(id)
    }
  }

  get size(): number {
    return this.windows.size
  }
}
