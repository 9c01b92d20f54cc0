import { describe, expect, it } from 'vitest'
import { checkAuditEvent } from './audit-event.js'

function valid(): Record<string, unknown> {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: '6c8f3b1e-1b2a-4c3d-9e8f-0a1b2c3d4e5f',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/ns/pods?limit=500',
    verb: 'list',
    user: { username: 'alice', uid: 'u', groups: ['system:authenticated'], extra: { scopes: ['a'] } },
    impersonatedUser: { username: 'bob' },
    sourceIPs: ['10.0.0.1'],
    userAgent: 'kubectl/v1.31',
    objectRef: { resource: 'pods', namespace: 'ns', name: 'p', uid: 'x', apiGroup: '', apiVersion: 'v1', resourceVersion: '1', subresource: 'log' },
    responseStatus: { code: 200, status: 'Success', reason: '', message: '' },
    requestObject: { anything: [1, 2, 3] },
    responseObject: 'even a string',
    requestReceivedTimestamp: '2026-10-01T10:00:00.123456Z',
    stageTimestamp: '2026-10-01T10:00:00.223456Z',
    annotations: { 'authorization.k8s.io/decision': 'allow' },
  }
}

function minimal(): Record<string, unknown> {
  return {
    auditID: 'a',
    stage: 'RequestReceived',
    requestURI: '/healthz',
    verb: 'get',
    user: {},
    requestReceivedTimestamp: '2026-10-01T10:00:00Z',
    stageTimestamp: '2026-10-01T10:00:00Z',
  }
}

/** The failing paths and messages of a value. */
function issues(value: unknown): [string, string][] {
  const r = checkAuditEvent(value)
  if (r.ok) return []
  return r.issues.map((i) => [i.path.map(String).join('.'), i.message])
}

describe('checkAuditEvent', () => {
  it('returns the very object it was given, unknown fields kept', () => {
    const e = { ...valid(), someFutureField: { x: 1 }, user: { username: 'a', newUserField: true } }
    const r = checkAuditEvent(e)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.event).toBe(e)
    expect(r.event).toHaveProperty('someFutureField', { x: 1 })
    expect(r.event.user).toHaveProperty('newUserField', true)
  })

  it('accepts the smallest valid event', () => {
    expect(checkAuditEvent(minimal())).toEqual({ ok: true, event: minimal() })
  })

  it.each(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'])('accepts stage %s', (stage) => {
    expect(checkAuditEvent({ ...minimal(), stage }).ok).toBe(true)
  })

  it.each(['None', 'Metadata', 'Request', 'RequestResponse'])('accepts level %s', (level) => {
    expect(checkAuditEvent({ ...minimal(), level }).ok).toBe(true)
  })

  it('accepts a v1beta1 event and a null impersonatedUser', () => {
    expect(checkAuditEvent({ ...minimal(), apiVersion: 'audit.k8s.io/v1beta1', impersonatedUser: null }).ok).toBe(true)
  })

  it.each(['auditID', 'stage', 'requestURI', 'verb', 'user', 'requestReceivedTimestamp', 'stageTimestamp'])('fails without %s, at that path', (field) => {
    const e = minimal()
    delete e[field]
    const found = issues(e)
    expect(found).toHaveLength(1)
    expect(found[0]?.[0]).toBe(field)
  })

  it.each([
    ['auditID', 5, 'auditID', 'Invalid input: expected string, received number'],
    ['auditID', '', 'auditID', 'Too small: expected string to have >=1 characters'],
    ['auditID', 'x'.repeat(257), 'auditID', 'Too big: expected string to have <=256 characters'],
    ['stage', 'Done', 'stage', 'Invalid option: expected one of "RequestReceived"|"ResponseStarted"|"ResponseComplete"|"Panic"'],
    ['requestURI', 7, 'requestURI', 'Invalid input: expected string, received number'],
    ['requestURI', 'x'.repeat(65537), 'requestURI', 'Too big: expected string to have <=65536 characters'],
    ['verb', '', 'verb', 'Too small: expected string to have >=1 characters'],
    ['verb', 'x'.repeat(129), 'verb', 'Too big: expected string to have <=128 characters'],
    ['user', 'alice', 'user', 'Invalid input: expected object, received string'],
    ['user', null, 'user', 'Invalid input: expected object, received null'],
    ['user', { username: 1 }, 'user.username', 'Invalid input: expected string, received number'],
    ['user', { groups: 'admins' }, 'user.groups', 'Invalid input: expected array, received string'],
    ['user', { extra: { scopes: 'a' } }, 'user.extra.scopes', 'Invalid input: expected array, received string'],
    ['user', { username: 'x'.repeat(1025) }, 'user.username', 'Too big: expected string to have <=1024 characters'],
    ['impersonatedUser', { groups: [1] }, 'impersonatedUser.groups.0', 'Invalid input: expected string, received number'],
    ['kind', 'EventList', 'kind', 'Invalid input: expected "Event"'],
    ['apiVersion', 1, 'apiVersion', 'Invalid input: expected string, received number'],
    ['level', 'Full', 'level', 'Invalid option: expected one of "None"|"Metadata"|"Request"|"RequestResponse"'],
    ['sourceIPs', '10.0.0.1', 'sourceIPs', 'Invalid input: expected array, received string'],
    ['sourceIPs', [1], 'sourceIPs.0', 'Invalid input: expected string, received number'],
    ['userAgent', false, 'userAgent', 'Invalid input: expected string, received boolean'],
    ['objectRef', { resource: 1 }, 'objectRef.resource', 'Invalid input: expected string, received number'],
    ['objectRef', 'pods', 'objectRef', 'Invalid input: expected object, received string'],
    ['responseStatus', { code: '200' }, 'responseStatus.code', 'Invalid input: expected number, received string'],
    ['responseStatus', { code: 200.5 }, 'responseStatus.code', 'Invalid input: expected int, received number'],
    ['annotations', { a: 1 }, 'annotations.a', 'Invalid input: expected string, received number'],
    ['annotations', ['a'], 'annotations', 'Invalid input: expected record, received array'],
  ])('fails when %s is %j, at %s', (field, value, path, message) => {
    expect(issues({ ...minimal(), [field]: value })).toEqual([[path, message]])
  })

  it('reports every problem, not just the first', () => {
    expect(issues({ ...minimal(), auditID: 1, verb: '', stage: 'x' }).map(([p]) => p)).toEqual(['auditID', 'stage', 'verb'])
  })

  it.each([null, 'event', 42, [minimal()]])('fails for %j at the top level', (value) => {
    const r = checkAuditEvent(value)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.issues.map((i) => i.path)).toEqual([[]])
  })

  describe('timestamps', () => {
    it.each([
      '2026-10-01T10:00:00Z',
      '2026-10-01T10:00:00.1Z',
      '2026-10-01T10:00:00.123456789Z',
      '2026-10-01T12:00:00+02:00',
      '2026-10-01T05:30:00.5-04:30',
      '2028-02-29T00:00:00Z',
    ])('accepts %s', (ts) => {
      expect(issues({ ...minimal(), requestReceivedTimestamp: ts, stageTimestamp: ts })).toEqual([])
    })

    it.each([
      ['a space instead of T', '2026-10-01 10:00:00Z'],
      ['no zone', '2026-10-01T10:00:00'],
      ['a date alone', '2026-10-01'],
      ['ten fraction digits', '2026-10-01T10:00:00.0123456789Z'],
      ['an empty fraction', '2026-10-01T10:00:00.Z'],
      ['a zone without colon', '2026-10-01T10:00:00+0200'],
      ['lower-case t and z', '2026-10-01t10:00:00z'],
      ['a trailing newline', '2026-10-01T10:00:00Z\n'],
    ])('refuses %s as not RFC 3339', (_name, ts) => {
      expect(issues({ ...minimal(), stageTimestamp: ts })).toContainEqual(['stageTimestamp', 'must be an RFC 3339 timestamp'])
    })

    it.each(['2026-13-01T10:00:00Z', '2026-10-32T10:00:00Z', '2026-10-01T10:61:00Z'])('refuses %s as no real date', (ts) => {
      expect(issues({ ...minimal(), requestReceivedTimestamp: ts })).toEqual([['requestReceivedTimestamp', 'must be a real date']])
    })

    it('refuses a timestamp that is not a string', () => {
      expect(issues({ ...minimal(), stageTimestamp: 1790848800 })).toEqual([['stageTimestamp', 'Invalid input: expected string, received number']])
    })

    it('refuses garbage with one message that says what shape is expected', () => {
      expect(issues({ ...minimal(), stageTimestamp: 'now' })).toEqual([['stageTimestamp', 'must be an RFC 3339 timestamp']])
    })

    it.each(['2026-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-01-01T24:00:00Z'])('refuses %s as no real date (no roll-over)', (ts) => {
      expect(issues({ ...minimal(), stageTimestamp: ts })).toEqual([['stageTimestamp', 'must be a real date']])
    })

    it.each(['2024-02-29T23:59:59.999999999Z', '2026-10-01T10:00:00+05:30', '2026-10-01T10:00:00.1-00:00'])('accepts %s', (ts) => {
      expect(issues({ ...minimal(), stageTimestamp: ts })).toEqual([])
    })
  })
})
