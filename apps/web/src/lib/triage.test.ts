import { describe, expect, it } from 'vitest'
import { actorName, needsFourEyes, resolveBody, triageActions } from './triage'
import { bulkFilter } from './bulk-triage'
import { EMPTY_FILTERS } from './finding-filters'
import { emptySilence, matcherText, silenceBody } from './silence-form'

const NOW = new Date('2026-11-10T12:00:00Z')

describe('triageActions', () => {
  const pending = { request_id: 'r1', requested_by: 'principal:alice', requested_at: NOW.toISOString(), disposition: 'false_positive' as const }
  it('offers what the state machine allows, and nothing to a role that may not triage', () => {
    expect(triageActions({ state: 'open', pending: null }, 'principal:bob', true)).toMatchObject({ acknowledge: true, resolve: true, reopen: false, decide: false })
    expect(triageActions({ state: 'acknowledged', pending: null }, 'principal:bob', true)).toMatchObject({ acknowledge: false, resolve: true, reopen: true })
    expect(triageActions({ state: 'resolved', pending: null }, 'principal:bob', true)).toMatchObject({ acknowledge: false, resolve: false, reopen: true })
    expect(Object.values(triageActions({ state: 'open', pending: null }, 'principal:bob', false)).some(Boolean)).toBe(false)
  })
  it('lets only someone other than the requester decide a pending request', () => {
    expect(triageActions({ state: 'acknowledged', pending }, 'principal:bob', true)).toMatchObject({ decide: true, waitingOnOthers: false, resolve: false, reopen: false })
    expect(triageActions({ state: 'acknowledged', pending }, 'principal:alice', true)).toMatchObject({ decide: false, waitingOnOthers: true, resolve: false })
  })
})

describe('needsFourEyes', () => {
  it('applies to high and critical false positives and risk acceptances only', () => {
    expect(needsFourEyes('high', 'false_positive')).toBe(true)
    expect(needsFourEyes('critical', 'risk_accepted')).toBe(true)
    expect(needsFourEyes('high', 'true_positive')).toBe(false)
    expect(needsFourEyes('medium', 'false_positive')).toBe(false)
  })
})

describe('resolveBody', () => {
  const draft = { disposition: 'true_positive' as const, reason: ' done ', ticket: '', expires: '' }
  it('needs a reason, a ticket for an approved change and a future expiry for a risk acceptance', () => {
    expect(resolveBody({ ...draft, reason: '  ' }, NOW)).toMatchObject({ field: 'reason' })
    expect(resolveBody({ ...draft, disposition: 'approved_change' }, NOW)).toMatchObject({ field: 'ticket' })
    expect(resolveBody({ ...draft, disposition: 'risk_accepted' }, NOW)).toMatchObject({ field: 'expires' })
    expect(resolveBody({ ...draft, disposition: 'risk_accepted', expires: '2026-11-01' }, NOW)).toMatchObject({ problem: 'The expiry must be in the future.' })
  })
  it('builds the API body, trimmed, with the expiry at the end of the chosen day', () => {
    expect(resolveBody(draft, NOW)).toEqual({ body: { to: 'resolved', disposition: 'true_positive', reason: 'done' } })
    expect(resolveBody({ ...draft, disposition: 'approved_change', ticket: ' CHG-1 ' }, NOW)).toEqual({ body: { to: 'resolved', disposition: 'approved_change', reason: 'done', ticket: 'CHG-1' } })
    const r = resolveBody({ ...draft, disposition: 'risk_accepted', expires: '2026-12-31' }, NOW)
    if (!('body' in r)) throw new Error(r.problem)
    const at = new Date(r.body.expires_at as string)
    expect([at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes()]).toEqual([2026, 11, 31, 23, 59])
  })
  it('reads an actor label as a name', () => {
    expect(actorName('principal:alice')).toBe('alice')
    expect(actorName('oidc-less')).toBe('oidc-less')
  })
})

describe('bulkFilter', () => {
  it('carries the list filter to the bulk API, with `since` as a from time', () => {
    const now = NOW.getTime()
    expect(bulkFilter({ ...EMPTY_FILTERS, severity: ['high'], rule_id: 'rbac.x', cluster: 'a,b', namespace: 'ns', user: 'u', since: '1h' }, now)).toEqual({
      filter: { severity: ['high'], rule_id: 'rbac.x', cluster: ['a', 'b'], namespace: 'ns', user: 'u', from: new Date(now - 3_600_000).toISOString() },
    })
    expect(bulkFilter(EMPTY_FILTERS, now)).toEqual({ filter: {} })
  })
  it('refuses several rule ids, which the bulk API cannot take', () => {
    expect(bulkFilter({ ...EMPTY_FILTERS, rule_id: 'a,b' }, NOW.getTime())).toMatchObject({ problem: expect.stringContaining('one rule id') })
  })
})

describe('silenceBody', () => {
  it('lists every problem: empty values, bad regexes, a window backwards, no comment', () => {
    const d = { ...emptySilence(NOW.getTime()), matchers: [{ name: 'cluster' as const, op: '=' as const, value: '' }, { name: 'rule_id' as const, op: '=~' as const, value: '(' }], endsAt: '2026-11-01T00:00' }
    const r = silenceBody(d)
    if (!('problems' in r)) throw new Error('accepted a bad silence')
    expect(r.problems).toEqual([
      'Matcher 1 (cluster) needs a value.',
      'Matcher 2: "(" is not a valid regular expression.',
      'The silence must end after it starts.',
      'A comment is required: say why, and for how long.',
    ])
    expect(silenceBody({ ...emptySilence(NOW.getTime()), matchers: [] })).toMatchObject({ problems: expect.arrayContaining([expect.stringContaining('at least one matcher')]) })
    expect(silenceBody({ ...emptySilence(NOW.getTime()), matchers: [{ name: 'cluster', op: '=', value: 'x' }], comment: 'c', endsAt: '2027-01-01T00:00' })).toMatchObject({ problems: ['A silence may last at most 30 days.'] })
  })
  it('turns the local window into instants', () => {
    const d = { matchers: [{ name: 'cluster' as const, op: '=' as const, value: 'prod' }], startsAt: '2026-11-10T10:00', endsAt: '2026-11-10T12:30', comment: ' upgrade ' }
    expect(silenceBody(d)).toEqual({ body: { matchers: d.matchers, startsAt: new Date(2026, 10, 10, 10, 0).toISOString(), endsAt: new Date(2026, 10, 10, 12, 30).toISOString(), comment: 'upgrade' } })
    expect(matcherText({ name: 'rule_id', op: '=~', value: 'a"b\\c' })).toBe('rule_id=~"a\\"b\\\\c"')
  })
})
