import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocalServer, type LocalServer } from '../../packages/alerts/test/local-server.js'
import { ADMIN_TOKEN, AUDITOR_TOKEN, SCOPED_TOKEN, auditEvent, eventList, INGEST_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

// /v1/alerts, /v1/notifications, /v1/silences and /v1/sinks: every documented status.
const SLACK_PATH = '/services/T0API/B0API/apiSlackSecretToken'
const ANALYST = SCOPED_TOKEN
let p: TestPipeline
let slack: LocalServer
let slackStatus = 400

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`never happened: ${what}`)
}

function call(method: 'GET' | 'POST', url: string, token?: string, payload?: unknown) {
  return p.api.app.inject({ method, url, headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) })
}

beforeAll(async () => {
  slack = await startLocalServer((_r, res) => {
    res.writeHead(slackStatus)
    res.end(slackStatus === 200 ? 'ok' : 'invalid_blocks')
  })
  p = await startTestPipeline(
    {
      alerting: {
        external_url: 'https://vigil.example.com',
        egress: { https_only: false, allow_cidrs: ['127.0.0.0/8'] },
        sinks: [{ name: 'slack', type: 'slack', mode: 'webhook', url: { env: 'API_SLACK_URL' }, allow_http: true, min_severity: 'medium' }],
        routes: [
          { name: 'secrets', when: { rule_ids: ['secrets.read-by-human'] }, sinks: ['slack'], group_wait: '0s' },
          { name: 'unmatched', when: {}, sinks: [] },
        ],
      },
    },
    { API_SLACK_URL: slack.url(SLACK_PATH) },
  )
  const event = auditEvent({ auditID: `api-alert-${randomBytes(4).toString('hex')}`, verb: 'get', user: { username: 'alice@example.com' }, objectRef: { resource: 'secrets', namespace: 'payments', name: 'db', apiVersion: 'v1' } })
  const res = await p.ingest.app.inject({ method: 'POST', url: '/v1/audit', headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' }, payload: eventList([event]) })
  expect(res.statusCode).toBe(200)
  await until(async () => ((await call('GET', '/v1/notifications?state=dead', ADMIN_TOKEN)).json() as { items: unknown[] }).items.length === 1, 'a dead letter')
})
afterAll(async () => {
  await p.close()
  await slack.close()
})

describe('GET /v1/alerts', () => {
  it('lists open groups to every role, 400 on an unknown query key, 401 without a token', async () => {
    const res = await call('GET', '/v1/alerts', AUDITOR_TOKEN)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ items: [{ route: 'secrets', episode: 1, severity: 'medium', findings: 1, triggered: true }] })
    expect((await call('GET', '/v1/alerts?bogus=1', ADMIN_TOKEN)).statusCode).toBe(400)
    expect((await call('GET', '/v1/alerts')).statusCode).toBe(401)
  })
})

describe('notifications and dead letters', () => {
  it('lists every delivery with its outcome; a permanent error was tried once', async () => {
    const res = await call('GET', '/v1/notifications', AUDITOR_TOKEN)
    expect(res.statusCode).toBe(200)
    const [n] = (res.json() as { items: Record<string, unknown>[] }).items
    expect(n).toMatchObject({ sink: 'slack', kind: 'trigger', state: 'dead', attempts: 1, last_result: 'client_error', last_status: 400, dead_reason: 'client_error: invalid_blocks' })
    expect(slack.received).toHaveLength(1)
    expect((await call('GET', '/v1/notifications?state=lost', ADMIN_TOKEN)).statusCode).toBe(400)
    expect(JSON.stringify(n)).not.toContain('apiSlackSecretToken')
  })

  it('replays a dead letter with the same id (202), refuses the wrong role (403), a bad id (400), an unknown one (404) and a delivered one (409)', async () => {
    const [dead] = ((await call('GET', '/v1/notifications?state=dead', ADMIN_TOKEN)).json() as { items: { notification_id: string }[] }).items
    const id = dead!.notification_id
    expect((await call('POST', `/v1/notifications/${id}/replay`, AUDITOR_TOKEN)).statusCode).toBe(403)
    expect((await call('POST', '/v1/notifications/nope/replay', ADMIN_TOKEN)).statusCode).toBe(400)
    expect((await call('POST', `/v1/notifications/n_${'0'.repeat(32)}/replay`, ADMIN_TOKEN)).statusCode).toBe(404)
    // ANALYST is scoped to c2 and the dead letter is about c1: for it, the notification does not exist.
    expect((await call('POST', `/v1/notifications/${id}/replay`, ANALYST)).statusCode).toBe(404)
    slackStatus = 200
    const res = await call('POST', `/v1/notifications/${id}/replay`, ADMIN_TOKEN)
    expect(res.statusCode).toBe(202)
    expect(res.json()).toMatchObject({ notification_id: id, state: 'pending', attempts: 0 })
    await until(async () => ((await call('GET', '/v1/notifications?state=delivered', ADMIN_TOKEN)).json() as { items: unknown[] }).items.length === 1, 'the replay delivered')
    expect(slack.received).toHaveLength(2)
    expect(slack.received[1]!.body).toBe(slack.received[0]!.body)
    const again = await call('POST', `/v1/notifications/${id}/replay`, ADMIN_TOKEN)
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ error: { code: 'conflict' } })
  })
})

describe('silences', () => {
  const body = (over: Record<string, unknown> = {}) => ({ matchers: [{ name: 'cluster', op: '=', value: 'c1' }], startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: 'maintenance window', ...over })

  it('creates one (201) with createdBy from the token, never from the body', async () => {
    // ANALYST is scoped to c2: its silences must be confined to c2.
    const res = await call('POST', '/v1/silences', ANALYST, body({ matchers: [{ name: 'cluster', op: '=', value: 'c2' }] }))
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ createdBy: 'principal:scoped', state: 'active', comment: 'maintenance window' })
    expect((await call('POST', '/v1/silences', ANALYST, { ...body(), createdBy: 'mallory' })).statusCode).toBe(400)
    expect((await call('POST', '/v1/silences', ANALYST, body())).statusCode).toBe(403)
  })

  it('refuses a silence without a comment or matchers (400), from an auditor (403), without a token (401)', async () => {
    const noComment = await call('POST', '/v1/silences', ADMIN_TOKEN, body({ comment: '' }))
    expect(noComment.statusCode).toBe(400)
    expect(noComment.json()).toMatchObject({ error: { code: 'invalid_body', message: expect.stringContaining('comment') } })
    expect((await call('POST', '/v1/silences', ADMIN_TOKEN, body({ matchers: [] }))).statusCode).toBe(400)
    expect((await call('POST', '/v1/silences', AUDITOR_TOKEN, body())).statusCode).toBe(403)
    expect((await call('POST', '/v1/silences', undefined, body())).statusCode).toBe(401)
  })

  it('expires one (200) and keeps it; 409 the second time, 404 for an unknown id, 400 for a malformed one', async () => {
    const created = (await call('POST', '/v1/silences', ADMIN_TOKEN, body())).json() as { id: string }
    const res = await call('POST', `/v1/silences/${created.id}/expire`, ADMIN_TOKEN)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ id: created.id, state: 'expired' })
    expect((await call('POST', `/v1/silences/${created.id}/expire`, ADMIN_TOKEN)).statusCode).toBe(409)
    expect((await call('POST', `/v1/silences/s_${'0'.repeat(32)}/expire`, ADMIN_TOKEN)).statusCode).toBe(404)
    expect((await call('POST', '/v1/silences/x/expire', ADMIN_TOKEN)).statusCode).toBe(400)
    const expired = (await call('GET', '/v1/silences?state=expired', AUDITOR_TOKEN)).json() as { items: { id: string }[] }
    expect(expired.items.map((s) => s.id)).toContain(created.id)
    expect((await call('GET', '/v1/silences?state=later', AUDITOR_TOKEN)).statusCode).toBe(400)
  })
})

describe('sinks', () => {
  it('lists sinks with secrets masked', async () => {
    const res = await call('GET', '/v1/sinks', AUDITOR_TOKEN)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ items: [{ name: 'slack', type: 'slack', mode: 'webhook', endpoint: `http://127.0.0.1:${slack.port}/***`, min_severity: 'medium', send_resolved: false, signing_secrets: 0, healthy: true, unhealthy_since: null, health_detail: null }] })
    expect(res.body).not.toContain('apiSlackSecretToken')
  })

  it('shows the health the router recorded', async () => {
    await p.store.alerting.writeSinkHealth([{ sink: 'slack', healthy: false, since_ms: Date.parse('2026-12-07T10:00:00Z'), detail: 'channel_not_found', breaks: 1, version: 1 }])
    const res = await call('GET', '/v1/sinks', AUDITOR_TOKEN)
    expect(res.json()).toMatchObject({ items: [{ name: 'slack', healthy: false, unhealthy_since: '2026-12-07T10:00:00.000Z', health_detail: 'channel_not_found' }] })
    await p.store.alerting.writeSinkHealth([{ sink: 'slack', healthy: true, since_ms: Date.parse('2026-12-07T10:05:00Z'), detail: 'ok', breaks: 1, version: 2 }])
    expect((await call('GET', '/v1/sinks', AUDITOR_TOKEN)).json()).toMatchObject({ items: [{ name: 'slack', healthy: true, health_detail: null }] })
  })

  it('sends a test through the real path (202), 404 for an unknown sink, 403 for an auditor', async () => {
    expect((await call('POST', '/v1/sinks/nope/test', ADMIN_TOKEN)).statusCode).toBe(404)
    expect((await call('POST', '/v1/sinks/slack/test', AUDITOR_TOKEN)).statusCode).toBe(403)
    const before = slack.received.length
    const res = await call('POST', '/v1/sinks/slack/test', ADMIN_TOKEN)
    expect(res.statusCode).toBe(202)
    const id = (res.json() as { notification_id: string }).notification_id
    await until(() => slack.received.length > before, 'the test message')
    expect(JSON.parse(slack.received.at(-1)!.body)).toMatchObject({ text: expect.stringContaining('TEST') })
    await until(async () => ((await call('GET', '/v1/notifications?state=delivered&limit=1000', ADMIN_TOKEN)).json() as { items: { notification_id: string }[] }).items.some((n) => n.notification_id === id), 'the test recorded as delivered')
  })
})
