import { describe, expect, it } from 'vitest'
import { candidate } from '../test/fixtures.js'
import { compileInhibitRules, inhibitedBy } from './inhibition.js'
import { editSilence, SilenceInput, silenceState, silencing, type Silence } from './silences.js'

const T0 = Date.parse('2026-12-01T00:00:00Z')
const H = 3_600_000
const input = (over: Partial<SilenceInput> = {}): SilenceInput => ({ matchers: [{ name: 'cluster', op: '=', value: 'prod-eu-1' }], startsAt: new Date(T0).toISOString(), endsAt: new Date(T0 + 2 * H).toISOString(), comment: 'maintenance window', ...over })
const silence = (over: Partial<Silence> = {}): Silence => ({ id: 's1', matchers: input().matchers, startsAt: T0, endsAt: T0 + 2 * H, createdBy: 'token:alice', comment: 'maintenance', createdAt: T0 - H, ...over })

describe('silences', () => {
  it('mutes matching candidates only while active, and stops at endsAt', () => {
    const s = silence()
    expect(silenceState(s, T0 - 1)).toBe('pending')
    expect(silencing([s], candidate(), T0 - 1)).toEqual([])
    expect(silencing([s], candidate(), T0)).toEqual([s])
    expect(silencing([s], candidate({ cluster: 'prod-us-1' }), T0)).toEqual([])
    expect(silencing([s], candidate(), T0 + 2 * H - 1)).toEqual([s])
    expect(silencing([s], candidate(), T0 + 2 * H)).toEqual([])
    expect(silenceState(s, T0 + 2 * H)).toBe('expired')
  })

  it('requires a comment, matchers, and an end after the start within 30 days', () => {
    expect(SilenceInput.safeParse(input({ comment: '  ' })).success).toBe(false)
    expect(SilenceInput.safeParse(input({ matchers: [] })).success).toBe(false)
    expect(SilenceInput.safeParse(input({ endsAt: new Date(T0).toISOString() })).success).toBe(false)
    expect(SilenceInput.safeParse(input({ endsAt: new Date(T0 + 31 * 24 * H).toISOString() })).success).toBe(false)
    expect(SilenceInput.safeParse({ ...input(), createdBy: 'mallory' }).success).toBe(false)
    expect(SilenceInput.safeParse(input()).success).toBe(true)
  })

  it('edits in place when only the end or comment change, else expires and replaces', () => {
    const s = silence()
    const longer = editSilence(s, input({ endsAt: new Date(T0 + 3 * H).toISOString(), comment: 'longer' }), { id: 's2', createdBy: 'token:bob', now: T0 + H })
    expect(longer.expire).toBeUndefined()
    expect(longer.write).toMatchObject({ id: 's1', endsAt: T0 + 3 * H, createdBy: 'token:alice', comment: 'longer' })
    const rematch = editSilence(s, input({ matchers: [{ name: 'cluster', op: '=~', value: 'prod-.*' }] }), { id: 's2', createdBy: 'token:bob', now: T0 + H })
    expect(rematch.expire).toMatchObject({ id: 's1', expiredAt: T0 + H })
    expect(rematch.write).toMatchObject({ id: 's2', createdBy: 'token:bob', replaces: 's1', startsAt: T0 + H })
    expect(silenceState(rematch.expire!, T0 + H)).toBe('expired')
  })
})

describe('inhibition', () => {
  const rules = compileInhibitRules([{ name: 'critical-mutes-lower', source: { severity_at_least: 'critical' }, target: { severity_at_most: 'medium' }, equal: ['cluster', 'rule_id'] }])
  it('mutes a lower finding of the same group in the same cluster only', () => {
    const crit = candidate({ finding_id: 'c1', severity: 'critical' })
    const warn = candidate({ finding_id: 'w1', severity: 'medium' })
    expect(inhibitedBy(rules, [crit], warn)).toBe('critical-mutes-lower')
    expect(inhibitedBy(rules, [crit], { ...warn, cluster: 'prod-us-1' })).toBeUndefined()
    expect(inhibitedBy(rules, [], warn)).toBeUndefined()
    expect(inhibitedBy(rules, [crit], crit)).toBeUndefined()
  })
  it('lets no finding that matches both sides inhibit itself', () => {
    const both = compileInhibitRules([{ name: 'all', source: {}, target: {}, equal: ['cluster'] }])
    const a = candidate({ finding_id: 'a' })
    const b = candidate({ finding_id: 'b' })
    expect(inhibitedBy(both, [a, b], a)).toBeUndefined()
  })
})
