import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, AUDITOR_TOKEN, auditEvent, counter, eventList, INGEST_TOKEN, OTHER_CLUSTER_TOKEN, SCOPED_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

let p: TestPipeline

/** A person reading a secret: one finding (secrets.read-by-human) per event. */
function secretRead(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return auditEvent({
    auditID: `api-${i}-${Math.random().toString(16).slice(2)}`,
    verb: 'get',
    user: { username: i % 2 === 0 ? 'alice@example.com' : 'bob@example.com' },
    objectRef: { resource: 'secrets', namespace: i % 3 === 0 ? 'payments' : 'web', name: `s-${i}`, apiVersion: 'v1' },
    requestReceivedTimestamp: `2026-11-0${1 + (i % 5)}T10:00:${String(i % 60).padStart(2, '0')}.000000Z`,
    stageTimestamp: `2026-11-0${1 + (i % 5)}T10:00:${String(i % 60).padStart(2, '0')}.100000Z`,
    ...overrides,
  })
}

beforeAll(async () => {
  p = await startTestPipeline()
  const post = (token: string, events: Record<string, unknown>[]) =>
    p.ingest.app.inject({ method: 'POST', url: '/v1/audit', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: eventList(events) })
  expect((await post(INGEST_TOKEN, Array.from({ length: 30 }, (_, i) => secretRead(i)))).statusCode).toBe(200)
  expect((await post(OTHER_CLUSTER_TOKEN, Array.from({ length: 5 }, (_, i) => secretRead(100 + i)))).statusCode).toBe(200)
})
afterAll(async () => {
  await p.close()
})

function get(url: string, token?: string) {
  return p.api.app.inject({ method: 'GET', url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })
}

describe('GET /v1/findings', () => {
  it('pages through every finding, newest first, with a cursor', async () => {
    const seen: { finding_id: string; event_time: string }[] = []
    let cursor: string | null = null
    do {
      const res = await get(`/v1/findings?rule_id=secrets.read-by-human&limit=7${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, ADMIN_TOKEN)
      expect(res.statusCode).toBe(200)
      const page = res.json() as { items: { finding_id: string; event_time: string }[]; next_cursor: string | null }
      seen.push(...page.items)
      cursor = page.next_cursor
    } while (cursor !== null)
    expect(seen).toHaveLength(35)
    expect(new Set(seen.map((f) => f.finding_id)).size).toBe(35)
    const times = seen.map((f) => f.event_time)
    expect([...times].sort().reverse()).toEqual(times)
  })

  it('filters by cluster, user, namespace, severity and time', async () => {
    const q = async (query: string) => ((await get(`/v1/findings?rule_id=secrets.read-by-human&limit=1000&${query}`, ADMIN_TOKEN)).json() as { items: Record<string, string>[] }).items
    expect((await q('cluster=c2')).every((f) => f['cluster'] === 'c2')).toBe(true)
    expect(await q('cluster=c2')).toHaveLength(5)
    expect((await q('cluster=c1,c2')).length).toBe(35)
    expect((await q('user=alice@example.com')).every((f) => f['user'] === 'alice@example.com')).toBe(true)
    expect((await q('namespace=payments')).every((f) => f['namespace'] === 'payments')).toBe(true)
    expect(await q('severity=critical')).toEqual([])
    const window = await q('from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z')
    expect(window.length).toBeGreaterThan(0)
    expect(window.every((f) => (f['event_time'] as string).startsWith('2026-11-02'))).toBe(true)
  })

  it('takes several rule ids, and returns an exact total on request', async () => {
    const res = await get('/v1/findings?rule_id=secrets.read-by-human,no.such-rule&limit=5&total=true', ADMIN_TOKEN)
    expect(res.statusCode).toBe(200)
    const page = res.json() as { items: unknown[]; total: number }
    expect(page.items).toHaveLength(5)
    expect(page.total).toBe(35)
    expect((await get('/v1/findings?rule_id=no.such-rule&total=true', ADMIN_TOKEN)).json()).toMatchObject({ items: [], total: 0 })
    expect((await get('/v1/findings?limit=1', ADMIN_TOKEN)).json()).not.toHaveProperty('total')
    // A scoped token counts only its clusters.
    expect(((await get('/v1/findings?rule_id=secrets.read-by-human&total=true', SCOPED_TOKEN)).json() as { total: number }).total).toBe(5)
  })

  it('counts findings by rule, severity, cluster and day', async () => {
    const by = async (key: string, token = ADMIN_TOKEN) => (await get(`/v1/findings/counts?by=${key}&rule_id=secrets.read-by-human`, token)).json() as { groups: { key: string; count: number }[]; total: number }
    expect((await by('cluster')).groups).toEqual([
      { key: 'c1', count: 30 },
      { key: 'c2', count: 5 },
    ])
    expect((await by('rule_id')).groups).toEqual([{ key: 'secrets.read-by-human', count: 35 }])
    const days = await by('day')
    expect(days.groups.map((g) => g.key)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'])
    expect(days.groups.reduce((s, g) => s + g.count, 0)).toBe(35)
    expect(days.total).toBe(35)
    expect((await by('severity')).groups.reduce((s, g) => s + g.count, 0)).toBe(35)
    expect((await by('cluster', SCOPED_TOKEN)).groups).toEqual([{ key: 'c2', count: 5 }])
    const bad = await get('/v1/findings/counts?by=namespace', ADMIN_TOKEN)
    expect(bad.statusCode).toBe(400)
  })

  it.each([
    ['/v1/findings?from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z', 'from (2026-11-03T00:00:00Z) must be before to (2026-11-02T00:00:00Z)'],
    ['/v1/events?from=2026-11-03T00:00:00Z&to=2026-11-03T00:00:00Z', 'must be before to'],
    ['/v1/findings?user=a&user=b', 'user: given 2 times; give it once'],
    ['/v1/findings?limit=1&limit=2', 'limit: given 2 times; give it once'],
  ])('refuses %s with a 400 that says why', async (url, message) => {
    const res = await get(url, ADMIN_TOKEN)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: { code: 'invalid_query', message: expect.stringContaining(message) } })
  })

  it('returns one finding with its raw event', async () => {
    const [first] = ((await get('/v1/findings?limit=1&rule_id=secrets.read-by-human', ADMIN_TOKEN)).json() as { items: { finding_id: string; audit_id: string }[] }).items
    const res = await get(`/v1/findings/${first?.finding_id}`, AUDITOR_TOKEN)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ finding: { finding_id: first?.finding_id }, event: { auditID: first?.audit_id } })
  })

  it('keeps a cluster-scoped token inside its clusters', async () => {
    const mine = (await get('/v1/findings?limit=1000', SCOPED_TOKEN)).json() as { items: { cluster: string }[] }
    expect(mine.items.length).toBeGreaterThan(0)
    expect(mine.items.every((f) => f.cluster === 'c2')).toBe(true)
    expect(((await get('/v1/findings?cluster=c1', SCOPED_TOKEN)).json() as { items: unknown[] }).items).toEqual([])
    const c1 = ((await get('/v1/findings?cluster=c1&limit=1', ADMIN_TOKEN)).json() as { items: { finding_id: string }[] }).items[0]
    expect((await get(`/v1/findings/${c1?.finding_id}`, SCOPED_TOKEN)).statusCode).toBe(404)
  })

  it.each([
    ['limit=0', 'limit'],
    ['limit=100000', 'limit'],
    ['severity=urgent', 'severity'],
    ['from=yesterday', 'from'],
    ['cursor=bogus', 'cursor'],
    ['surprise=1', 'surprise'],
  ])('answers 400 invalid_query to %s', async (query, word) => {
    const res = await get(`/v1/findings?${query}`, ADMIN_TOKEN)
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('invalid_query')
    expect(res.json().error.message).toContain(word)
  })

  it('answers 404 for an unknown finding and 400 for a malformed id', async () => {
    expect((await get(`/v1/findings/${'0'.repeat(32)}`, ADMIN_TOKEN)).statusCode).toBe(404)
    expect((await get('/v1/findings/not-an-id', ADMIN_TOKEN)).statusCode).toBe(400)
  })
})

describe('auth', () => {
  it('answers 401 without a token or with an unknown one, and counts it', async () => {
    const before = await counter(p.metrics, 'vigil_requests_rejected_total', { service: 'api', code: 'unauthorized' })
    expect((await get('/v1/findings')).statusCode).toBe(401)
    expect((await get('/v1/events', 'nope-nope-nope-nope')).statusCode).toBe(401)
    expect(await counter(p.metrics, 'vigil_requests_rejected_total', { service: 'api', code: 'unauthorized' })).toBe(before + 2)
  })

  it('answers 403 when the role may not call the route', async () => {
    const res = await get('/v1/dead-letters', AUDITOR_TOKEN)
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('forbidden')
    expect((await get('/v1/dead-letters', ADMIN_TOKEN)).statusCode).toBe(200)
  })
})

describe('GET /v1/events', () => {
  it('searches stored events by user and verb', async () => {
    const res = await get('/v1/events?user=bob@example.com&verb=get&limit=1000', ADMIN_TOKEN)
    expect(res.statusCode).toBe(200)
    const items = (res.json() as { items: { user: string; verb: string }[] }).items
    expect(items.length).toBe(17)
    expect(items.every((e) => e.user === 'bob@example.com' && e.verb === 'get')).toBe(true)
  })
})

describe('service routes', () => {
  it('serves health, readiness, metrics and the OpenAPI document without a token', async () => {
    expect((await get('/healthz')).json()).toEqual({ status: 'ok' })
    expect((await get('/readyz')).json()).toEqual({ status: 'ready' })
    expect((await get('/metrics')).body).toContain('vigil_findings_total{rule="secrets.read-by-human",severity="medium",cluster="c1"}')
    const doc = (await get('/openapi.json')).json() as { openapi: string; paths: Record<string, unknown> }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/auth/callback', '/auth/login', '/auth/logout', '/auth/methods', '/v1/access-log',
      '/v1/alerts', '/v1/attestations', '/v1/coverage', '/v1/dead-letters', '/v1/events', '/v1/findings', '/v1/findings/counts', '/v1/findings/triage', '/v1/findings/{id}', '/v1/findings/{id}/approvals',
      '/v1/findings/{id}/reviews', '/v1/findings/{id}/transitions', '/v1/frameworks/{framework}/summary', '/v1/ledger/checkpoints', '/v1/ledger/proof', '/v1/ledger/verify',
      '/v1/notifications', '/v1/notifications/{id}/replay', '/v1/populations', '/v1/populations/daily', '/v1/populations/{id}/csv-metadata',
      '/v1/populations/{id}/export', '/v1/populations/{id}/rerun', '/v1/reports', '/v1/reports/{id}', '/v1/reports/{id}/bundle', '/v1/rules', '/v1/rules/{id}', '/v1/samples', '/v1/samples/{id}',
      '/v1/silences', '/v1/silences/{id}/expire', '/v1/sinks', '/v1/sinks/{name}/test',
      '/v1/tokens', '/v1/tokens/{id}/revoke', '/v1/tokens/{id}/rotate', '/v1/whoami',
    ])
  })

  it('answers unknown routes with 404 not_found', async () => {
    const res = await get('/v2/nothing', ADMIN_TOKEN)
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /v2/nothing' } })
  })
})
