import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, auditEvent, counter, eventList, INGEST_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

let p: TestPipeline

beforeAll(async () => {
  p = await startTestPipeline()
})
afterAll(async () => {
  await p.close()
})

function post(body: string | Buffer, headers: Record<string, string> = {}) {
  return p.ingest.app.inject({
    method: 'POST',
    url: '/v1/audit?timeout=30s',
    headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json', ...headers },
    payload: body,
  })
}

async function storedCount(where = '1'): Promise<number> {
  const rs = await p.sql.query({ query: `SELECT count() AS n FROM audit_events_v1 FINAL WHERE ${where}`, format: 'JSONEachRow' })
  return Number((await rs.json<{ n: string }>())[0]?.n)
}

async function rejected(code: string): Promise<number> {
  return counter(p.metrics, 'vigil_requests_rejected_total', { service: 'ingest', code })
}

describe('the bad-input matrix', () => {
  it.each([
    ['not JSON', 'this is not json {', {}, 400, 'invalid_json'],
    ['truncated JSON', eventList([auditEvent()]).slice(0, 50), {}, 400, 'invalid_json'],
    ['a wrong content type', eventList([auditEvent()]), { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
    ['an empty body', '', {}, 400, 'empty_body'],
    ['a whitespace body', '  \n ', {}, 400, 'empty_body'],
    ['deeply nested JSON', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, {}, 400, 'too_deep'],
    ['a JSON value that is not an event', '{"kind": 0}', {}, 400, 'not_audit_events'],
    ['a bare number', '42', {}, 400, 'not_audit_events'],
    ['an unknown encoding', eventList([auditEvent()]), { 'content-encoding': 'br' }, 415, 'unsupported_encoding'],
    ['a body that claims gzip but is not', eventList([auditEvent()]), { 'content-encoding': 'gzip' }, 400, 'invalid_gzip'],
  ])('%s gets %i %s, and is counted', async (_name, body, headers, status, code) => {
    const before = await rejected(code)
    const res = await post(body, headers)
    expect(res.statusCode).toBe(status)
    expect(res.json()).toEqual({ error: { code, message: expect.any(String) } })
    expect(await rejected(code)).toBe(before + 1)
  })

  it('a 70 MiB body gets 413 body_too_large', async () => {
    const res = await post(Buffer.alloc(70 * 1024 * 1024, 0x20))
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('body_too_large')
    expect(await rejected('body_too_large')).toBe(1)
  })

  it('a gzip bomb gets 413 decompressed_too_large', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20), { level: 9 })
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const res = await post(bomb, { 'content-encoding': 'gzip' })
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('decompressed_too_large')
  })

  it('a gzip body that is valid is accepted', async () => {
    const e = auditEvent()
    const res = await post(gzipSync(eventList([e])), { 'content-encoding': 'gzip' })
    expect(res.statusCode).toBe(200)
    expect(await storedCount(`audit_id = '${e['auditID']}'`)).toBe(1)
  })

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-a-known-token-at-all' }],
    ['a malformed header', { authorization: 'Basic Zm9vOmJhcg==' }],
  ])('%s gets 401', async (_name, headers) => {
    const before = await rejected('unauthorized')
    const res = await p.ingest.app.inject({ method: 'POST', url: '/v1/audit', headers: { 'content-type': 'application/json', ...headers }, payload: eventList([auditEvent()]) })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('unauthorized')
    expect(await rejected('unauthorized')).toBe(before + 1)
  })

  it('an event without auditID is dead-lettered and the rest of the batch is stored', async () => {
    const good = [auditEvent(), auditEvent()]
    const bad = auditEvent({ verb: 'get' })
    delete bad['auditID']
    const res = await post(eventList([good[0], bad, good[1]]))
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0, dead_lettered: 1 })
    for (const g of good) expect(await storedCount(`audit_id = '${g['auditID']}'`)).toBe(1)
    const letters = await p.store.deadLetters.list({ limit: 10 })
    const letter = letters.find((l) => l.detail.includes('auditID'))
    expect(letter).toMatchObject({ cluster: 'c1', reason: 'invalid_event' })
    expect(JSON.parse(letter!.raw)).toMatchObject({ verb: 'get' })
    expect(await counter(p.metrics, 'vigil_dead_letters_total', { reason: 'invalid_event' })).toBeGreaterThanOrEqual(1)
  })

  it('unknown fields are kept', async () => {
    const e = auditEvent({ somethingNew: { nested: [1, 2, 3] }, user: { username: 'alice', futureField: 'x' } })
    expect((await post(eventList([e]))).statusCode).toBe(200)
    const raw = await p.store.events.getRaw({ cluster: 'c1', audit_id: e['auditID'] as string, stage: 'ResponseComplete' })
    expect(raw).toMatchObject({ somethingNew: { nested: [1, 2, 3] }, user: { username: 'alice', futureField: 'x' } })
  })

  it('duplicate events are stored once, within a batch and across retries', async () => {
    const a = auditEvent()
    const b = auditEvent()
    const body = eventList([a, b, a])
    const first = await post(body)
    expect(first.json()).toEqual({ accepted: 2, duplicates: 1, dead_lettered: 0 })
    const retry = await post(body)
    expect(retry.statusCode).toBe(200)
    expect(retry.json()).toEqual({ accepted: 0, duplicates: 3, dead_lettered: 0 })
    // The same auditID at another stage is another event.
    expect((await post(eventList([{ ...a, stage: 'RequestReceived' }]))).json()).toMatchObject({ accepted: 1 })
    expect(await storedCount(`audit_id = '${a['auditID']}'`)).toBe(2)
    expect(await storedCount(`audit_id = '${b['auditID']}'`)).toBe(1)
    expect(await counter(p.metrics, 'vigil_events_dropped_total', { reason: 'duplicate' })).toBeGreaterThanOrEqual(4)
  })

  it('accepts JSON lines, single events, arrays and v1beta1 events without kind on items', async () => {
    const [a, b, c, d] = [auditEvent(), auditEvent(), auditEvent({ apiVersion: 'audit.k8s.io/v1beta1', timestamp: '2026-11-01T10:00:00Z' }), auditEvent()]
    const { kind: _k, apiVersion: _v, ...bare } = d
    const lines = `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`
    expect((await post(lines, { 'content-type': 'application/x-ndjson' })).json()).toMatchObject({ accepted: 2 })
    expect((await post(JSON.stringify([c]))).json()).toMatchObject({ accepted: 1 })
    expect((await post(eventList([bare]))).json()).toMatchObject({ accepted: 1 })
    expect((await post(`${JSON.stringify(auditEvent())}${JSON.stringify(auditEvent())}`)).json()).toMatchObject({ accepted: 2 })
  })

  it('stays up and serves after all of it', async () => {
    const e = auditEvent()
    expect((await post(eventList([e]))).statusCode).toBe(200)
    const res = await p.api.app.inject({ method: 'GET', url: `/v1/events?limit=5`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    expect(res.statusCode).toBe(200)
    expect(res.json().items.length).toBe(5)
    const metrics = await p.api.app.inject({ method: 'GET', url: '/metrics' })
    expect(metrics.body).toContain('vigil_requests_rejected_total{service="ingest",code="too_deep"} 1')
  })
})
