import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvent, counter, eventList, INGEST_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

// `vigil start` watches analyzer.indicator_files like the standalone analyzer:
// the embedded pipeline as `vigil start` wires it, with a real file that changes.
const dir = mkdtempSync(join(tmpdir(), 'vigil-indicators-e2e-'))
const file = join(dir, 'tor-exits.txt')
let p: TestPipeline

beforeAll(async () => {
  writeFileSync(file, '# Tor exits\n185.220.101.5\n')
  p = await startTestPipeline({ analyzer: { indicator_files: [{ list: 'tor_exit_addresses', path: file, kind: 'addresses' }] } })
})
afterAll(async () => {
  await p.close()
  rmSync(dir, { recursive: true, force: true })
})

async function requestFrom(ip: string): Promise<boolean> {
  const event = auditEvent({ verb: 'list', user: { username: 'alice@example.com' }, sourceIPs: [ip], objectRef: { resource: 'pods', namespace: 'web', apiVersion: 'v1' }, requestURI: '/api/v1/namespaces/web/pods' })
  const res = await p.ingest.app.inject({ method: 'POST', url: '/v1/audit', headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' }, payload: eventList([event]) })
  expect(res.statusCode).toBe(200)
  const page = await p.store.findings.list({ limit: 100, rule_id: ['sources.indicator-address'] })
  return page.items.some((f) => f.audit_id === event['auditID'])
}

describe('vigil start and indicator files', () => {
  it('loads them at start and reloads them when they change, counting the entries', async () => {
    expect(await requestFrom('185.220.101.5')).toBe(true)
    expect(await requestFrom('185.220.101.6')).toBe(false)
    expect(await counter(p.metrics, 'vigil_indicator_entries', { list: 'tor_exit_addresses' })).toBe(1)

    writeFileSync(file, '185.220.101.0/24\n2a0b:f4c2::/32\n')
    utimesSync(file, new Date(), new Date(Date.now() + 5_000))
    await p.indicators.poll()
    expect(await requestFrom('185.220.101.7')).toBe(true)
    expect(await counter(p.metrics, 'vigil_indicator_entries', { list: 'tor_exit_addresses' })).toBe(2)
    expect(await counter(p.metrics, 'vigil_indicator_reloads_total', { outcome: 'loaded' })).toBe(2)
  })
})
