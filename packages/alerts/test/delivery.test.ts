import { afterEach, describe, expect, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { candidate } from './fixtures.js'
import { SECRETS, createDelivery, loadLocal, newOutboxEntry, note } from './harness.js'
import { reply, startLocalServer, type LocalServer, type Responder } from './local-server.js'

const servers: LocalServer[] = []
const cleanups: (() => void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) c()
  for (const s of servers.splice(0)) await s.close()
})
async function server(respond: Responder, clock?: { now: number }) {
  const s = await startLocalServer(respond, clock === undefined ? undefined : () => clock.now)
  servers.push(s)
  return s
}
function setup(sinks: unknown[], clock: { now: number }, retry: Record<string, unknown> = {}) {
  const d = createDelivery(loadLocal(sinks, retry), clock)
  cleanups.push(d.close)
  return d
}
const slackSink = (name: string) => ({ name, type: 'slack', mode: 'webhook', url: { env: `URL_${name.toUpperCase()}` }, allow_http: true })

describe('delivery against local servers', () => {
  it('honours Slack 429 Retry-After for the whole sink key, not other sinks', async () => {
    const clock = { now: 0 }
    let first = true
    const slack = await server((_r, res) => {
      if (first) {
        first = false
        res.writeHead(429, { 'retry-after': '3' })
        return res.end('rate_limited')
      }
      res.writeHead(200)
      res.end('ok')
    }, clock)
    const hook = await server(reply(204), clock)
    const loaded = loadLocal([slackSink('slack'), { name: 'hook', type: 'webhook', url: hook.url('/h'), allow_http: true, signing: { secrets: [{ env: 'WHSEC' }] } }], {}, { URL_SLACK: slack.url(SECRETS.slackPath) })
    const { delivery, close } = createDelivery(loaded, clock)
    cleanups.push(close)
    const a = note('slack')
    const b = note('slack')
    const h = note('hook')
    for (const n of [a, b, h]) delivery.enqueue(newOutboxEntry(n))
    const events = await delivery.step(0)
    expect(events.map((e) => `${e.entry.notification.sink}:${e.result}`)).toEqual(['slack:rate_limited', 'hook:success'])
    expect(slack.received).toHaveLength(1)
    expect(hook.received).toHaveLength(1)
    for (const t of [500, 1000, 2999]) {
      clock.now = t
      expect(await delivery.step(t)).toEqual([])
    }
    expect(delivery.nextWakeAt(2999)).toBe(3000)
    clock.now = 3000
    const later = await delivery.step(3000)
    expect(later.map((e) => `${e.entry.notification.id === a.id ? 'a' : 'b'}:${e.result}`)).toEqual(['a:success', 'b:success'])
    expect(slack.received.map((r) => r.at)).toEqual([0, 3000, 3000])
    expect(slack.received[0]?.path).toBe(SECRETS.slackPath)
  })

  it('waits the configured floor after a PagerDuty 429 without Retry-After', async () => {
    const clock = { now: 0 }
    let n = 0
    const pd = await server((_r, res) => {
      res.writeHead(n++ === 0 ? 429 : 202, { 'content-type': 'application/json' })
      res.end('{"status":"success","message":"Event processed"}')
    }, clock)
    const { delivery } = setup([{ name: 'pd', type: 'pagerduty', routing_key: { env: 'PD_KEY' }, url: pd.url('/v2/enqueue'), allow_http: true }], clock)
    const e = newOutboxEntry(note('pd'))
    delivery.enqueue(e)
    await delivery.step(0)
    expect(e.nextAttemptAt).toBeGreaterThanOrEqual(30_000)
    expect(await delivery.step(29_999)).toEqual([])
    clock.now = 30_000
    await delivery.step(30_000)
    expect(e.state).toBe('delivered')
    const body = JSON.parse(pd.received[1]!.body) as { routing_key: string; dedup_key: string; event_action: string }
    expect(body).toMatchObject({ routing_key: SECRETS.routingKey, event_action: 'trigger' })
    expect(body.dedup_key).toBe((JSON.parse(pd.received[0]!.body) as { dedup_key: string }).dedup_key)
  })

  it('paces a burst of 200 groups at the configured rate', async () => {
    const clock = { now: 0 }
    const hook = await server(reply(200), clock)
    const { delivery } = setup([{ name: 'hook', type: 'webhook', url: hook.url('/h'), allow_http: true, signing: { secrets: [{ env: 'WHSEC' }] }, rate_limit: { per_second: 2, burst: 4 } }], clock)
    for (let i = 0; i < 200; i++) delivery.enqueue(newOutboxEntry(note('hook')))
    for (let t = 0; t <= 10_000; t += 100) {
      clock.now = t
      await delivery.step(t)
    }
    // Burst of 4 at t=0, then 2/s for 10 s.
    expect(hook.received).toHaveLength(4 + 20)
    for (let s = 1; s <= 10; s++) expect(hook.received.filter((r) => r.at > (s - 1) * 1000 && r.at <= s * 1000)).toHaveLength(2)
  })

  it('retries a 5xx once and delivers once, with the same webhook-id and a new timestamp, signed', async () => {
    const clock = { now: Date.now() }
    const t0 = clock.now
    let n = 0
    const hook = await server((_r, res) => {
      res.writeHead(n++ === 0 ? 503 : 200)
      res.end()
    }, clock)
    const { delivery } = setup([{ name: 'hook', type: 'webhook', url: hook.url('/h'), allow_http: true, signing: { secrets: [{ env: 'WHSEC' }] } }], clock)
    const e = newOutboxEntry(note('hook', 'trigger', {}, t0))
    delivery.enqueue(e)
    await delivery.step(t0)
    expect(e.state).toBe('pending')
    clock.now = e.nextAttemptAt + 1500
    await delivery.step(clock.now)
    expect(e).toMatchObject({ state: 'delivered', attempts: 2 })
    const [a, b] = hook.received
    expect(b!.headers['webhook-id']).toBe(a!.headers['webhook-id'])
    expect(b!.headers['webhook-id']).toBe(e.notification.id)
    expect(b!.headers['webhook-timestamp']).not.toBe(a!.headers['webhook-timestamp'])
    expect(new Webhook(SECRETS.whsec).verify(b!.body, b!.headers as Record<string, string>)).toBeTruthy()
    expect(hook.received).toHaveLength(2)
  })

  it('dead-letters after max_attempts with the reason and last status, and a replay uses the same webhook-id', async () => {
    const clock = { now: 0 }
    let fail = true
    const hook = await server((_r, res) => {
      res.writeHead(fail ? 500 : 200)
      res.end()
    }, clock)
    const { delivery, saved } = setup([{ name: 'hook', type: 'webhook', url: hook.url('/h'), allow_http: true, signing: { secrets: [{ env: 'WHSEC' }] } }], clock)
    const e = newOutboxEntry(note('hook'))
    delivery.enqueue(e)
    while (e.state === 'pending') {
      clock.now = e.nextAttemptAt
      await delivery.step(clock.now)
    }
    expect(e).toMatchObject({ state: 'dead', attempts: 4, lastStatus: 500, lastResult: 'server_error' })
    expect(e.deadReason).toMatch(/^max_attempts after 4 attempt\(s\); last server_error: HTTP 500$/)
    expect(saved.at(-1)).toMatchObject({ state: 'dead' })
    fail = false
    await delivery.replay(e.notification.id, clock.now)
    await delivery.step(clock.now)
    expect(e.state).toBe('delivered')
    expect(new Set(hook.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([e.notification.id]))
    expect(hook.received).toHaveLength(5)
  })

  it('never retries a permanent error, and flags a broken sink', async () => {
    const clock = { now: 0 }
    const slack = await server(reply(400, 'invalid_blocks'), clock)
    const archived = await server(reply(410, 'channel_is_archived'), clock)
    const pd = await server(reply(400, '{"status":"invalid event","errors":["payload.summary missing"]}'), clock)
    const loaded = loadLocal([slackSink('slack'), slackSink('archived'), { name: 'pd', type: 'pagerduty', routing_key: { env: 'PD_KEY' }, url: pd.url('/v2/enqueue'), allow_http: true }], {}, { URL_SLACK: slack.url('/s'), URL_ARCHIVED: archived.url('/s') })
    const { delivery, close } = createDelivery(loaded, clock)
    cleanups.push(close)
    for (const s of ['slack', 'archived', 'pd']) delivery.enqueue(newOutboxEntry(note(s)))
    const events = await delivery.step(0)
    const byResult = events.map((e) => `${e.entry.notification.sink}:${e.result}:${e.sinkBroken}`)
    expect(byResult).toEqual(expect.arrayContaining(['slack:client_error:false', 'archived:client_error:true', 'pd:client_error:false']))
    for (let t = 1000; t < 600_000; t += 60_000) await delivery.step(t)
    expect([slack.received.length, archived.received.length, pd.received.length]).toEqual([1, 1, 1])
    expect(events.filter((e) => e.result === 'dead_lettered').map((e) => e.entry.deadReason).sort()).toEqual(['client_error: HTTP 400', 'client_error: channel_is_archived', 'client_error: invalid_blocks'])
  })

  it('sends a resolve only after its trigger, and dead-letters it with a dead trigger', async () => {
    const clock = { now: 0 }
    let failures = 1
    const pd = await server((_r, res) => {
      res.writeHead(failures-- > 0 ? 502 : 202)
      res.end('{}')
    }, clock)
    const { delivery } = setup([{ name: 'pd', type: 'pagerduty', routing_key: { env: 'PD_KEY' }, url: pd.url('/v2/enqueue'), allow_http: true }], clock)
    const trigger = note('pd')
    const resolve = { ...trigger, id: 'n_resolve', kind: 'resolve' as const, seq: 2 }
    delivery.enqueue(newOutboxEntry(trigger))
    delivery.enqueue(newOutboxEntry(resolve))
    await delivery.step(0)
    expect(pd.received).toHaveLength(1)
    clock.now = 60_000
    await delivery.step(clock.now)
    expect(pd.received.map((r) => (JSON.parse(r.body) as { event_action: string }).event_action)).toEqual(['trigger', 'trigger', 'resolve'])

    failures = 1000
    const t2 = { ...note('pd'), id: 'n_t2' }
    const r2 = { ...t2, id: 'n_r2', kind: 'resolve' as const, seq: 2 }
    const et = newOutboxEntry(t2)
    const er = newOutboxEntry(r2)
    delivery.enqueue(et)
    delivery.enqueue(er)
    const before = pd.received.length
    while (et.state === 'pending') {
      clock.now = Math.max(clock.now, et.nextAttemptAt)
      await delivery.step(clock.now)
    }
    expect(et.state).toBe('dead')
    expect(er).toMatchObject({ state: 'dead', deadReason: 'the trigger it answers is a dead letter', attempts: 0 })
    expect(pd.received.slice(before).every((r) => (JSON.parse(r.body) as { event_action: string }).event_action === 'trigger')).toBe(true)
  })

  it('threads a Slack bot group: parent, then reply and chat.update on the stored ts', async () => {
    const clock = { now: 0 }
    const api = await server((r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      if (r.headers['authorization'] !== `Bearer ${SECRETS.botToken}`) return res.end('{"ok":false,"error":"invalid_auth"}')
      const body = JSON.parse(r.body) as { channel: string; ts?: string }
      res.end(JSON.stringify({ ok: true, channel: body.channel, ts: body.ts ?? '1795789805.000100' }))
    }, clock)
    const { delivery, threads } = setup([{ name: 'bot', type: 'slack', mode: 'bot', token: { env: 'BOT' }, channel: 'C0123456789', api_url: api.url('/api'), allow_http: true }], clock)
    const a = candidate({ finding_id: 'fa' })
    const b = candidate({ finding_id: 'fb' })
    const trigger = note('bot', 'trigger', { groupKey: 'r/bot', findings: [a], fresh: [a] })
    const update = note('bot', 'update', { groupKey: 'r/bot', seq: 2, findings: [a, b], fresh: [b] })
    delivery.enqueue(newOutboxEntry(trigger))
    delivery.enqueue(newOutboxEntry(update))
    await delivery.step(0)
    clock.now = 5000
    await delivery.step(5000)
    expect(api.received.map((r) => r.path)).toEqual(['/api/chat.postMessage', '/api/chat.postMessage', '/api/chat.update'])
    expect(JSON.parse(api.received[1]!.body)).toMatchObject({ channel: 'C0123456789', thread_ts: '1795789805.000100' })
    expect(JSON.parse(api.received[2]!.body)).toMatchObject({ channel: 'C0123456789', ts: '1795789805.000100' })
    expect([...threads.values()]).toEqual([{ channel: 'C0123456789', ts: '1795789805.000100' }])
  })

  it('keeps secrets out of every outcome, reason and saved row', async () => {
    const clock = { now: 0 }
    const slack = await server(reply(404, 'no_active_hooks'), clock)
    const pd = await server(reply(500, 'boom'), clock)
    const hook = await server(reply(401, 'nope'), clock)
    const loaded = loadLocal([slackSink('slack'), { name: 'pd', type: 'pagerduty', routing_key: { env: 'PD_KEY' }, url: pd.url('/v2/enqueue'), allow_http: true }, { name: 'hook', type: 'webhook', url: hook.url('/h'), allow_http: true, signing: { secrets: [{ env: 'WHSEC' }], github_compat_header: true } }], { max_attempts: 2 }, { URL_SLACK: slack.url(SECRETS.slackPath) })
    const { delivery, saved, close } = createDelivery(loaded, clock)
    cleanups.push(close)
    for (const s of ['slack', 'pd', 'hook']) delivery.enqueue(newOutboxEntry(note(s)))
    const events = []
    for (let t = 0; t < 120_000; t += 1000) events.push(...(await delivery.step(t)))
    const text = JSON.stringify({ events, saved, loaded: [...loaded.sinks.values()] })
    for (const secret of [SECRETS.slackPath, 'slackpathtoken', SECRETS.routingKey, SECRETS.botToken, SECRETS.whsec, SECRETS.whsec.slice(6)]) expect(text).not.toContain(secret)
    expect(saved.filter((e) => e.state === 'dead')).toHaveLength(3)
  })
})
