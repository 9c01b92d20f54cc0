import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MANAGED_DIR } from '../../../../test/support/fixtures.js'
import { decodeAksEventBody, decodeAksRecord, type AksDecoded } from './aks.js'

const BOTH = new Set(['kube-audit', 'kube-audit-admin'])
const body = readFileSync(`${MANAGED_DIR}/aks/eventhub-body.constructed.json`, 'utf8')
const panther = JSON.parse(readFileSync(`${MANAGED_DIR}/aks/panther-k8s_exec_into_pod-aks-test.json`, 'utf8')) as Record<string, unknown>
const fresh = (): AksDecoded => ({ events: [], rejected: [], skipped: 0, latestTimeMs: undefined })
const record = (category: string, log: unknown) => ({ category, properties: { log }, time: '2026-12-07T10:00:00.1234567Z' })

describe('decodeAksEventBody', () => {
  it('takes the kube-audit record of the fixture and skips the klog record', () => {
    const out = decodeAksEventBody(body, BOTH)
    expect(out.events.map((e) => (e.value as { auditID: string }).auditID)).toEqual(['ca1ed9f4-7bf4-4c85-81a8-1b11253d1ba6'])
    expect(out.events[0]?.text).not.toMatch(/\n$/)
    expect(out.skipped).toBe(1)
    expect(out.rejected).toEqual([])
  })

  it('reads the Panther AKS record (masterclient exec)', () => {
    const out = fresh()
    decodeAksRecord(panther, BOTH, out)
    expect(out.events[0]?.value).toMatchObject({ user: { username: 'masterclient' }, objectRef: { subresource: 'exec' } })
  })

  it('takes only the configured categories', () => {
    const doc = JSON.stringify({ records: [record('kube-audit', '{"auditID":"a"}'), record('kube-audit-admin', '{"auditID":"b"}')] })
    expect(decodeAksEventBody(doc, new Set(['kube-audit-admin'])).events.map((e) => (e.value as { auditID: string }).auditID)).toEqual(['b'])
  })

  it.each([
    ['a body that is not JSON', 'nope', 'invalid_record'],
    ['a body with a byte order mark', `\uFEFF${body}`, 'invalid_record'],
    ['a body without records', '{"value":[]}', 'invalid_record'],
    ['an audit record with an empty log', JSON.stringify({ records: [record('kube-audit', '')] }), 'invalid_record'],
    ['an audit record whose log is not JSON', JSON.stringify({ records: [record('kube-audit', 'I1207 klog line')] }), 'invalid_json'],
  ])('rejects %s without throwing', (_name, text, reason) => {
    const out = decodeAksEventBody(text, BOTH)
    expect(out.events).toEqual([])
    expect(out.rejected.map((r) => r.reason)).toEqual([reason])
  })

  it('tracks the latest record time for the lag metric', () => {
    const out = decodeAksEventBody(JSON.stringify({ records: [record('kube-audit', '{}')] }), BOTH)
    expect(out.latestTimeMs).toBe(Date.parse('2026-12-07T10:00:00.123Z'))
  })
})
