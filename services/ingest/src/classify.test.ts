import { describe, expect, it } from 'vitest'
import { classify } from './classify.js'
import { parseSegments, splitTopLevel, type ParsedValue } from './decode-body.js'

function event(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: id,
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods',
    verb: 'list',
    user: { username: 'alice', groups: ['system:authenticated'] },
    sourceIPs: ['10.0.0.1'],
    objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: '2026-10-01T10:00:00.123456Z',
    stageTimestamp: '2026-10-01T10:00:00.223456Z',
    ...overrides,
  }
}

function without(o: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  const copy = { ...o }
  for (const k of keys) delete copy[k]
  return copy
}

const pv = (value: unknown, line = 1): ParsedValue => ({ value, line, text: JSON.stringify(value) })

function parse(body: string): ParsedValue[] {
  const buf = Buffer.from(body)
  return parseSegments(buf, splitTopLevel(buf, 100))
}

describe('classify', () => {
  it('takes the items of an EventList, returning the very objects it was given', () => {
    const a = event('a')
    const b = event('b')
    const out = classify([pv({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: [a, b] })])
    expect(out.events).toHaveLength(2)
    expect(out.events[0]).toBe(a)
    expect(out.events[1]).toBe(b)
    expect(out.rejected).toEqual([])
    expect(out.candidates).toBe(3)
  })

  it('accepts EventList items without kind and apiVersion, as the apiserver sends them', () => {
    const item = without(event('a'), 'kind', 'apiVersion')
    const out = classify([pv({ kind: 'EventList', items: [item] })])
    expect(out.events).toEqual([item])
    expect(out.rejected).toEqual([])
  })

  it('treats an object with an items array and no kind as an EventList', () => {
    const out = classify([pv({ items: [event('a'), event('b')] })])
    expect(out.events.map((e) => e.auditID)).toEqual(['a', 'b'])
    expect(out.candidates).toBe(3)
  })

  it('counts an empty EventList as a candidate with no events', () => {
    expect(classify([pv({ kind: 'EventList', items: [] })])).toEqual({ events: [], texts: [], rejected: [], candidates: 1 })
  })

  it('rejects an EventList without an items array as not_audit_event', () => {
    const v = { kind: 'EventList', items: 'nope' }
    expect(classify([pv(v)])).toEqual({
      events: [],
      texts: [],
      rejected: [{ reason: 'not_audit_event', detail: 'EventList without an items array', value: v }],
      candidates: 0,
    })
    expect(classify([pv({ kind: 'EventList' })]).rejected[0]?.detail).toBe('EventList without an items array')
  })

  it('accepts a single Event, with or without kind', () => {
    const withKind = event('a')
    const noKind = without(event('b'), 'kind', 'apiVersion')
    const out = classify([pv(withKind), pv(noKind, 2)])
    expect(out.events).toEqual([withKind, noKind])
    expect(out.candidates).toBe(2)
  })

  it('accepts audit.k8s.io/v1beta1 events and lists', () => {
    const e = event('a', { apiVersion: 'audit.k8s.io/v1beta1' })
    const out = classify([pv({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1beta1', items: [e] })])
    expect(out.events).toEqual([e])
  })

  it('keeps unknown fields of an event', () => {
    const e = event('a', { annotations: { 'authorization.k8s.io/decision': 'allow' }, somethingNew: { x: 1 } })
    expect(classify([pv(e)]).events[0]).toHaveProperty('somethingNew', { x: 1 })
  })

  it('takes the elements of a top-level array of events', () => {
    const out = classify([pv([event('a'), event('b'), event('c')])])
    expect(out.events.map((e) => e.auditID)).toEqual(['a', 'b', 'c'])
    expect(out.candidates).toBe(3)
  })

  it('takes the items of every EventList in a top-level array', () => {
    const out = classify([pv([{ kind: 'EventList', items: [event('a')] }, { kind: 'EventList', items: [event('b'), event('c')] }, event('d')])])
    expect(out.events.map((e) => e.auditID)).toEqual(['a', 'b', 'c', 'd'])
    expect(out.candidates).toBe(6)
  })

  it('does not descend into an array nested in a top-level array', () => {
    const inner = [event('a')]
    const out = classify([pv([inner, event('b')])])
    expect(out.events.map((e) => e.auditID)).toEqual(['b'])
    expect(out.rejected).toEqual([{ reason: 'not_audit_event', detail: 'a nested array is not an audit Event or EventList', value: inner }])
  })

  it('counts an empty top-level array as nothing at all', () => {
    expect(classify([pv([])])).toEqual({ events: [], texts: [], rejected: [], candidates: 0 })
  })

  it.each([
    [{ kind: 0 }, 'kind 0 is neither Event nor EventList'],
    [{ kind: 'Pod', apiVersion: 'v1' }, 'kind "Pod" is neither Event nor EventList'],
    [{ kind: null }, 'kind null is neither Event nor EventList'],
    [{ kind: 'Secret', data: {} }, 'kind "Secret" is neither Event nor EventList'],
    [{ kind: 'SecretList', items: [] }, 'kind "SecretList" is neither Event nor EventList'],
    [42, 'a number is not an audit Event or EventList'],
    ['hello', 'a string is not an audit Event or EventList'],
    [true, 'a boolean is not an audit Event or EventList'],
    [null, 'a null is not an audit Event or EventList'],
  ])('rejects %j as not_audit_event', (value, detail) => {
    expect(classify([pv(value)])).toEqual({ events: [], texts: [], rejected: [{ reason: 'not_audit_event', detail, value }], candidates: 0 })
  })

  it('rejects non-object EventList items as invalid_event, each counted as a candidate', () => {
    const out = classify([pv({ kind: 'EventList', items: [1, null, [], 'x', event('ok')] })])
    expect(out.events.map((e) => e.auditID)).toEqual(['ok'])
    expect(out.rejected).toEqual([
      { reason: 'invalid_event', detail: 'an event must be an object, got number', value: 1 },
      { reason: 'invalid_event', detail: 'an event must be an object, got null', value: null },
      { reason: 'invalid_event', detail: 'an event must be an object, got an array', value: [] },
      { reason: 'invalid_event', detail: 'an event must be an object, got string', value: 'x' },
    ])
    expect(out.candidates).toBe(6)
  })

  it.each([
    ['auditID', 'auditID: Invalid input: expected string, received undefined'],
    ['stage', 'stage: Invalid option: expected one of "RequestReceived"|"ResponseStarted"|"ResponseComplete"|"Panic"'],
    ['requestURI', 'requestURI: Invalid input: expected string, received undefined'],
    ['verb', 'verb: Invalid input: expected string, received undefined'],
    ['user', 'user: Invalid input: expected object, received undefined'],
    ['requestReceivedTimestamp', 'requestReceivedTimestamp: Invalid input: expected string, received undefined'],
    ['stageTimestamp', 'stageTimestamp: Invalid input: expected string, received undefined'],
  ])('rejects an event without %s as invalid_event naming the field', (field, detail) => {
    const bad = without(event('x'), field)
    const out = classify([pv({ kind: 'EventList', items: [event('ok'), bad] })])
    expect(out.events.map((e) => e.auditID)).toEqual(['ok'])
    expect(out.rejected).toEqual([{ reason: 'invalid_event', detail, value: bad }])
    expect(out.candidates).toBe(3)
  })

  it('names nested paths with dots', () => {
    const bad = event('x', { user: { username: 7 }, objectRef: { resource: ['pods'] } })
    expect(classify([pv(bad)]).rejected[0]?.detail).toBe(
      'user.username: Invalid input: expected string, received number; objectRef.resource: Invalid input: expected string, received array',
    )
  })

  it('names the event itself when the whole object is wrong', () => {
    const bad = { kind: 'Event' }
    const detail = classify([pv(bad)]).rejected[0]?.detail ?? ''
    expect(detail.split('; ').map((d) => d.split(':')[0])).toEqual(['auditID', 'stage', 'requestURI', 'verb', 'user'])
  })

  it('summarises at most five issues', () => {
    const detail = classify([pv({})]).rejected[0]?.detail ?? ''
    expect(detail.split('; ')).toHaveLength(5)
  })

  it('rejects a bad timestamp, saying which field and why', () => {
    const bad = event('x', { stageTimestamp: 'yesterday' })
    expect(classify([pv(bad)]).rejected).toEqual([{ reason: 'invalid_event', detail: 'stageTimestamp: must be an RFC 3339 timestamp', value: bad }])
  })

  it('rejects an object with kind Event and missing fields as invalid_event, not as not_audit_event', () => {
    const out = classify([pv({ kind: 'Event', auditID: 'x' })])
    expect(out.rejected[0]?.reason).toBe('invalid_event')
    expect(out.candidates).toBe(1)
  })

  it('reports an unparsable segment as invalid_json with its line and text', () => {
    const out = classify(parse('{"kind":"EventList","items":[]}\n{"broken":\n'))
    expect(out.candidates).toBe(1)
    expect(out.rejected).toHaveLength(1)
    const [r] = out.rejected
    expect(r?.reason).toBe('invalid_json')
    expect(r?.detail).toMatch(/^line 2: /)
    expect(r?.value).toBeUndefined()
    expect(r?.text).toBe('{"broken":')
  })

  it('reads the lines after a broken line of a JSON-lines body', () => {
    const out = classify(parse(`${JSON.stringify(event('a'))}\n{"auditID": "trunc\n${JSON.stringify(event('b'))}\n${JSON.stringify(event('c'))}\n`))
    expect(out.events.map((e) => e.auditID)).toEqual(['a', 'b', 'c'])
    expect(out.rejected.map((r) => [r.reason, r.detail.split(':')[0]])).toEqual([['invalid_json', 'line 2']])
  })

  it('sorts a JSON-lines body of mixed values in order', () => {
    const body = [JSON.stringify(event('a')), 'garbage', JSON.stringify({ kind: 'Pod' }), JSON.stringify(event('b', { verb: '' })), JSON.stringify(event('c'))].join('\n')
    const out = classify(parse(body))
    expect(out.events.map((e) => e.auditID)).toEqual(['a', 'c'])
    expect(out.rejected.map((r) => [r.reason, r.detail.split(':')[0]])).toEqual([
      ['invalid_json', 'line 2'],
      ['not_audit_event', 'kind "Pod" is neither Event nor EventList'],
      ['invalid_event', 'verb'],
    ])
    expect(out.candidates).toBe(3)
  })

  it('returns nothing for no values', () => {
    expect(classify([])).toEqual({ events: [], texts: [], rejected: [], candidates: 0 })
  })
})
