import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { AppError, REDACTED_ANNOTATION, type DeadLetter } from '@vigil/core'
import type { OutgoingRecord } from '@vigil/event-log'
import { createMetrics, type Metrics } from '@vigil/platform'
import { acceptBatch, type AcceptDeps, type AcceptInput } from './accept-batch.js'
import { recordingProducer } from '../test/source-app.js'
import { RecentKeys } from './recent-keys.js'
import { createRedactor } from './redact.js'

const NOW = new Date('2026-10-01T12:00:00.000Z')
const HEADERS = { cluster: 'prod', received_at: '2026-10-01T12:00:00.000Z' }

function setup(options: { redactPaths?: string[]; capacity?: number; maxDepth?: number } = {}) {
  const producer = recordingProducer()
  const metrics = createMetrics({ defaultMetrics: false })
  const recent = new RecentKeys(options.capacity ?? 100)
  const deps: AcceptDeps = {
    producer,
    redactor: createRedactor(options.redactPaths ?? []),
    recent,
    metrics,
    limits: { maxDecompressedBytes: 1024 * 1024, maxDepth: options.maxDepth ?? 50 },
    now: () => NOW,
  }
  const accept = (body: string | Buffer | undefined, extra: Partial<AcceptInput> = {}) =>
    acceptBatch(deps, { cluster: 'prod', body: typeof body === 'string' ? Buffer.from(body) : body, contentEncoding: undefined, ...extra })
  return { producer, metrics, recent, deps, accept }
}

function event(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    level: 'Metadata',
    auditID: id,
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/ns/pods',
    verb: 'list',
    user: { username: 'alice' },
    objectRef: { resource: 'pods', namespace: 'ns' },
    requestReceivedTimestamp: '2026-10-01T10:00:00.000001Z',
    stageTimestamp: '2026-10-01T10:00:00.000002Z',
    ...overrides,
  }
}

const list = (...items: unknown[]) => JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items })

/** One sample of a metric, by its sample name and exact labels; 0 when it was never touched. */
async function sample(metrics: Metrics, metricName: string, labels: Record<string, string> = {}): Promise<number> {
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    for (const v of m.values as { metricName?: string; labels: Record<string, string | number>; value: number }[]) {
      const name = v.metricName ?? m.name
      const keys = Object.keys(v.labels).filter((k) => k !== 'le')
      if (name === metricName && keys.length === Object.keys(labels).length && keys.every((k) => v.labels[k] === labels[k])) return v.value
    }
  }
  return 0
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

const deadLetterOf = (r: OutgoingRecord | undefined) => JSON.parse(r?.value ?? 'null') as DeadLetter

/** The events in audit records, in order: each record holds one key's events as JSON lines. */
const eventsIn = (records: readonly OutgoingRecord[] | undefined) =>
  (records ?? []).filter((r) => r.topic === 'audit').flatMap((r) => r.value.split('\n').map((l) => JSON.parse(l) as Record<string, unknown> & { auditID: string; stage: string }))

describe('acceptBatch', () => {
  it('publishes one audit record per partition key, its events as JSON lines, then answers the counts', async () => {
    const { producer, accept } = setup()
    const a = event('a')
    const b = event('b', { user: { username: 'bob' } })
    const c = event('c')
    expect(await accept(list(a, b, c))).toEqual({ accepted: 3, duplicates: 0, dead_lettered: 0 })
    expect(producer.calls).toEqual([
      [
        // `parsed` is what the in-process log hands on as is; Kafka sends only the value.
        { topic: 'audit', key: 'prod/alice', value: `${JSON.stringify(a)}\n${JSON.stringify(c)}`, headers: HEADERS, parsed: [a, c] },
        { topic: 'audit', key: 'prod/bob', value: JSON.stringify(b), headers: HEADERS, parsed: [b] },
      ],
    ])
  })

  it("splits one key's events into records of at most 1 MiB", async () => {
    const { producer, accept } = setup()
    const big = (id: string) => event(id, { requestObject: { blob: 'x'.repeat(300_000) } })
    expect(await accept(list(big('a'), big('b'), big('c'), big('d')))).toEqual({ accepted: 4, duplicates: 0, dead_lettered: 0 })
    const records = producer.calls[0] ?? []
    expect(records.map((r) => r.value.split('\n').length)).toEqual([3, 1])
    expect(records.every((r) => r.key === 'prod/alice' && r.value.length <= 1024 * 1024)).toBe(true)
    expect(eventsIn(records).map((e) => e.auditID)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('keeps an unchanged event in the words it arrived in, and re-serialises what redaction changed', async () => {
    const { producer, accept } = setup()
    const kept = '{"auditID":"k",  "stage":"ResponseComplete","requestURI":"/api/v1/pods","verb":"list","user":{"username":"alice"},"requestReceivedTimestamp":"2026-10-01T10:00:00Z","stageTimestamp":"2026-10-01T10:00:00Z"}'
    const secret = JSON.stringify(event('s', { verb: 'get', objectRef: { resource: 'secrets', namespace: 'ns', name: 'x' }, responseObject: { kind: 'Secret', data: { k: 'djE=' } } }))
    const pretty = JSON.stringify(event('p'), null, 2)
    await accept(`{"kind":"EventList","items":[${kept},${secret},${pretty}]}`)
    const lines = (producer.calls[0] ?? []).flatMap((r) => r.value.split('\n'))
    expect(lines).toContain(kept)
    expect(lines.find((l) => l.includes('"auditID":"s"'))).not.toContain('djE=')
    expect(lines.find((l) => l.includes('"auditID":"p"'))).toBe(JSON.stringify(JSON.parse(pretty)))
  })

  it('accepts JSON lines, a bare event and gzip', async () => {
    const { producer, accept } = setup()
    const body = `${JSON.stringify(event('a'))}\n${JSON.stringify(event('b'))}\n`
    expect(await accept(gzipSync(body), { contentEncoding: 'gzip' })).toEqual({ accepted: 2, duplicates: 0, dead_lettered: 0 })
    expect(await accept(JSON.stringify(event('c')))).toEqual({ accepted: 1, duplicates: 0, dead_lettered: 0 })
    expect(producer.calls.flatMap((c) => eventsIn(c)).map((e) => e.auditID)).toEqual(['a', 'b', 'c'])
  })

  it('keys an event without a username by the cluster alone', async () => {
    const { producer, accept } = setup()
    await accept(list(event('a', { user: { groups: ['system:unauthenticated'] } })))
    expect(producer.calls[0]?.[0]?.key).toBe('prod/')
  })

  it('redacts before publishing and records what it removed', async () => {
    const { producer, accept } = setup({ redactPaths: ['requestObject.spec.password'] })
    const secretGet = event('s', { objectRef: { resource: 'secrets', namespace: 'ns', name: 'db' }, verb: 'get', responseObject: { kind: 'Secret', data: { k: 'c2VjcmV0' } } })
    const podCreate = event('p', { verb: 'create', requestObject: { spec: { password: 'x', image: 'nginx' } } })
    await accept(list(secretGet, podCreate))
    const [s, p] = eventsIn(producer.calls[0])
    expect(s?.['responseObject']).toEqual({ kind: 'Secret' })
    expect(s?.['annotations']).toEqual({ [REDACTED_ANNOTATION]: 'responseObject.data' })
    expect(p?.['requestObject']).toEqual({ spec: { image: 'nginx' } })
    expect(p?.['annotations']).toEqual({ [REDACTED_ANNOTATION]: 'requestObject.spec.password' })
    expect(producer.calls[0]?.map((r) => r.value).join('')).not.toContain('c2VjcmV0')
  })

  it('dead-letters invalid values, redacted, after the audit records, and accepts the rest', async () => {
    const { producer, accept } = setup()
    const invalid = event('bad', { stageTimestamp: undefined, objectRef: { resource: 'secrets' }, requestObject: { kind: 'Secret', data: { k: 'c2VjcmV0' } } })
    const body = [JSON.stringify(event('a')), '{"kind":"Pod","metadata":{"name":"x"}}', '{"token":"abc123", oops}', JSON.stringify(invalid)].join('\n')
    expect(await accept(body)).toEqual({ accepted: 1, duplicates: 0, dead_lettered: 3 })
    const records = producer.calls[0] ?? []
    expect(records.map((r) => [r.topic, r.key, r.headers])).toEqual([
      ['audit', 'prod/alice', HEADERS],
      ['deadletter', 'prod', HEADERS],
      ['deadletter', 'prod', HEADERS],
      ['deadletter', 'prod', HEADERS],
    ])
    expect(deadLetterOf(records[1])).toEqual({
      cluster: 'prod',
      received_at: '2026-10-01T12:00:00.000Z',
      reason: 'not_audit_event',
      detail: 'kind "Pod" is neither Event nor EventList',
      raw: '{"kind":"Pod","metadata":{"name":"x"}}',
    })
    const badJson = deadLetterOf(records[2])
    expect(badJson.reason).toBe('invalid_json')
    expect(badJson.detail).toMatch(/^line 3: /)
    expect(badJson.raw).toBe('{"token":"[redacted]", oops}')
    const badEvent = deadLetterOf(records[3])
    expect(badEvent.reason).toBe('invalid_event')
    expect(badEvent.detail).toBe('stageTimestamp: Invalid input: expected string, received undefined')
    expect(JSON.parse(badEvent.raw)).toEqual({ ...event('bad', { objectRef: { resource: 'secrets' }, requestObject: { kind: 'Secret' } }), stageTimestamp: undefined })
    expect(records.map((r) => r.value).join('')).not.toMatch(/c2VjcmV0|abc123/)
  })

  it('truncates a huge dead letter', async () => {
    const { producer, accept } = setup()
    const invalid = event('bad', { verb: '', requestObject: { blob: 'x'.repeat(70_000) } })
    await accept(list(event('ok'), invalid))
    const raw = deadLetterOf(producer.calls[0]?.[1]).raw
    const full = JSON.stringify(invalid)
    expect(raw).toBe(`${full.slice(0, 64 * 1024)}… [truncated, ${full.length} chars]`)
  })

  it('counts received, published and dead-lettered events', async () => {
    const { metrics, accept } = setup()
    const body = [list(event('a'), event('b'), event('c', { verb: 7 })), '{"kind":"Pod"}', 'nonsense'].join('\n')
    expect(await accept(body)).toEqual({ accepted: 2, duplicates: 0, dead_lettered: 3 })
    expect(await sample(metrics, 'vigil_events_received_total', { cluster: 'prod' })).toBe(3)
    expect(await sample(metrics, 'vigil_events_published_total', { topic: 'audit' })).toBe(2)
    expect(await sample(metrics, 'vigil_events_published_total', { topic: 'deadletter' })).toBe(3)
    expect(await sample(metrics, 'vigil_dead_letters_total', { reason: 'invalid_event' })).toBe(1)
    expect(await sample(metrics, 'vigil_dead_letters_total', { reason: 'not_audit_event' })).toBe(1)
    expect(await sample(metrics, 'vigil_dead_letters_total', { reason: 'invalid_json' })).toBe(1)
    expect(await sample(metrics, 'vigil_events_dropped_total', { reason: 'duplicate' })).toBe(0)
    expect(await sample(metrics, 'vigil_batch_size_events_count', { stage: 'ingest' })).toBe(1)
    expect(await sample(metrics, 'vigil_batch_size_events_sum', { stage: 'ingest' })).toBe(2)
    expect(await sample(metrics, 'vigil_in_flight_batches', { service: 'ingest' })).toBe(0)
  })

  it('counts a batch as in flight while its publish is pending', async () => {
    const { producer, metrics, accept } = setup()
    let release: () => void = () => {}
    producer.behave = () => new Promise<void>((r) => (release = r))
    const pending = accept(list(event('a')))
    await new Promise((r) => setImmediate(r))
    expect(producer.calls).toHaveLength(1)
    expect(await sample(metrics, 'vigil_in_flight_batches', { service: 'ingest' })).toBe(1)
    release()
    await pending
    expect(await sample(metrics, 'vigil_in_flight_batches', { service: 'ingest' })).toBe(0)
  })

  describe('duplicates', () => {
    it('drops a repeat within one batch, by (cluster, auditID, stage)', async () => {
      const { producer, metrics, accept } = setup()
      const body = list(event('a'), event('a'), event('a', { stage: 'RequestReceived' }), event('b'))
      expect(await accept(body)).toEqual({ accepted: 3, duplicates: 1, dead_lettered: 0 })
      expect(eventsIn(producer.calls[0]).map((e) => `${e.auditID}/${e.stage}`)).toEqual([
        'a/ResponseComplete',
        'a/RequestReceived',
        'b/ResponseComplete',
      ])
      expect(await sample(metrics, 'vigil_events_dropped_total', { reason: 'duplicate' })).toBe(1)
    })

    it('drops a batch resent after it was published', async () => {
      const { producer, metrics, recent, accept } = setup()
      const body = list(event('a'), event('b'))
      await accept(body)
      expect(recent.size).toBe(2)
      expect(await accept(body)).toEqual({ accepted: 0, duplicates: 2, dead_lettered: 0 })
      expect(producer.calls.flatMap((c) => eventsIn(c))).toHaveLength(2)
      expect(await sample(metrics, 'vigil_events_dropped_total', { reason: 'duplicate' })).toBe(2)
      expect(await sample(metrics, 'vigil_events_received_total', { cluster: 'prod' })).toBe(4)
    })

    it('records the drops durably: one duplicate letter per batch, published with it, with the exact count', async () => {
      const { producer, accept } = setup()
      await accept(list(event('a'), event('b')))
      expect(producer.calls[0]?.filter((r) => r.topic === 'deadletter')).toEqual([])
      await accept(list(event('a'), event('b'), event('c')))
      const letters = (producer.calls[1] ?? []).filter((r) => r.topic === 'deadletter').map((r) => JSON.parse(r.value) as DeadLetter)
      expect(letters).toEqual([{ cluster: 'prod', received_at: HEADERS.received_at, reason: 'duplicate', detail: expect.stringMatching(/^2 event\(s\) repeated/), raw: expect.any(String) }])
      expect(JSON.parse(letters[0]!.raw)).toEqual({ count: 2, received_at: HEADERS.received_at, keys: ['a/ResponseComplete', 'b/ResponseComplete'] })
    })

    it('does not treat the same auditID from another cluster as a duplicate', async () => {
      const { accept } = setup()
      await accept(list(event('a')))
      expect(await accept(list(event('a')), { cluster: 'staging' })).toEqual({ accepted: 1, duplicates: 0, dead_lettered: 0 })
    })

    it('publishes everything again once the key fell out of the cache', async () => {
      const { accept } = setup({ capacity: 1 })
      await accept(list(event('a')))
      await accept(list(event('b')))
      expect(await accept(list(event('a')))).toEqual({ accepted: 1, duplicates: 0, dead_lettered: 0 })
    })
  })

  describe('when the publish fails', () => {
    it.each(['overloaded', 'unavailable', 'shutting_down'] as const)('passes %s through and remembers nothing, so a retry is published', async (code) => {
      const { producer, metrics, recent, accept } = setup()
      const failure = new AppError(code, 'the log cannot take it', { retryAfterSeconds: 2 })
      producer.behave = () => Promise.reject(failure)
      const body = list(event('a'), event('b'), event('c', { verb: '' }))
      expect(await rejection(accept(body))).toBe(failure)
      expect(recent.size).toBe(0)
      expect(await sample(metrics, 'vigil_in_flight_batches', { service: 'ingest' })).toBe(0)
      expect(await sample(metrics, 'vigil_events_published_total', { topic: 'audit' })).toBe(0)
      expect(await sample(metrics, 'vigil_dead_letters_total', { reason: 'invalid_event' })).toBe(0)

      producer.behave = async () => {}
      expect(await accept(body)).toEqual({ accepted: 2, duplicates: 0, dead_lettered: 1 })
      // One audit record (both events share a key) and one dead letter, each time.
      expect(producer.calls.map((c) => c.length)).toEqual([2, 2])
      expect(recent.size).toBe(2)
      expect(await sample(metrics, 'vigil_events_published_total', { topic: 'audit' })).toBe(2)
      expect(await sample(metrics, 'vigil_events_dropped_total', { reason: 'duplicate' })).toBe(0)
    })

    it('passes through a producer that throws synchronously-rejected plain errors too', async () => {
      const { producer, recent, accept } = setup()
      producer.behave = () => Promise.reject(new Error('boom'))
      await expect(accept(list(event('a')))).rejects.toThrow('boom')
      expect(recent.size).toBe(0)
    })
  })

  describe('bodies that cannot be taken at all', () => {
    it.each([
      ['no body', undefined, 'empty_body', 'the request body is empty; send an audit EventList'],
      ['a zero-length body', Buffer.alloc(0), 'empty_body', 'the request body is empty; send an audit EventList'],
      ['whitespace', ' \n\r\n\t ', 'empty_body', 'the request body holds only whitespace; send an audit EventList'],
      ['JSON that is not an audit event', '{"kind":"Pod"}\n{"kind":"Node"}', 'not_audit_events', 'the body holds no audit Event or EventList: kind "Pod" is neither Event nor EventList'],
      ['a scalar', '42', 'not_audit_events', 'the body holds no audit Event or EventList: a number is not an audit Event or EventList'],
      ['an empty array', '[]', 'not_audit_events', 'the body holds no audit Event or EventList: nothing recognisable'],
      ['an EventList without items', '{"kind":"EventList"}', 'not_audit_events', 'the body holds no audit Event or EventList: EventList without an items array'],
    ])('rejects %s', async (_name, body, code, message) => {
      const { producer, metrics, accept } = setup()
      const err = await rejection(accept(body))
      expect(err.code).toBe(code)
      expect(err.message).toBe(message)
      expect(err.status).toBe(400)
      expect(producer.calls).toEqual([])
      expect(await sample(metrics, 'vigil_events_received_total', { cluster: 'prod' })).toBe(0)
    })

    it('rejects a body that is not JSON with the first parse error', async () => {
      const { producer, accept } = setup()
      const err = await rejection(accept('not json\n{"also": broken}'))
      expect(err.code).toBe('invalid_json')
      expect(err.message).toMatch(/^the body is not valid JSON: line 1: Unexpected token 'o', "not json" is not valid JSON$/)
      expect(producer.calls).toEqual([])
    })

    it('rejects a body nested too deep', async () => {
      const { producer, accept } = setup({ maxDepth: 8 })
      const err = await rejection(accept(list(event('a', { requestObject: { a: { b: { c: { d: { e: { f: {} } } } } } } }))))
      expect(err.code).toBe('too_deep')
      expect(err.message).toBe('JSON nests deeper than 8 levels (value starting on line 1)')
      expect(producer.calls).toEqual([])
    })

    it('rejects an unsupported encoding', async () => {
      const { producer, accept } = setup()
      expect((await rejection(accept(list(event('a')), { contentEncoding: 'br' }))).code).toBe('unsupported_encoding')
      expect(producer.calls).toEqual([])
    })

    it('accepts an empty EventList as an empty batch', async () => {
      const { accept } = setup()
      expect(await accept('{"kind":"EventList","items":[]}')).toEqual({ accepted: 0, duplicates: 0, dead_lettered: 0 })
    })
  })
})
