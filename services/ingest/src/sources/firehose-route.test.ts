import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { AppError } from '@vigil/core'
import { cwlDataMessage, firehoseRecord, firehoseRequest } from '../../../../test/support/cloud-clients.js'
import { MANAGED_DIR } from '../../../../test/support/fixtures.js'
import { SharedSecrets } from './access-keys.js'
import { counter, published, sourceApp } from '../../test/source-app.js'

const KEY = 'firehose-access-key-0123456789'
const exchange = JSON.parse(readFileSync(`${MANAGED_DIR}/eks/firehose-http-exchange.constructed.json`, 'utf8')) as { headers: Record<string, string> }
const fixtureBody = readFileSync(`${MANAGED_DIR}/eks/firehose-request-body.constructed.json`, 'utf8')
const control = JSON.parse(readFileSync(`${MANAGED_DIR}/eks/otel-cwlog-only_control.json`, 'utf8')) as unknown
const execEvent = JSON.parse((JSON.parse(readFileSync(`${MANAGED_DIR}/eks/cwl-data-message-audit.constructed.json`, 'utf8')) as { logEvents: { message: string }[] }).logEvents[0]!.message) as Record<string, unknown>

function setup() {
  return sourceApp({
    firehose: new SharedSecrets([
      { secret: KEY, value: { name: 'eks-prod', cluster: 'eks-prod', maxRecordBytes: 64 * 1024 } },
      { secret: 'test-access-key', value: { name: 'eks-fixture', cluster: 'example-cluster', maxRecordBytes: 64 * 1024 } },
    ]),
    pubsub: new Map(),
  })
}

const event = (auditID: string, stage = 'ResponseComplete') => ({ ...execEvent, auditID, stage })
const post = (app: ReturnType<typeof setup>['app'], req: { headers: Record<string, string>; body: string | Buffer }) => app.inject({ method: 'POST', url: '/v1/sources/firehose', headers: req.headers, payload: req.body })

describe('POST /v1/sources/firehose', () => {
  it('takes the fixture request with its exact headers: the CONTROL record is dropped, the DATA record yields its Event', async () => {
    const { app, producer, metrics } = setup()
    const res = await post(app, { headers: Object.fromEntries(Object.entries(exchange.headers).map(([k, v]) => [k.toLowerCase(), v])), body: fixtureBody })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    const body = res.json<{ requestId: string; timestamp: number }>()
    expect(Object.keys(body).sort()).toEqual(['requestId', 'timestamp'])
    expect(body.requestId).toBe('ed4acda5-034f-9f42-bba1-f29aea6d7d8f')
    expect(Math.abs(body.timestamp - Date.now())).toBeLessThan(60_000)
    const out = published(producer)
    expect(out.audit.map((e) => e['auditID'])).toEqual(['ca1ed9f4-7bf4-4c85-81a8-1b11253d1ba6'])
    expect(out.clusters).toEqual(['example-cluster'])
    expect(out.deadletters).toEqual([])
    expect(await counter(metrics, 'vigil_source_events_total', { source: 'eks-fixture', outcome: 'accepted' })).toBe(1)
  })

  it('answers a CONTROL_MESSAGE-only request with 200 and publishes nothing', async () => {
    const { app, producer } = setup()
    const res = await post(app, firehoseRequest([firehoseRecord(control)], KEY))
    expect(res.statusCode).toBe(200)
    expect(producer.calls).toEqual([])
  })

  it('takes many records of many events, a whole-body gzip and records Firehose already decompressed', async () => {
    const { app, producer } = setup()
    const req = firehoseRequest([firehoseRecord(cwlDataMessage([event('a'), event('b')])), firehoseRecord(cwlDataMessage([event('c')]), { gzip: false }), { data: '' }], KEY)
    const res = await post(app, { headers: { ...req.headers, 'content-encoding': 'gzip' }, body: gzipSync(req.body) })
    expect(res.statusCode).toBe(200)
    expect(published(producer).audit.map((e) => e['auditID']).sort()).toEqual(['a', 'b', 'c'])
    expect(published(producer).clusters).toEqual(['eks-prod'])
  })

  it.each([
    ['a wrong access key', { 'x-amz-firehose-access-key': 'not-the-key-0123456789' }],
    ['no access key', { 'x-amz-firehose-access-key': undefined }],
  ])('answers 401 to %s, in Firehose error format, and counts and logs it', async (_name, change) => {
    const { app, producer, metrics, logs } = setup()
    const req = firehoseRequest([firehoseRecord(cwlDataMessage([event('x')]))], KEY)
    const headers = Object.fromEntries(Object.entries({ ...req.headers, ...change }).filter(([, v]) => v !== undefined)) as Record<string, string>
    const res = await post(app, { headers, body: req.body })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ requestId: req.requestId, timestamp: expect.any(Number), errorMessage: expect.stringContaining('unauthorized'), error: { code: 'unauthorized' } })
    expect(producer.calls).toEqual([])
    expect(await counter(metrics, 'vigil_requests_rejected_total', { code: 'unauthorized' })).toBe(1)
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'firehose request refused', code: 'unauthorized', request_id: req.requestId }))
  })

  it.each([
    ['a body requestId that differs from the header', (r: ReturnType<typeof firehoseRequest>) => ({ ...r, body: r.body.replace(r.requestId, 'other-id') }), 'invalid_envelope'],
    ['no request id header', (r: ReturnType<typeof firehoseRequest>) => ({ ...r, headers: { ...r.headers, 'x-amz-firehose-request-id': '' } }), 'invalid_envelope'],
    ['a body that is not JSON', (r: ReturnType<typeof firehoseRequest>) => ({ ...r, body: '{"requestId":' }), 'invalid_json'],
    ['a body of the wrong envelope type (a webhook EventList)', (r: ReturnType<typeof firehoseRequest>) => ({ ...r, body: JSON.stringify({ kind: 'EventList', items: [] }) }), 'invalid_envelope'],
    ['records that are not objects with data', (r: ReturnType<typeof firehoseRequest>) => ({ ...r, body: JSON.stringify({ requestId: r.requestId, timestamp: 1, records: [42] }) }), 'invalid_envelope'],
    ['a Content-Encoding: gzip body that is not gzip', (r: ReturnType<typeof firehoseRequest>) => ({ ...r, headers: { ...r.headers, 'content-encoding': 'gzip' } }), 'invalid_gzip'],
  ])('answers 400 to %s and publishes nothing', async (_name, mutate, code) => {
    const { app, producer } = setup()
    const req = mutate(firehoseRequest([firehoseRecord(cwlDataMessage([event('x')]))], KEY))
    const res = await post(app, req)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: { code }, errorMessage: expect.any(String), timestamp: expect.any(Number) })
    expect(producer.calls).toEqual([])
  })

  it('dead-letters poison records (bad base64, bad gzip, not JSON, oversized, truncated) and still acknowledges the good ones', async () => {
    const { app, producer, metrics, logs } = setup()
    const bomb = { data: gzipSync(Buffer.alloc(200 * 1024, 'a')).toString('base64') }
    const truncated = JSON.stringify(event('cut')).slice(0, 300) + '[Truncated...]'
    const req = firehoseRequest(
      [
        firehoseRecord(cwlDataMessage([event('good')])),
        { data: 'not base64!' },
        { data: Buffer.from([0x1f, 0x8b, 1, 2, 3]).toString('base64') },
        { data: Buffer.from('plain text').toString('base64') },
        bomb,
        firehoseRecord(cwlDataMessage([truncated, 'not json'])),
        firehoseRecord({ messageType: 'SOMETHING_ELSE' }),
      ],
      KEY,
    )
    const res = await post(app, req)
    expect(res.statusCode).toBe(200)
    const out = published(producer)
    expect(out.audit.map((e) => e['auditID'])).toEqual(['good'])
    const reasons = out.deadletters.map((d) => d['reason'])
    expect(reasons.sort()).toEqual(['invalid_json', 'invalid_record', 'invalid_record', 'invalid_record', 'invalid_record', 'invalid_record', 'truncated_event'])
    expect(out.deadletters.find((d) => d['reason'] === 'truncated_event')?.['detail']).toContain('auditID cut')
    expect(out.deadletters.some((d) => String(d['detail']).includes('inflates beyond'))).toBe(true)
    expect(await counter(metrics, 'vigil_source_events_total', { source: 'eks-prod', outcome: 'rejected' })).toBe(7)
    expect(await counter(metrics, 'vigil_dead_letters_total', { reason: 'truncated_event' })).toBe(1)
    expect(logs.filter((l) => l['msg'] === 'firehose record dead-lettered')).toHaveLength(7)
  })

  it('answers 503 when the log cannot take the batch, so Firehose retries; the retry is taken once, a third delivery is not re-published', async () => {
    const { app, producer, metrics } = setup()
    const req = firehoseRequest([firehoseRecord(cwlDataMessage([event('r1'), event('r2')]))], KEY)
    producer.behave = async () => {
      throw new AppError('unavailable', 'kafka is down', { retryAfterSeconds: 5 })
    }
    const failed = await post(app, req)
    expect(failed.statusCode).toBe(503)
    expect(failed.json()).toMatchObject({ requestId: req.requestId, errorMessage: expect.stringContaining('kafka is down') })
    producer.behave = async () => {}
    const retried = await post(app, req)
    expect(retried.statusCode).toBe(200)
    const again = await post(app, req)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ requestId: req.requestId, timestamp: expect.any(Number) })
    expect(producer.calls).toHaveLength(2)
    expect(published(producer).audit.map((e) => e['auditID'])).toEqual(['r1', 'r2', 'r1', 'r2'])
    expect(await counter(metrics, 'vigil_source_events_total', { source: 'eks-prod', outcome: 'accepted' })).toBe(2)
    expect(await counter(metrics, 'vigil_source_events_total', { source: 'eks-prod', outcome: 'redelivered' })).toBe(1)
  })

  it('deduplicates redelivered events that arrive under a new request id (cluster, auditID, stage)', async () => {
    const { app, producer, metrics } = setup()
    const records = [firehoseRecord(cwlDataMessage([event('d1'), event('d1', 'ResponseStarted'), event('d2')]))]
    expect((await post(app, firehoseRequest(records, KEY))).statusCode).toBe(200)
    expect((await post(app, firehoseRequest(records, KEY))).statusCode).toBe(200)
    expect(published(producer).audit).toHaveLength(3)
    expect(await counter(metrics, 'vigil_source_events_total', { source: 'eks-prod', outcome: 'redelivered' })).toBe(3)
  })

  it.each([
    ['a body over the limit', { 'content-type': 'application/json' }, 'x'.repeat(5 * 1024 * 1024), 413, 'body_too_large'],
    ['a Content-Type Firehose never sends', { 'content-type': 'text/plain' }, '{}', 415, 'unsupported_media_type'],
  ])('answers %s in Firehose error format too', async (_name, headers, body, status, code) => {
    const { app, producer } = setup()
    const req = firehoseRequest([], KEY)
    const res = await post(app, { headers: { ...req.headers, ...headers }, body })
    expect(res.statusCode).toBe(status)
    expect(res.json()).toMatchObject({ requestId: req.requestId, errorMessage: expect.stringContaining(code), error: { code } })
    expect(producer.calls).toEqual([])
  })
})
