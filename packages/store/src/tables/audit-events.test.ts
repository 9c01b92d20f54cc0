import { describe, expect, it } from 'vitest'
import type { StampedEvent } from '@vigil/core'
import { auditEventLine, toAuditEventRow, type AuditEventRow } from './audit-events.js'

function stamped(event: Partial<StampedEvent['event']> = {}): StampedEvent {
  const e = {
    auditID: 'a-1',
    stage: 'ResponseComplete' as const,
    requestURI: '/api/v1/namespaces/ns/secrets/db',
    verb: 'get',
    user: { username: 'alice' },
    requestReceivedTimestamp: '2026-10-01T10:00:00.123456Z',
    stageTimestamp: '2026-10-01T12:00:00.223456+02:00',
    ...event,
  }
  return { cluster: 'prod', received_at: '2026-10-01T10:00:01.000Z', event: e, raw: JSON.stringify(e) }
}

describe('toAuditEventRow', () => {
  it('maps every column of a full event', () => {
    const s = stamped({
      level: 'RequestResponse',
      user: { username: 'alice', groups: ['dev', 'system:authenticated'] },
      impersonatedUser: { username: 'bob' },
      sourceIPs: ['10.0.0.1', '10.0.0.2'],
      userAgent: 'kubectl/v1.31',
      objectRef: { resource: 'pods', subresource: 'exec', apiGroup: '', namespace: 'ns', name: 'p' },
      responseStatus: { code: 101 },
      annotations: { 'authorization.k8s.io/decision': 'allow', other: 'x' },
    })
    expect(toAuditEventRow(s)).toEqual({
      cluster: 'prod',
      audit_id: 'a-1',
      stage: 'ResponseComplete',
      level: 'RequestResponse',
      verb: 'get',
      user: 'alice',
      user_groups: ['dev', 'system:authenticated'],
      impersonated_user: 'bob',
      source_ips: ['10.0.0.1', '10.0.0.2'],
      user_agent: 'kubectl/v1.31',
      resource: 'pods',
      subresource: 'exec',
      api_group: '',
      namespace: 'ns',
      name: 'p',
      request_uri: '/api/v1/namespaces/ns/secrets/db',
      response_code: 101,
      decision: 'allow',
      request_received_at: '2026-10-01T10:00:00.123456Z',
      stage_at: '2026-10-01T12:00:00.223456+02:00',
      received_at: '2026-10-01T10:00:01.000Z',
      raw: s.raw,
    } satisfies AuditEventRow)
  })

  it('fills the defaults of a minimal event', () => {
    const row = toAuditEventRow(stamped({ user: {}, impersonatedUser: null }))
    expect(row).toMatchObject({
      level: '',
      user: '',
      user_groups: [],
      impersonated_user: '',
      source_ips: [],
      user_agent: '',
      resource: '',
      subresource: '',
      api_group: '',
      namespace: '',
      name: '',
      response_code: 0,
      decision: '',
    })
  })
})

function row(raw: string): AuditEventRow {
  return { ...toAuditEventRow(stamped()), raw }
}

describe('auditEventLine', () => {
  /** Reads a TabSeparated line back the way ClickHouse does. */
  const unescape = (f: string) => f.replace(/\\(.)/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c))

  it('writes one TabSeparated line with ClickHouse timestamps, in column order', () => {
    const raw = '{"auditID":"a-1","nested":{"k":"v \\"q\\""},"n":1}'
    const fields = auditEventLine(row(raw)).split('\t')
    expect(fields).toEqual([
      'prod', 'a-1', 'ResponseComplete', '', 'get', 'alice', '[]', '', '[]', '', '', '', '', '', '',
      '/api/v1/namespaces/ns/secrets/db', '0', '',
      '2026-10-01 10:00:00.123456', '2026-10-01 10:00:00.223456', '2026-10-01 10:00:01.000',
      raw.replace(/\\/g, '\\\\'),
    ])
    expect(JSON.parse(unescape(fields[21] as string))).toEqual({ auditID: 'a-1', nested: { k: 'v "q"' }, n: 1 })
  })

  it('keeps the redacted event exactly as published', () => {
    const s = stamped({ annotations: { 'vigil.dev/redacted': 'responseObject.data' } })
    const fields = auditEventLine(toAuditEventRow(s)).split('\t')
    expect(unescape(fields[21] as string)).toBe(s.raw)
  })

  it.each(['[1,2]', 'not json', 'tab\there', 'back\\slash', '', 'line\nbreak'])('escapes %j so it reads back unchanged', (raw) => {
    const fields = auditEventLine(row(raw)).split('\t')
    expect(fields).toHaveLength(22)
    expect(unescape(fields[21] as string)).toBe(raw)
  })

  it('writes arrays as quoted array literals, escaped as quoted strings only (as ClickHouse writes them)', () => {
    const line = auditEventLine({ ...row('{}'), user_groups: ["it's", 'a\\b', 'tab\there', 'nl\nx'], source_ips: ['10.0.0.1'] })
    const fields = line.split('\t')
    expect(fields).toHaveLength(22)
    expect(fields[6]).toBe("['it\\'s','a\\\\b','tab\\there','nl\\nx']")
    expect(fields[8]).toBe("['10.0.0.1']")
  })

  it('writes a line with no newline in it', () => {
    expect(auditEventLine({ ...row('{"a":"line\\nbreak"}'), user_agent: 'x\ny' })).not.toContain('\n')
  })

  it('fails on a timestamp that is not one', () => {
    expect(() => auditEventLine({ ...row('{}'), received_at: 'never' })).toThrow(new RangeError('not a timestamp: never'))
  })
})
