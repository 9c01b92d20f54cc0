import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { randomBytes } from 'node:crypto'
import { reply, startLocalServer, type LocalServer } from '../../packages/alerts/test/local-server.js'
import { auditEvent, counter, eventList, INGEST_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

// The embedded pipeline with routing on, against local servers speaking the
// Slack webhook and Standard Webhooks wire formats.
const SLACK_PATH = '/services/T0E2E/B0E2E/e2eSlackSecretToken'
const WHSEC = `whsec_${randomBytes(32).toString('base64')}`
let p: TestPipeline
let slack: LocalServer
let soar: LocalServer

function secretRead(i: number, user = 'alice@example.com'): Record<string, unknown> {
  return auditEvent({
    auditID: `alert-${i}-${randomBytes(4).toString('hex')}`,
    verb: 'get',
    user: { username: user },
    objectRef: { resource: 'secrets', namespace: 'payments', name: `s-${i}`, apiVersion: 'v1' },
  })
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50))
  if (!check()) throw new Error(`never happened: ${what}`)
}

const post = (events: Record<string, unknown>[]) =>
  p.ingest.app.inject({ method: 'POST', url: '/v1/audit', headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' }, payload: eventList(events) })

beforeAll(async () => {
  slack = await startLocalServer(reply(200, 'ok'))
  soar = await startLocalServer(reply(204))
  p = await startTestPipeline(
    {
      alerting: {
        external_url: 'https://vigil.example.com',
        egress: { https_only: false, allow_cidrs: ['127.0.0.0/8'] },
        sinks: [
          { name: 'slack', type: 'slack', mode: 'webhook', url: { env: 'E2E_SLACK_URL' }, allow_http: true, min_severity: 'medium' },
          { name: 'soar', type: 'webhook', url: soar.url('/hooks/vigil'), allow_http: true, signing: { secrets: [{ env: 'E2E_WHSEC' }] } },
        ],
        routes: [
          { name: 'secrets', when: { rule_ids: ['secrets.*'] }, sinks: ['slack', 'soar'], group_wait: '0s', group_interval: '1h' },
          { name: 'unmatched', when: {}, sinks: [] },
        ],
      },
    },
    { E2E_SLACK_URL: slack.url(SLACK_PATH), E2E_WHSEC: WHSEC },
  )
})
afterAll(async () => {
  await p.close()
  await slack.close()
  await soar.close()
})

describe('alert routing in vigil start', () => {
  it('pages once per group, through the outbox, and keeps secrets out of logs and metrics', async () => {
    expect((await post([secretRead(1), secretRead(2)])).statusCode).toBe(200)
    await until(() => slack.received.length >= 1 && soar.received.length >= 1, 'a Slack message and a webhook')
    const msg = JSON.parse(slack.received[0]!.body) as { text: string; blocks: unknown[] }
    expect(slack.received[0]!.path).toBe(SLACK_PATH)
    expect(msg.text).toContain('secrets.read-by-human')
    const hook = soar.received[0]!
    const envelope = new Webhook(WHSEC).verify(hook.body, hook.headers as Record<string, string>) as { type: string; data: { findings: { rule_id: string }[] } }
    expect(envelope.type).toBe('vigil.alert.triggered')
    expect(envelope.data.findings.every((f) => f.rule_id === 'secrets.read-by-human')).toBe(true)
    // A later finding of the same group waits for group_interval (1h): no second message now.
    expect((await post([secretRead(3)])).statusCode).toBe(200)
    await p.router!.tick()
    expect(slack.received).toHaveLength(1)
    const rows = await (await p.sql.query({ query: "SELECT sink, state, kind FROM alert_notifications_v1 FINAL ORDER BY sink", format: 'JSONEachRow' })).json()
    expect(rows).toEqual([{ sink: 'slack', state: 'delivered', kind: 'trigger' }, { sink: 'soar', state: 'delivered', kind: 'trigger' }])
    expect(await counter(p.metrics, 'vigil_notifications_total', { sink: 'slack', outcome: 'delivered' })).toBe(1)
    const text = `${p.logs.join('')}${await p.metrics.registry.metrics()}`
    for (const secret of [SLACK_PATH, 'e2eSlackSecretToken', WHSEC, WHSEC.slice(6)]) expect(text).not.toContain(secret)
  })

  it('sends a test notification through the real path, bypassing min_severity only', async () => {
    const before = slack.received.length
    const e = await p.router!.sendTest('slack')
    expect(e?.state).toBe('delivered')
    expect(slack.received).toHaveLength(before + 1)
    expect(JSON.parse(slack.received.at(-1)!.body)).toMatchObject({ text: expect.stringContaining('TEST') })
    expect(await counter(p.metrics, 'vigil_notifications_total', { sink: 'slack', kind: 'test', outcome: 'delivered' })).toBe(1)
  })
})
