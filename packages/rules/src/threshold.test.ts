import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { AuditEvent, ThresholdStateRow } from '@vigil/core'
import { compileRules, type CompiledRule, type Ruleset } from './compile.js'
import { ThresholdTracker } from './threshold.js'

const SEP = '\u001f'

function thresholdRule(threshold: string, id = 't.burst', version = 1): { rs: Ruleset; rule: CompiledRule } {
  const rs = compileRules([
    { file: 't.yaml', text: `rules:\n  - id: ${id}\n    version: ${version}\n    title: T\n    description: D\n    severity: low\n    output: o\n    threshold: ${threshold}\n` },
  ])
  return { rs, rule: rs.rules[0] as CompiledRule }
}

function event(time: string, over: Partial<AuditEvent> = {}): AuditEvent {
  const id = randomUUID()
  return {
    auditID: id,
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/ns/secrets',
    verb: 'get',
    user: { username: 'alice' },
    objectRef: { resource: 'secrets', namespace: 'ns', name: `s-${id}` },
    requestReceivedTimestamp: `2026-03-01T${time}Z`,
    stageTimestamp: `2026-03-01T${time}Z`,
    ...over,
  }
}

const ms = (time: string) => Date.parse(`2026-03-01T${time}Z`)

describe('ThresholdTracker', () => {
  it('crosses exactly when the count is reached, once per window', () => {
    const { rs, rule } = thresholdRule('{ count: 3, window: 5m, by: [user.username] }')
    const tracker = new ThresholdTracker()
    const obs = (e: AuditEvent) => tracker.observe(rule, rs.activation(e, 'c1'), 'c1')
    const a = obs(event('10:01:00', { auditID: 'a' }))
    expect(a).toEqual({ row: { rule_id: 't.burst', rule_version: 1, cluster: 'c1', state_key: 'alice', window_start: ms('10:00:00'), member: 'a' } })
    expect(obs(event('10:02:00', { auditID: 'b' })).crossing).toBeUndefined()
    const third = obs(event('10:04:59.999', { auditID: 'c' }))
    expect(third.crossing).toEqual({ rule, stateKey: 'alice', windowStart: ms('10:00:00'), count: 3, members: ['a', 'b', 'c'] })
    expect(third.row?.member).toBe('c')
    expect(obs(event('10:04:00', { auditID: 'd' }))).toEqual({})
    expect(obs(event('10:04:30', { auditID: 'e' }))).toEqual({})
  })

  it('cuts tumbling windows aligned on event time', () => {
    const { rs, rule } = thresholdRule('{ count: 2, window: 5m, by: [user.username] }')
    const tracker = new ThresholdTracker()
    const obs = (e: AuditEvent) => tracker.observe(rule, rs.activation(e, 'c1'), 'c1')
    expect(obs(event('10:04:59')).row?.window_start).toBe(ms('10:00:00'))
    const next = obs(event('10:05:00'))
    expect(next.row?.window_start).toBe(ms('10:05:00'))
    expect(next.crossing).toBeUndefined()
    expect(obs(event('10:09:59')).crossing?.windowStart).toBe(ms('10:05:00'))
    expect(tracker.size).toBe(2)
  })

  it('counts a request once: a redelivered event, and each further stage of it', () => {
    const { rs, rule } = thresholdRule('{ count: 2, window: 1h, by: [user.username] }')
    const tracker = new ThresholdTracker()
    const obs = (e: AuditEvent) => tracker.observe(rule, rs.activation(e, 'c1'), 'c1')
    const e = event('10:00:00', { auditID: 'same' })
    expect(obs(e).row).toBeDefined()
    expect(obs(e)).toEqual({})
    expect(obs({ ...e })).toEqual({})
    const otherStage = obs({ ...e, stage: 'ResponseStarted' })
    expect(otherStage).toEqual({})
  })

  it('keys state by the by fields, the cluster and the rule version', () => {
    const { rs, rule } = thresholdRule('{ count: 2, window: 1h, by: [user.username, objectRef.namespace] }')
    const tracker = new ThresholdTracker()
    const obs = (e: AuditEvent, cluster = 'c1') => tracker.observe(rule, rs.activation(e, cluster), cluster)
    expect(obs(event('10:00:00')).row?.state_key).toBe(`alice${SEP}ns`)
    expect(obs(event('10:00:01', { user: { username: 'bob' } })).crossing).toBeUndefined()
    expect(obs(event('10:00:02', { objectRef: { resource: 'secrets', namespace: 'other' } })).crossing).toBeUndefined()
    expect(obs(event('10:00:03'), 'c2').crossing).toBeUndefined()
    const v2 = thresholdRule('{ count: 2, window: 1h, by: [user.username, objectRef.namespace] }', 't.burst', 2)
    expect(tracker.observe(v2.rule, v2.rs.activation(event('10:00:04'), 'c1'), 'c1').crossing).toBeUndefined()
    expect(obs(event('10:00:05')).crossing?.stateKey).toBe(`alice${SEP}ns`)
    expect(tracker.size).toBe(5)
  })

  it('distinct counts distinct values and ignores events without one', () => {
    const { rs, rule } = thresholdRule('{ count: 3, window: 10m, by: [user.username], distinct: objectRef.name }')
    const tracker = new ThresholdTracker()
    const obs = (name: string | undefined) => tracker.observe(rule, rs.activation(event('10:00:00', { objectRef: { resource: 'secrets', ...(name === undefined ? {} : { name }) } }), 'c1'), 'c1')
    expect(obs('a').row?.member).toBe('a')
    expect(obs('a')).toEqual({})
    expect(obs(undefined)).toEqual({})
    expect(obs('b').crossing).toBeUndefined()
    expect(obs('b')).toEqual({})
    expect(obs('c').crossing).toMatchObject({ count: 3, members: ['a', 'b', 'c'] })
  })

  it('count 1 reports the first matching event per key and window', () => {
    const { rs, rule } = thresholdRule('{ count: 1, window: 1d, by: [user.username] }')
    const tracker = new ThresholdTracker()
    const obs = (e: AuditEvent) => tracker.observe(rule, rs.activation(e, 'c1'), 'c1')
    expect(obs(event('00:00:00')).crossing?.windowStart).toBe(ms('00:00:00'))
    expect(obs(event('23:59:59'))).toEqual({})
    expect(obs(event('12:00:00', { user: { username: 'bob' } })).crossing?.stateKey).toBe('bob')
    const nextDay = { ...event('00:00:00'), requestReceivedTimestamp: '2026-03-02T00:00:00Z' }
    expect(obs(nextDay).crossing?.windowStart).toBe(Date.parse('2026-03-02T00:00:00Z'))
  })

  it('load() restores members, so the crossing comes at the right moment after a restart', () => {
    const { rs, rule } = thresholdRule('{ count: 3, window: 5m, by: [user.username] }')
    const before = new ThresholdTracker()
    const rows: ThresholdStateRow[] = []
    for (const id of ['a', 'b']) {
      const r = before.observe(rule, rs.activation(event('10:01:00', { auditID: id }), 'c1'), 'c1').row
      if (r !== undefined) rows.push(r)
    }
    expect(rows.map((r) => r.member)).toEqual(['a', 'b'])
    const after = new ThresholdTracker()
    after.load(rows)
    expect(after.size).toBe(1)
    expect(after.observe(rule, rs.activation(event('10:02:00', { auditID: 'b' }), 'c1'), 'c1')).toEqual({})
    const crossing = after.observe(rule, rs.activation(event('10:03:00', { auditID: 'c' }), 'c1'), 'c1').crossing
    expect(crossing?.members).toEqual(['a', 'b', 'c'])
  })

  it('after a restart past the crossing, the window does not cross again', () => {
    const { rs, rule } = thresholdRule('{ count: 2, window: 5m, by: [user.username] }')
    const after = new ThresholdTracker()
    after.load([
      { rule_id: 't.burst', rule_version: 1, cluster: 'c1', state_key: 'alice', window_start: ms('10:00:00'), member: 'a' },
      { rule_id: 't.burst', rule_version: 1, cluster: 'c1', state_key: 'alice', window_start: ms('10:00:00'), member: 'b' },
    ])
    expect(after.observe(rule, rs.activation(event('10:03:00', { auditID: 'c' }), 'c1'), 'c1')).toEqual({})
  })

  it('evict() drops windows that started more than the slack before the newest event', () => {
    const { rs, rule } = thresholdRule('{ count: 5, window: 1h, by: [user.username] }')
    const tracker = new ThresholdTracker()
    const obs = (ts: string) => tracker.observe(rule, rs.activation({ ...event('00:00:00'), requestReceivedTimestamp: ts }, 'c1'), 'c1')
    obs('2026-03-01T00:10:00Z')
    obs('2026-03-01T05:10:00Z')
    obs('2026-03-02T03:10:00Z')
    expect(tracker.size).toBe(3)
    tracker.evict()
    expect(tracker.size).toBe(2)
    tracker.evict(3_600_000)
    expect(tracker.size).toBe(1)
    tracker.clear()
    expect(tracker.size).toBe(0)
  })

  it('ignores rules without a threshold', () => {
    const rs = compileRules([{ file: 't.yaml', text: 'rules:\n  - { id: t.plain, title: T, description: D, severity: low, output: o }\n' }])
    const tracker = new ThresholdTracker()
    expect(tracker.observe(rs.rules[0] as CompiledRule, rs.activation(event('10:00:00'), 'c1'), 'c1')).toEqual({})
    expect(tracker.size).toBe(0)
  })
})
