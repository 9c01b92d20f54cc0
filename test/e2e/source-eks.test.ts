import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cwlDataMessage, firehoseRecord, firehoseRequest } from '../support/cloud-clients.js'
import { MANAGED_DIR } from '../support/fixtures.js'
import { ADMIN_TOKEN, counter, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

const KEY = 'eks-firehose-access-key-0123456789'
/** The shipped rule the fixture event (a kubectl exec into a pod) fires. */
const EXEC_RULE = 'workload.exec-attach'
let p: TestPipeline
let url: string

beforeAll(async () => {
  p = await startTestPipeline({ ingest: { host: '127.0.0.1', sources: [{ type: 'eks_firehose', name: 'eks-prod', cluster: 'eks-prod', access_key: { value: KEY } }] } })
  url = `${await p.ingest.listen()}/v1/sources/firehose`
})
afterAll(() => p.close())

const fixtureBody = JSON.parse(readFileSync(`${MANAGED_DIR}/eks/firehose-request-body.constructed.json`, 'utf8')) as { records: { data: string }[] }

describe('EKS contract: a Firehose HTTP endpoint client over real HTTP into the embedded pipeline', () => {
  it('turns the fixture records into stored events and findings, and deduplicates a retry with the same request id', async () => {
    const req = firehoseRequest(fixtureBody.records, KEY)
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body })
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ requestId: req.requestId, timestamp: expect.any(Number) })
    }
    const findings = await p.api.app.inject({ method: 'GET', url: '/v1/findings?cluster=eks-prod&limit=100', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    const items = findings.json().items as { rule_id: string; audit_id: string; cluster: string }[]
    expect(items.length).toBeGreaterThan(0)
    expect(new Set(items.map((f) => f.audit_id))).toEqual(new Set(['ca1ed9f4-7bf4-4c85-81a8-1b11253d1ba6']))
    expect(items.map((f) => f.rule_id)).toContain(EXEC_RULE)
    const events = await p.api.app.inject({ method: 'GET', url: '/v1/events?cluster=eks-prod&limit=100', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    expect(events.json().items).toHaveLength(1)
    expect(await counter(p.metrics, 'vigil_source_events_total', { source: 'eks-prod', outcome: 'redelivered' })).toBe(2)
  })

  it('deduplicates the same events redelivered under a new request id', async () => {
    const message = JSON.parse(readFileSync(`${MANAGED_DIR}/eks/cwl-data-message-audit.constructed.json`, 'utf8')) as { logEvents: { message: string }[] }
    const ev = JSON.parse(message.logEvents[0]!.message) as Record<string, unknown>
    const records = [firehoseRecord(cwlDataMessage([{ ...ev, auditID: 'redelivered-1' }]))]
    for (let i = 0; i < 3; i++) {
      const req = firehoseRequest(records, KEY)
      expect((await fetch(url, { method: 'POST', headers: req.headers, body: req.body })).status).toBe(200)
    }
    const events = await p.api.app.inject({ method: 'GET', url: '/v1/events?cluster=eks-prod&limit=100', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    expect((events.json().items as { audit_id: string }[]).filter((e) => e.audit_id === 'redelivered-1')).toHaveLength(1)
  })
})
