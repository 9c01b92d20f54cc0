import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvent, counter, eventList, INGEST_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

let p: TestPipeline

beforeAll(async () => {
  // Nothing listens on port 9 of the loopback: the Event Hubs namespace "cannot be reached".
  p = await startTestPipeline({ ingest: { host: '127.0.0.1', sources: [{ type: 'aks_event_hubs', name: 'aks-down', cluster: 'aks-down', brokers: ['127.0.0.1:9'], topic: 'aks-audit', ssl: false, connection_timeout_ms: 500 }] } })
})
afterAll(() => p.close())

describe('an AKS source whose Event Hub cannot be reached', () => {
  it('does not stop ingest from starting or serving, and is counted and retried', async () => {
    const url = await p.ingest.listen()
    const res = await fetch(`${url}/v1/audit`, { method: 'POST', headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' }, body: eventList([auditEvent()]) })
    expect(res.status).toBe(200)
    const end = Date.now() + 60_000
    while ((await counter(p.metrics, 'vigil_errors_total', { stage: 'source', error_type: 'connect' })) === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 200))
    expect(await counter(p.metrics, 'vigil_errors_total', { stage: 'source', error_type: 'connect' })).toBeGreaterThan(0)
    expect(p.logs.some((l) => l.includes('cannot join the Event Hub consumer group; retrying'))).toBe(true)
    // Stopping while the source is still retrying must not hang (the test's hook timeout would fail it).
    await p.ingest.stop()
  })
})
