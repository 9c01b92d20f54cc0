import { describe, expect, it } from 'vitest'
import { candidate, candidates } from '../test/fixtures.js'
import { AlertingConfig } from './config.js'
import { Grouper } from './grouping.js'
import { pagerDutyDedupKey } from './notification.js'
import { compileRoutes, groupKeyOf } from './router.js'

const S = 1000
const M = 60 * S
const [route] = compileRoutes(AlertingConfig.parse({
  external_url: 'https://v.example.com', sinks: [],
  routes: [{ name: 'u', when: {}, sinks: [], group_wait: '30s', group_interval: '5m', repeat_interval: '1h' }],
}))
const r = route!

function setup() {
  const g = new Grouper([r])
  const add = (c: ReturnType<typeof candidate>, now: number) => g.add(r, groupKeyOf(r, c), c, now)
  const kinds = (now: number) => g.due(now).flushes.map((f) => `${f.kind}:${f.findings.length}/${f.fresh.length}`)
  return { g, add, kinds }
}

describe('Grouper', () => {
  it('waits group_wait, gathering the group into one trigger', () => {
    const { add, kinds } = setup()
    const [a, b, c] = candidates(3)
    add(a!, 0)
    add(b!, 10 * S)
    expect(kinds(29 * S)).toEqual([])
    add(c!, 29 * S)
    expect(kinds(30 * S)).toEqual(['trigger:3/3'])
    expect(kinds(31 * S)).toEqual([])
  })

  it('sends changes no sooner than group_interval after the last send, then repeats after repeat_interval', () => {
    const { g, add, kinds } = setup()
    const [a, b] = candidates(2)
    add(a!, 0)
    expect(kinds(30 * S)).toEqual(['trigger:1/1'])
    add(b!, 31 * S)
    expect(g.nextDueAt()).toBe(30 * S + 5 * M)
    expect(kinds(30 * S + 5 * M - 1)).toEqual([])
    expect(kinds(30 * S + 5 * M)).toEqual(['update:2/1'])
    expect(kinds(30 * S + 5 * M + 60 * M - 1)).toEqual([])
    expect(kinds(30 * S + 5 * M + 60 * M)).toEqual(['repeat:2/0'])
  })

  it('ignores a redelivered finding', () => {
    const { add, kinds } = setup()
    const c = candidate()
    expect(add(c, 0)).toBe(true)
    expect(add({ ...c }, 1)).toBe(false)
    expect(kinds(30 * S)).toEqual(['trigger:1/1'])
  })

  it('sends nothing for a group resolved before group_wait', () => {
    const { g, add, kinds } = setup()
    const c = candidate()
    add(c, 0)
    expect(g.resolve(groupKeyOf(r, c), 10 * S, 'false positive')).toBe(true)
    expect(kinds(60 * S)).toEqual([])
    expect(g.groups()).toEqual([])
  })

  it('resolves a notified group, and opens a new episode with a new dedup_key for the next finding', () => {
    const { g, add } = setup()
    const [a, b] = candidates(2)
    const key = groupKeyOf(r, a!)
    add(a!, 0)
    const first = g.due(30 * S).flushes[0]!
    g.resolve(key, M, 'resolved in triage')
    const resolve = g.due(M).flushes[0]!
    expect(resolve).toMatchObject({ kind: 'resolve', episode: 1, resolvedReason: 'resolved in triage' })
    add(b!, 2 * M)
    const next = g.due(2 * M + 30 * S).flushes[0]!
    expect(next).toMatchObject({ kind: 'trigger', episode: 2, seq: 1 })
    expect(pagerDutyDedupKey(next.route, next.groupKey, next.episode)).not.toBe(pagerDutyDedupKey(first.route, first.groupKey, first.episode))
    expect(pagerDutyDedupKey(resolve.route, resolve.groupKey, resolve.episode)).toBe(pagerDutyDedupKey(first.route, first.groupKey, first.episode))
  })

  it('holds back muted findings, reports them as suppressed, and triggers once the mute ends', () => {
    const { g, add } = setup()
    const c = candidate()
    add(c, 0)
    let mutedNow = true
    const muted = () => (mutedNow ? 'silenced' : undefined)
    const d1 = g.due(30 * S, muted)
    expect(d1.flushes).toEqual([])
    expect(d1.suppressed).toEqual([{ groupKey: groupKeyOf(r, c), reason: 'silenced', findings: 1 }])
    mutedNow = false
    expect(g.due(30 * S + 5 * M, muted).flushes.map((f) => f.kind)).toEqual(['trigger'])
  })

  it('restores from stored state', () => {
    const { g, add } = setup()
    add(candidate(), 0)
    const copy = new Grouper([r], structuredClone(g.groups()))
    expect(copy.due(30 * S).flushes.map((f) => f.kind)).toEqual(['trigger'])
  })
})
