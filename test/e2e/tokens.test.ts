import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createCredentialResolver, createLogger } from '@vigil/platform'
import { ADMIN_TOKEN, AUDITOR_TOKEN, auditEvent, counter, eventList, INGEST_TOKEN, SCOPED_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

let p: TestPipeline
/** Every secret this file sees, for the leak check at the end. */
const secrets = new Set<string>([ADMIN_TOKEN, AUDITOR_TOKEN, INGEST_TOKEN, SCOPED_TOKEN])

beforeAll(async () => {
  p = await startTestPipeline()
  expect((await post(INGEST_TOKEN, [auditEvent({ verb: 'get', objectRef: { resource: 'secrets', namespace: 'a', name: 's', apiVersion: 'v1' }, user: { username: 'alice@example.com' } })])).statusCode).toBe(200)
})
afterAll(async () => {
  await p.close()
})

function api(method: 'GET' | 'POST', url: string, token: string | undefined, payload?: unknown) {
  return p.api.app.inject({
    method,
    url,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  })
}

function post(token: string, events: Record<string, unknown>[]) {
  return p.ingest.app.inject({ method: 'POST', url: '/v1/audit', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: eventList(events) })
}

async function create(body: Record<string, unknown>): Promise<{ token: string; record: { id: string } & Record<string, unknown> }> {
  const res = await api('POST', '/v1/tokens', ADMIN_TOKEN, body)
  expect(res.statusCode, res.body).toBe(201)
  const created = res.json() as { token: string; record: { id: string } & Record<string, unknown> }
  secrets.add(created.token)
  return created
}

describe('managed tokens', () => {
  it('creates an API token shown once, stored as a digest, that works at once within its scope', async () => {
    const { token, record } = await create({ name: 'carol', role: 'analyst', clusters: ['c1'] })
    expect(token).toMatch(new RegExp(`^vigil_ana_${record.id}_`))
    expect(record).toMatchObject({ source: 'store', name: 'carol', role: 'analyst', clusters: ['c1'], created_by: 'admin', revoked_at: null, expires_at: null })
    expect(JSON.stringify(record)).not.toContain(token)
    expect(record).not.toHaveProperty('token_sha256')
    const findings = await api('GET', '/v1/findings?limit=1000', token)
    expect(findings.statusCode).toBe(200)
    expect((findings.json() as { items: { cluster: string }[] }).items.every((f) => f.cluster === 'c1')).toBe(true)

    const list = (await api('GET', '/v1/tokens', ADMIN_TOKEN)).json() as { items: Record<string, unknown>[]; configured: Record<string, unknown>[] }
    const listed = list.items.find((t) => t['id'] === record.id)
    expect(listed).toMatchObject({ name: 'carol', role: 'analyst' })
    expect(JSON.stringify(list)).not.toContain(token)
    expect(list.configured).toContainEqual({ source: 'config', name: 'admin', role: 'admin', cluster: null, clusters: [] })
    expect(list.configured).toContainEqual({ source: 'config', name: 'cluster c1', role: 'ingest', cluster: 'c1', clusters: [] })
    // The digest is in the table, the secret is not.
    const rows = await (await p.sql.query({ query: 'SELECT * FROM tokens_v1', format: 'JSONEachRow' })).text()
    expect(rows).toContain(record.id)
    expect(rows).not.toContain(token)
  })

  it('records when a token was last used', async () => {
    const { token, record } = await create({ name: 'dave', role: 'auditor' })
    expect((await api('GET', '/v1/findings?limit=1', token)).statusCode).toBe(200)
    await p.credentials.refresh()
    const listed = ((await api('GET', '/v1/tokens', ADMIN_TOKEN)).json() as { items: { id: string; last_used_at: string | null }[] }).items.find((t) => t.id === record.id)
    expect(listed?.last_used_at).not.toBeNull()
  })

  it('creates an ingest token for a cluster; revoking it refuses the webhook', async () => {
    const { token, record } = await create({ name: 'prod webhook', role: 'ingest', cluster: 'c3' })
    expect((await post(token, [auditEvent()])).statusCode).toBe(200)
    // An ingest token calls no API route.
    expect((await api('GET', '/v1/findings', token)).statusCode).toBe(403)
    const revoked = await api('POST', `/v1/tokens/${record.id}/revoke`, ADMIN_TOKEN)
    expect(revoked.statusCode).toBe(200)
    expect(revoked.json()).toMatchObject({ id: record.id, revoked_by: 'admin' })
    const refused = await post(token, [auditEvent()])
    expect(refused.statusCode).toBe(401)
    expect(refused.json()).toMatchObject({ error: { code: 'unauthorized' } })
    expect(refused.body).not.toContain(token)
  })

  it('rotates with an overlap in which both tokens work; a zero overlap expires the old one with a 401 that says so', async () => {
    const first = await create({ name: 'ci', role: 'auditor' })
    const r = await api('POST', `/v1/tokens/${first.record.id}/rotate`, ADMIN_TOKEN, { overlap_seconds: 600 })
    expect(r.statusCode, r.body).toBe(201)
    const rotated = r.json() as { token: string; record: { id: string; rotated_from: string }; previous: { expires_at: string } }
    secrets.add(rotated.token)
    expect(rotated.record.rotated_from).toBe(first.record.id)
    expect(Date.parse(rotated.previous.expires_at)).toBeGreaterThan(Date.now())
    expect((await api('GET', '/v1/findings?limit=1', first.token)).statusCode).toBe(200)
    expect((await api('GET', '/v1/findings?limit=1', rotated.token)).statusCode).toBe(200)

    const again = await api('POST', `/v1/tokens/${rotated.record.id}/rotate`, ADMIN_TOKEN, { overlap_seconds: 0 })
    expect(again.statusCode).toBe(201)
    secrets.add((again.json() as { token: string }).token)
    const expired = await api('GET', '/v1/findings?limit=1', rotated.token)
    expect(expired.statusCode).toBe(401)
    expect(expired.json()).toMatchObject({ error: { code: 'token_expired', message: expect.stringContaining('expired at') } })
    // Rotating a revoked token is a conflict.
    await api('POST', `/v1/tokens/${first.record.id}/revoke`, ADMIN_TOKEN)
    expect((await api('POST', `/v1/tokens/${first.record.id}/rotate`, ADMIN_TOKEN, {})).statusCode).toBe(409)
  })

  it.each([
    [{ name: 'x', role: 'ingest' }, 'give cluster'],
    [{ name: 'x', role: 'analyst', cluster: 'c1' }, 'not a cluster'],
    [{ name: 'x', role: 'root' }, 'role'],
    [{ name: 'x', role: 'auditor', expires_at: '2020-01-01T00:00:00Z' }, 'in the past'],
    [{ name: 'x', role: 'auditor', token: 'chosen-by-me-0123456789' }, 'token'],
  ])('refuses a malformed request %j with a 400', async (body, message) => {
    const res = await api('POST', '/v1/tokens', ADMIN_TOKEN, body)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: { code: 'invalid_body', message: expect.stringContaining(message) } })
  })

  it('404s an unknown token id', async () => {
    expect((await api('POST', '/v1/tokens/0123456789abcdef/revoke', ADMIN_TOKEN)).statusCode).toBe(404)
  })

  it('reaches another process polling the same table within its poll interval', async () => {
    const other = createCredentialResolver({ configured: [], source: p.store.tokens, pollIntervalMs: 100, logger: createLogger({ level: 'silent', destination: { write: () => {} } }) })
    await other.start()
    try {
      const { token, record } = await create({ name: 'elsewhere', role: 'auditor' })
      await vi.waitFor(() => expect(other.authenticate(`Bearer ${token}`).ok).toBe(true), { timeout: 10_000, interval: 50 })
      await api('POST', `/v1/tokens/${record.id}/revoke`, ADMIN_TOKEN)
      await vi.waitFor(() => expect(other.authenticate(`Bearer ${token}`)).toMatchObject({ ok: false, reason: 'revoked' }), { timeout: 10_000, interval: 50 })
    } finally {
      await other.stop()
    }
  })
})

describe('the access log', () => {
  it('records allowed and refused requests, masks secret parameters, flags raw-event reads; auditors and admins may read it', async () => {
    const [finding] = ((await api('GET', '/v1/findings?limit=1', ADMIN_TOKEN)).json() as { items: { finding_id: string }[] }).items
    expect((await api('GET', `/v1/findings/${finding?.finding_id}`, AUDITOR_TOKEN)).statusCode).toBe(200)
    expect((await api('GET', '/v1/findings?limit=5&severity=high', SCOPED_TOKEN)).statusCode).toBe(200)
    expect((await api('GET', '/v1/findings?access_token=leaky-secret-value', AUDITOR_TOKEN)).statusCode).toBe(400)
    expect((await api('GET', '/v1/findings', 'not-a-real-token-0123')).statusCode).toBe(401)
    expect((await api('GET', '/v1/tokens', AUDITOR_TOKEN)).statusCode).toBe(403)
    expect((await api('GET', '/v1/no-such-thing', AUDITOR_TOKEN)).statusCode).toBe(404)
    await p.api.flushAccessLog()

    expect((await api('GET', '/v1/access-log', SCOPED_TOKEN)).statusCode).toBe(403)
    const res = await api('GET', '/v1/access-log?limit=1000', AUDITOR_TOKEN)
    expect(res.statusCode).toBe(200)
    const records = (res.json() as { items: Record<string, unknown>[] }).items
    const read = records.find((r) => r['route'] === '/v1/findings/:id' && r['principal'] === 'auditor')
    expect(read).toMatchObject({ role: 'auditor', auth: 'bearer-config', method: 'GET', status: 200, rows: 1, clusters: [] })
    expect(read?.['params']).toBe(JSON.stringify({ id: finding?.finding_id }))
    const scoped = records.find((r) => r['principal'] === 'scoped' && r['route'] === '/v1/findings')
    expect(scoped).toMatchObject({ role: 'analyst', clusters: ['c2'], status: 200 })
    expect(JSON.parse(scoped?.['params'] as string)).toEqual({ limit: '5', severity: 'high' })
    const masked = records.find((r) => typeof r['params'] === 'string' && (r['params'] as string).includes('access_token'))
    expect(masked).toMatchObject({ status: 400, error_code: 'invalid_query', rows: 0 })
    expect(masked?.['params']).toBe(JSON.stringify({ access_token: '***' }))
    expect(records.find((r) => r['status'] === 401)).toMatchObject({ principal: 'anonymous', auth: 'none', error_code: 'unauthorized', route: '/v1/findings' })
    expect(records.find((r) => r['status'] === 403 && r['route'] === '/v1/tokens')).toMatchObject({ principal: 'auditor', role: 'auditor', error_code: 'forbidden' })
    expect(records.find((r) => r['status'] === 404)).toMatchObject({ route: '/v1/no-such-thing', error_code: 'not_found' })
    expect(JSON.stringify(records)).not.toContain('leaky-secret-value')

    // Token changes are in the log as evidence of who changed access.
    expect(records.some((r) => r['route'] === '/v1/tokens/:id/revoke' && r['principal'] === 'admin' && r['status'] === 200)).toBe(true)
    const refused = (await api('GET', '/v1/access-log?outcome=refused&limit=1000', ADMIN_TOKEN)).json() as { items: { status: number }[] }
    expect(refused.items.length).toBeGreaterThan(0)
    expect(refused.items.every((r) => r.status >= 400)).toBe(true)
    expect(await counter(p.metrics, 'vigil_access_records_total')).toBeGreaterThanOrEqual(records.length)
  })

  it('flags a read of a raw event that carries a request body as sensitive', async () => {
    const withBody = auditEvent({
      level: 'RequestResponse',
      verb: 'create',
      user: { username: 'mallory@example.com' },
      objectRef: { resource: 'secrets', namespace: 'b', name: 'db', apiVersion: 'v1' },
      requestObject: { kind: 'Secret', metadata: { name: 'db' } },
    })
    expect((await post(INGEST_TOKEN, [withBody])).statusCode).toBe(200)
    const list = (await api('GET', `/v1/findings?limit=1000&user=mallory@example.com`, ADMIN_TOKEN)).json() as { items: { finding_id: string; audit_id: string }[] }
    const f = list.items.find((x) => x.audit_id === withBody['auditID'])
    expect(f).toBeDefined()
    expect((await api('GET', `/v1/findings/${f?.finding_id}`, AUDITOR_TOKEN)).statusCode).toBe(200)
    await p.api.flushAccessLog()
    const sensitive = (await api('GET', '/v1/access-log?sensitive=true&limit=1000', AUDITOR_TOKEN)).json() as { items: { params: string; sensitive: boolean }[] }
    expect(sensitive.items.some((r) => r.params.includes(f?.finding_id as string))).toBe(true)
    expect(sensitive.items.every((r) => r.sensitive)).toBe(true)
  })
})

describe('no token value leaks', () => {
  it('into logs, metrics, the access log or error bodies', async () => {
    await p.api.flushAccessLog()
    const metrics = await p.metrics.registry.metrics()
    const accessLog = await (await p.sql.query({ query: 'SELECT * FROM access_log_v1', format: 'JSONEachRow' })).text()
    const errors = [
      (await api('GET', '/v1/findings', [...secrets][0]?.slice(0, -2))).body,
      (await api('GET', '/v1/tokens', AUDITOR_TOKEN)).body,
      (await post(`${INGEST_TOKEN}x`, [auditEvent()])).body,
    ].join('\n')
    expect(secrets.size).toBeGreaterThan(5)
    for (const s of secrets) {
      for (const [where, text] of Object.entries({ logs: p.logs.join('\n'), metrics, accessLog, errors })) {
        expect(text.includes(s), `${where} contains a token`).toBe(false)
      }
    }
  })
})
