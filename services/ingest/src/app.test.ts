import { gzipSync } from 'node:zlib'
import { describe, expect, it, onTestFinished } from 'vitest'
import { AppError } from '@vigil/core'
import type { OutgoingRecord } from '@vigil/event-log'
import { createLogger, createMetrics, type Metrics } from '@vigil/platform'
import { buildIngestApp } from './app.js'
import { recordingProducer } from '../test/source-app.js'
import { RecentKeys } from './recent-keys.js'
import { createRedactor } from './redact.js'
import { configuredClusterTokens } from './tokens.js'
import { createAuthGate, createCredentialResolver, RefusalLimiter } from '@vigil/platform'

const TOKEN = 'prod-token-0123456789abcdef'
const AUTH = { authorization: `Bearer ${TOKEN}` }
const JSON_TYPE = { 'content-type': 'application/json' }

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {}
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

function setup(options: { maxInFlightRequests?: number; exposeMetrics?: boolean; bodyLimitBytes?: number } = {}) {
  const producer = recordingProducer()
  const metrics = createMetrics({ defaultMetrics: false })
  const logger = createLogger({ level: 'silent', destination: { write: () => {} } })
  let ready = false
  const app = buildIngestApp({
    accept: {
      producer,
      redactor: createRedactor([]),
      recent: new RecentKeys(1000),
      metrics,
      limits: { maxDecompressedBytes: 256 * 1024, maxDepth: 20 },
      now: () => new Date('2026-10-01T12:00:00.000Z'),
    },
    authenticate: createAuthGate({
      resolver: createCredentialResolver({ configured: configuredClusterTokens([{ cluster: 'prod', token: TOKEN }]), pollIntervalMs: 1000, logger }),
      limiter: new RefusalLimiter({ max_refusals: 5, window_ms: 60_000, max_tracked_addresses: 100 }),
      metrics,
      service: 'ingest',
    }),
    metrics,
    logger,
    bodyLimitBytes: options.bodyLimitBytes ?? 64 * 1024,
    maxInFlightRequests: options.maxInFlightRequests ?? 8,
    retryAfterSeconds: 3,
    exposeMetrics: options.exposeMetrics ?? true,
    ready: () => ready,
    clientCerts: new Map(),
  })
  onTestFinished(() => app.close())
  return { app, producer, metrics, setReady: (r: boolean) => (ready = r) }
}

let ids = 0
function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    auditID: `id-${ids++}`,
    stage: 'ResponseComplete',
    requestURI: '/api/v1/pods',
    verb: 'list',
    user: { username: 'alice' },
    requestReceivedTimestamp: '2026-10-01T10:00:00Z',
    stageTimestamp: '2026-10-01T10:00:00Z',
    ...overrides,
  }
}

const eventList = (n = 2) => JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: Array.from({ length: n }, () => event()) })

async function rejectedCount(metrics: Metrics, code: string): Promise<number> {
  const m = (await metrics.registry.getMetricsAsJSON()).find((x) => x.name === 'vigil_requests_rejected_total')
  return m?.values.find((v) => v.labels['service'] === 'ingest' && v.labels['code'] === code)?.value ?? 0
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setImmediate(r))
  expect(check()).toBe(true)
}

describe('POST /v1/audit', () => {
  it('answers 200 with the counts once the batch is published', async () => {
    const { app, producer } = setup()
    const res = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE }, payload: eventList(3) })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    expect(res.json()).toEqual({ accepted: 3, duplicates: 0, dead_lettered: 0 })
    expect(producer.calls).toHaveLength(1)
    // One key, so one record holding the three events as JSON lines.
    expect(producer.calls[0]?.map((r) => [r.topic, r.key, r.headers['cluster'], r.value.split('\n').length])).toEqual([['audit', 'prod/alice', 'prod', 3]])
  })

  it('ignores the ?timeout=30s the apiserver appends', async () => {
    const { app } = setup()
    const res = await app.inject({ method: 'POST', url: '/v1/audit?timeout=30s', headers: { ...AUTH, ...JSON_TYPE }, payload: eventList(1) })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, dead_lettered: 0 })
  })

  it.each(['application/json; charset=utf-8', 'application/x-ndjson', 'application/jsonl', 'application/json-seq'])('takes Content-Type %s', async (type) => {
    const { app } = setup()
    const body = `${JSON.stringify(event())}\n${JSON.stringify(event())}\n`
    const res = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, 'content-type': type }, payload: body })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0, dead_lettered: 0 })
  })

  it('takes a gzip body', async () => {
    const { app } = setup()
    const res = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE, 'content-encoding': 'gzip' }, payload: gzipSync(eventList(2)) })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0, dead_lettered: 0 })
  })

  describe('401', () => {
    it('without a token, naming what to send', async () => {
      const { app, producer, metrics } = setup()
      const res = await app.inject({ method: 'POST', url: '/v1/audit', headers: JSON_TYPE, payload: eventList() })
      expect(res.statusCode).toBe(401)
      expect(res.json()).toEqual({ error: { code: 'unauthorized', message: 'send Authorization: Bearer <cluster token>, or a client certificate the server knows' } })
      expect(res.headers['retry-after']).toBeUndefined()
      expect(producer.calls).toEqual([])
      expect(await rejectedCount(metrics, 'unauthorized')).toBe(1)
    })

    it.each([
      [`Bearer wrong-token-0123456789`, 'unknown bearer token'],
      [`Basic ${TOKEN}`, 'the Authorization header is not "Bearer <token>"'],
      [TOKEN, 'the Authorization header is not "Bearer <token>"'],
    ])('with an unknown credential %j', async (authorization, message) => {
      const { app, producer } = setup()
      const res = await app.inject({ method: 'POST', url: '/v1/audit', headers: { authorization, ...JSON_TYPE }, payload: eventList() })
      expect(res.statusCode).toBe(401)
      expect(res.json()).toEqual({ error: { code: 'unauthorized', message } })
      expect(JSON.stringify(res.json())).not.toContain(TOKEN)
      expect(producer.calls).toEqual([])
    })

    it('throttles a source address after repeated refusals, counting each by reason, and still takes good tokens', async () => {
      const { app, producer, metrics } = setup()
      for (let i = 0; i < 5; i++) {
        expect((await app.inject({ method: 'POST', url: '/v1/audit', headers: { authorization: 'Bearer guess-guess-guess-guess', ...JSON_TYPE }, payload: eventList() })).statusCode).toBe(401)
      }
      const res = await app.inject({ method: 'POST', url: '/v1/audit', headers: { authorization: 'Bearer guess-guess-guess-guess', ...JSON_TYPE }, payload: eventList() })
      expect(res.statusCode).toBe(429)
      expect(res.json()).toMatchObject({ error: { code: 'too_many_attempts' } })
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
      const refusals = (await metrics.registry.getSingleMetric('vigil_auth_refusals_total')?.get())?.values ?? []
      expect(refusals.find((v) => v.labels['reason'] === 'unknown')?.value).toBe(5)
      expect(refusals.find((v) => v.labels['reason'] === 'throttled')?.value).toBe(1)
      expect(producer.calls).toEqual([])
      // Another address is not affected.
      const other = await app.inject({ method: 'POST', url: '/v1/audit', remoteAddress: '10.0.0.9', headers: { ...AUTH, ...JSON_TYPE }, payload: eventList() })
      expect(other.statusCode).toBe(200)
    })

    it('before the body is read: an oversized body of the wrong type still gets 401', async () => {
      const { app, producer, metrics } = setup({ bodyLimitBytes: 1024 })
      const res = await app.inject({ method: 'POST', url: '/v1/audit', headers: { 'content-type': 'text/plain' }, payload: 'x'.repeat(10_000) })
      expect(res.statusCode).toBe(401)
      expect(res.json()).toEqual({ error: { code: 'unauthorized', message: 'send Authorization: Bearer <cluster token>, or a client certificate the server knows' } })
      expect(producer.calls).toEqual([])
      expect(await rejectedCount(metrics, 'body_too_large')).toBe(0)
      expect(await rejectedCount(metrics, 'unsupported_media_type')).toBe(0)
    })
  })

  describe('4xx for bodies that cannot be taken', () => {
    it.each([
      ['invalid JSON', JSON_TYPE, 'this is not json', 400, 'invalid_json'],
      ['an empty body', JSON_TYPE, '', 400, 'empty_body'],
      ['a whitespace body', JSON_TYPE, '  \n ', 400, 'empty_body'],
      ['JSON that is not audit events', JSON_TYPE, '{"kind":"Pod"}', 400, 'not_audit_events'],
      ['JSON nested too deep', JSON_TYPE, `${'['.repeat(21)}${']'.repeat(21)}`, 400, 'too_deep'],
      ['a wrong Content-Type', { 'content-type': 'text/plain' }, eventList(), 415, 'unsupported_media_type'],
      ['an unsupported Content-Encoding', { ...JSON_TYPE, 'content-encoding': 'br' }, eventList(), 415, 'unsupported_encoding'],
      ['a body that claims gzip but is not', { ...JSON_TYPE, 'content-encoding': 'gzip' }, eventList(), 400, 'invalid_gzip'],
      ['a gzip bomb', { ...JSON_TYPE, 'content-encoding': 'gzip' }, gzipSync(Buffer.alloc(1024 * 1024, 0x20)), 413, 'decompressed_too_large'],
      ['a body over the limit', JSON_TYPE, 'x'.repeat(64 * 1024 + 1), 413, 'body_too_large'],
    ])('%s', async (_name, headers, payload, status, code) => {
      const { app, producer, metrics } = setup()
      const res = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...headers }, payload })
      expect(res.statusCode).toBe(status)
      expect(res.json<{ error: { code: string; message: string } }>().error.code).toBe(code)
      expect(res.headers['retry-after']).toBeUndefined()
      expect(producer.calls).toEqual([])
      expect(await rejectedCount(metrics, code)).toBe(1)
    })

    it('explains a bad body in the message', async () => {
      const { app } = setup()
      const res = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE }, payload: '{"kind":"Pod"}' })
      expect(res.json()).toEqual({ error: { code: 'not_audit_events', message: 'the body holds no audit Event or EventList: kind "Pod" is neither Event nor EventList' } })
    })
  })

  describe('backpressure', () => {
    it('answers 429 overloaded with Retry-After once max_in_flight_requests are in flight, and frees the slot afterwards', async () => {
      const { app, producer, metrics } = setup({ maxInFlightRequests: 1 })
      const held = deferred()
      producer.behave = () => held.promise
      const first = app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE }, payload: eventList() })
      await until(() => producer.calls.length === 1)

      const second = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE }, payload: eventList() })
      expect(second.statusCode).toBe(429)
      expect(second.headers['retry-after']).toBe('3')
      expect(second.json()).toEqual({ error: { code: 'overloaded', message: '1 requests are in flight' } })
      expect(producer.calls).toHaveLength(1)
      expect(await rejectedCount(metrics, 'overloaded')).toBe(1)

      const anonymous = await app.inject({ method: 'POST', url: '/v1/audit', headers: JSON_TYPE, payload: eventList() })
      expect(anonymous.statusCode).toBe(401)

      held.resolve()
      expect((await first).statusCode).toBe(200)
      const third = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE }, payload: eventList() })
      expect(third.statusCode).toBe(200)
    })

    it('frees the slot of a request that failed', async () => {
      const { app } = setup({ maxInFlightRequests: 1 })
      for (let i = 0; i < 3; i++) {
        const bad = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE }, payload: 'nope' })
        expect(bad.statusCode).toBe(400)
      }
      const ok = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE }, payload: eventList() })
      expect(ok.statusCode).toBe(200)
    })

    it('answers 503 with the default Retry-After when the producer is unavailable, and accepts the retry', async () => {
      const { app, producer, metrics } = setup()
      producer.behave = () => Promise.reject(new AppError('unavailable', 'the event log cannot take data'))
      const payload = eventList(2)
      const res = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE }, payload })
      expect(res.statusCode).toBe(503)
      expect(res.headers['retry-after']).toBe('3')
      expect(res.json()).toEqual({ error: { code: 'unavailable', message: 'the event log cannot take data' } })
      expect(await rejectedCount(metrics, 'unavailable')).toBe(1)

      producer.behave = async () => {}
      const retry = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE }, payload })
      expect(retry.statusCode).toBe(200)
      expect(retry.json()).toEqual({ accepted: 2, duplicates: 0, dead_lettered: 0 })
    })

    it("uses the producer's own Retry-After when it gives one", async () => {
      const { app, producer } = setup()
      producer.behave = () => Promise.reject(new AppError('overloaded', '9 records are waiting to be stored', { retryAfterSeconds: 7 }))
      const res = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE }, payload: eventList() })
      expect(res.statusCode).toBe(429)
      expect(res.headers['retry-after']).toBe('7')
      expect(res.json()).toEqual({ error: { code: 'overloaded', message: '9 records are waiting to be stored' } })
    })

    it('answers 503 shutting_down when the producer is closing', async () => {
      const { app, producer } = setup()
      producer.behave = () => Promise.reject(new AppError('shutting_down', 'the event log is closed', { retryAfterSeconds: 1 }))
      const res = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE }, payload: eventList() })
      expect(res.statusCode).toBe(503)
      expect(res.headers['retry-after']).toBe('1')
      expect(res.json<{ error: { code: string } }>().error.code).toBe('shutting_down')
    })

    it('answers 500 internal without leaking the message of an unexpected error', async () => {
      const { app, producer, metrics } = setup()
      producer.behave = () => Promise.reject(new Error('secret connection string'))
      const res = await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE }, payload: eventList() })
      expect(res.statusCode).toBe(500)
      expect(res.json()).toEqual({ error: { code: 'internal', message: 'internal error' } })
      expect(res.headers['retry-after']).toBeUndefined()
      expect(await rejectedCount(metrics, 'internal')).toBe(1)
    })
  })
})

describe('other routes', () => {
  it('/healthz answers ok', async () => {
    const { app } = setup()
    const res = await app.inject({ method: 'GET', url: '/healthz' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
  })

  it('/readyz answers 503 until the event log is ready, then 200', async () => {
    const { app, setReady } = setup()
    const before = await app.inject({ method: 'GET', url: '/readyz' })
    expect(before.statusCode).toBe(503)
    expect(before.headers['retry-after']).toBe('3')
    expect(before.json()).toEqual({ error: { code: 'unavailable', message: 'the event log is not ready' } })
    setReady(true)
    const after = await app.inject({ method: 'GET', url: '/readyz' })
    expect(after.statusCode).toBe(200)
    expect(after.json()).toEqual({ status: 'ready' })
    setReady(false)
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503)
  })

  it('/metrics serves the registry when exposed', async () => {
    const { app, metrics } = setup({ exposeMetrics: true })
    await app.inject({ method: 'POST', url: '/v1/audit', headers: { ...AUTH, ...JSON_TYPE }, payload: eventList(2) })
    const res = await app.inject({ method: 'GET', url: '/metrics' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe(metrics.registry.contentType)
    expect(res.body).toContain('vigil_events_received_total{cluster="prod"} 2')
    expect(res.body).toContain('vigil_events_published_total{topic="audit"} 2')
  })

  it('/metrics is absent when not exposed', async () => {
    const { app } = setup({ exposeMetrics: false })
    const res = await app.inject({ method: 'GET', url: '/metrics' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /metrics' } })
  })

  it('an unknown route answers 404 not_found without the query string', async () => {
    const { app, metrics } = setup()
    const res = await app.inject({ method: 'POST', url: '/v2/audit?token=abc', headers: AUTH })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'no route POST /v2/audit' } })
    expect(await rejectedCount(metrics, 'not_found')).toBe(1)
  })
})
