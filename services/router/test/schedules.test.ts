import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadAlerting, type AlertCandidate, type LoadedAlerting } from '@vigil/alerts'
import { createInProcessLog } from '@vigil/event-log'
import { createLogger, createMetrics } from '@vigil/platform'
import { openStore, RetentionConfig, StoreConfig, type Store, type TransitionRow } from '@vigil/store'
import { candidates } from '../../../packages/alerts/test/fixtures.js'
import { reply, startLocalServer, type LocalServer, type Responder } from '../../../packages/alerts/test/local-server.js'
import { createRouter } from '../src/create-router.js'

// The router's scheduled jobs, sink health and triage resolutions, on a fake clock,
// against local servers speaking Slack's, PagerDuty's and Standard Webhooks' wire formats.
const dir = mkdtempSync(join(tmpdir(), 'vigil-router-jobs-'))
let store: Store
const servers: LocalServer[] = []
const WHSEC = `whsec_${Buffer.alloc(32, 9).toString('base64')}`

beforeAll(async () => {
  ;({ store } = await openStore({ store: StoreConfig.parse({ type: 'chdb' }), retention: RetentionConfig.parse({}), dataDir: dir }))
})
afterAll(async () => {
  await store.close()
  await Promise.all(servers.map((s) => s.close()))
  rmSync(dir, { recursive: true, force: true })
})

async function server(respond: Responder, clock: { t: number }): Promise<LocalServer> {
  const s = await startLocalServer(respond, () => clock.t)
  servers.push(s)
  return s
}

function alertingOf(doc: Record<string, unknown>, env: Record<string, string> = {}): LoadedAlerting {
  const loaded = loadAlerting({ external_url: 'https://vigil.example.com', egress: { https_only: false, allow_cidrs: ['127.0.0.0/8'] }, ...doc }, { env: { W: WHSEC, PD: 'R0UT1NGKEY32CHARSxxxxxxxxxxxxxxx', ...env }, readFile: () => '' })
  if (!('config' in loaded)) throw new Error(JSON.stringify(loaded))
  return loaded
}

function start(alerting: LoadedAlerting, clock: { t: number }) {
  const log = createInProcessLog({ maxPendingRecords: 10_000, maxBatchRecords: 1000, maxInFlightBatches: 1 })
  const metrics = createMetrics({ defaultMetrics: false })
  const router = createRouter({
    consumer: log.consumer({ group: 'test' }), store: store.alerting, alerting, metrics, logger: createLogger({ level: 'silent' }), resolver: async () => [],
    clock: () => clock.t, random: () => 0.5, refreshMs: 1000, triage: store.reviews, coverage: store.coverage,
  })
  const publish = (cs: AlertCandidate[]) => log.producer().publish(cs.map((c) => ({ topic: 'alerts' as const, key: c.cluster, value: JSON.stringify(c), headers: {} })))
  return { router, publish, metrics, close: async () => { await router.stop(); await log.close() } }
}

const webhookSink = (name: string, url: string) => ({ name, type: 'webhook', url, allow_http: true, signing: { secrets: [{ env: 'W' }] } })
const typeOf = (body: string) => (JSON.parse(body) as { type: string }).type

describe('triage resolves the PagerDuty incident', () => {
  it('sends resolve with the trigger dedup_key once every finding of the group is resolved, never before the trigger', async () => {
    const clock = { t: Date.parse('2026-12-02T10:00:00Z') }
    let failFirst = true
    const pd = await server((req, res) => {
      if (failFirst && (JSON.parse(req.body) as { event_action: string }).event_action === 'trigger') {
        failFirst = false
        res.writeHead(500).end()
        return
      }
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"success","message":"Event processed","dedup_key":"x"}')
    }, clock)
    const alerting = alertingOf({
      sinks: [{ name: 'pd-triage', type: 'pagerduty', routing_key: { env: 'PD' }, url: pd.url('/v2/enqueue'), allow_http: true }],
      routes: [{ name: 'triage', when: {}, sinks: ['pd-triage'], group_wait: '0s' }],
    })
    const r = start(alerting, clock)
    await r.router.start()
    const [a, b] = candidates(2, { cluster: 'triage-c' })
    await r.publish([a!, b!])
    await r.router.tick()
    // The trigger failed with a 500 and waits in backoff.
    expect(pd.received).toHaveLength(1)
    const record = async (finding: AlertCandidate, seq: number, to: TransitionRow['to_state'], kind: TransitionRow['kind'] = 'transition') => store.reviews.record([{
      transition_id: `t-${finding.finding_id}-${seq}`, finding_id: finding.finding_id, seq, cluster: finding.cluster, at: new Date(clock.t).toISOString(), actor: 'bob@example.com', role: 'analyst',
      kind, from_state: seq === 0 ? 'open' : 'acknowledged', to_state: to, disposition: to === 'resolved' ? 'true_positive' : null, reason: 'fixed', ticket: null, expires_at: null, request_id: null,
    }])
    // One of two findings resolved: the incident stays open.
    await record(a!, 0, 'acknowledged')
    await record(a!, 1, 'resolved')
    clock.t += 1500
    await r.router.poll()
    const actions = () => pd.received.map((q) => (JSON.parse(q.body) as { event_action: string }).event_action)
    expect(actions()).not.toContain('resolve')
    // The second is resolved while the trigger is still in backoff: the resolve queues behind it.
    await record(b!, 0, 'acknowledged')
    await record(b!, 1, 'resolved')
    await r.router.poll()
    clock.t += 600_000
    await r.router.tick()
    await r.router.tick()
    expect(actions()).toEqual(['trigger', 'trigger', 'resolve'])
    const keys = pd.received.map((q) => (JSON.parse(q.body) as { dedup_key: string }).dedup_key)
    expect(new Set(keys).size).toBe(1)
    await r.close()
  })

  it('a four-eyes request that nobody approved resolves nothing', async () => {
    const clock = { t: Date.parse('2026-12-02T12:00:00Z') }
    const hook = await server(reply(204), clock)
    const r = start(alertingOf({ sinks: [webhookSink('hook-4eyes', hook.url('/h'))], routes: [{ name: 'foureyes', when: {}, sinks: ['hook-4eyes'], group_wait: '0s' }] }), clock)
    await r.router.start()
    const [a] = candidates(1, { cluster: 'four-eyes', finding_id: 'f4eyes000000000000000000000000001' })
    await r.publish([a!])
    await r.router.tick()
    await store.reviews.record([{
      transition_id: 't-4e-0', finding_id: a!.finding_id, seq: 0, cluster: a!.cluster, at: new Date(clock.t).toISOString(), actor: 'bob', role: 'analyst', kind: 'request',
      from_state: 'open', to_state: 'resolved', disposition: 'false_positive', reason: 'noise', ticket: null, expires_at: null, request_id: null,
    }])
    clock.t += 2000
    await r.router.poll()
    expect(hook.received.map((q) => typeOf(q.body))).toEqual(['vigil.alert.triggered'])
    await r.close()
  })
})

describe('stream-silence alerts from the recorded coverage gaps', () => {
  it('routes an open gap like a finding and resolves it when the gap closes', async () => {
    const clock = { t: Date.parse('2026-12-03T10:00:00Z') }
    const hook = await server(reply(204), clock)
    const alerting = alertingOf({
      sinks: [webhookSink('hook-gap', hook.url('/gap'))],
      routes: [{ name: 'gaps', when: { rule_ids: ['vigil.coverage.*'] }, sinks: ['hook-gap'], group_wait: '0s' }, { name: 'rest', when: {}, sinks: [] }],
      schedules: { stream_gap: { severity: 'critical' } },
    })
    const r = start(alerting, clock)
    await r.router.start()
    const gap = { cluster: 'gap-c', apiserver: 'api-0', start: '2026-12-03T09:40:00.000Z', end: '2026-12-03T10:00:00.000Z', open: true, detected_at: '2026-12-03T10:00:00.000Z', detected_by: 'job:gap-check' }
    await store.coverage.recordGaps([gap])
    await r.router.runJob('stream_gap')
    // A second run of the same open gap is the same finding: no second trigger.
    clock.t += 60_000
    await r.router.runJob('stream_gap')
    expect(hook.received.map((q) => typeOf(q.body))).toEqual(['vigil.alert.triggered'])
    const first = JSON.parse(hook.received[0]!.body) as { data: { severity: string; findings: { rule_id: string; cluster: string }[] } }
    expect(first.data.severity).toBe('critical')
    expect(first.data.findings[0]).toMatchObject({ rule_id: 'vigil.coverage.stream_gap', cluster: 'gap-c' })
    await store.coverage.recordGaps([{ ...gap, end: '2026-12-03T10:01:00.000Z', open: false, detected_at: '2026-12-03T10:02:00.000Z' }])
    clock.t += 60_000
    await r.router.runJob('stream_gap')
    await r.router.tick()
    expect(hook.received.map((q) => typeOf(q.body))).toEqual(['vigil.alert.triggered', 'vigil.alert.resolved'])
    expect(await r.metrics.registry.getSingleMetricAsString('vigil_alert_candidates_total')).toContain('outcome="grouped"} 1')
    await r.close()
  })
})

describe('a sink whose configuration broke', () => {
  it('is marked unhealthy (store and metric), raises a meta-alert on the fallback once, and clears both on its next success', async () => {
    const clock = { t: Date.parse('2026-12-04T10:00:00Z') }
    let slackAnswer: [number, string] = [404, 'channel_not_found']
    const slack = await server((_q, res) => res.writeHead(slackAnswer[0], { 'content-type': 'text/plain' }).end(slackAnswer[1]), clock)
    const fallback = await server(reply(204), clock)
    const alerting = alertingOf({
      sinks: [{ name: 'slack-broken', type: 'slack', mode: 'webhook', url: { env: 'SLACK' }, allow_http: true }, webhookSink('fallback', fallback.url('/meta'))],
      routes: [{ name: 'chat', when: {}, sinks: ['slack-broken'], group_wait: '0s', group_by: ['cluster', 'finding_id'] }],
      meta: { fallback_sink: 'fallback' },
    }, { SLACK: slack.url('/services/T0/B0/secretpath') })
    const r = start(alerting, clock)
    await r.router.start()
    await r.publish(candidates(2, { cluster: 'broken-c' }).map((c, i) => ({ ...c, finding_id: `fbroken${i}` })))
    await r.router.tick()
    await r.router.tick()
    // Both notifications were refused permanently (one request each), but one meta-alert went out.
    expect(slack.received).toHaveLength(2)
    expect(fallback.received.map((q) => typeOf(q.body))).toEqual(['vigil.alert.triggered'])
    const meta = JSON.parse(fallback.received[0]!.body) as { data: { findings: { rule_id: string; name: string; reason: string }[] } }
    expect(meta.data.findings[0]).toMatchObject({ rule_id: 'vigil.sink.unhealthy', name: 'slack-broken' })
    expect(fallback.received[0]!.body).not.toContain('secretpath')
    expect(await store.alerting.loadSinkHealth()).toContainEqual(expect.objectContaining({ sink: 'slack-broken', healthy: false, detail: 'channel_not_found', breaks: 1 }))
    expect(await r.metrics.registry.getSingleMetricAsString('vigil_sink_healthy')).toContain('sink="slack-broken"} 0')
    // A restart keeps the state: no second meta-alert for the same break.
    await r.close()
    const r2 = start(alerting, clock)
    await r2.router.start()
    expect(await r2.metrics.registry.getSingleMetricAsString('vigil_sink_healthy')).toContain('sink="slack-broken"} 0')
    slackAnswer = [200, 'ok']
    await r2.publish(candidates(1, { cluster: 'broken-c', finding_id: 'fhealthy00000000000000000000000001' }))
    await r2.router.tick()
    await r2.router.tick()
    expect(fallback.received.map((q) => typeOf(q.body))).toEqual(['vigil.alert.triggered', 'vigil.alert.resolved'])
    expect(await store.alerting.loadSinkHealth()).toContainEqual(expect.objectContaining({ sink: 'slack-broken', healthy: true, breaks: 1 }))
    expect(await r2.metrics.registry.getSingleMetricAsString('vigil_sink_healthy')).toContain('sink="slack-broken"} 1')
    await r2.close()
  })
})

describe('digests and retention', () => {
  it('posts one digest per route to its chat sink with counts, top rules and findings open past SLA, once per period', async () => {
    const clock = { t: Date.parse('2026-12-05T08:00:00Z') }
    const slack = await server(reply(200, 'ok'), clock)
    const pd = await server(reply(202, '{}'), clock)
    const alerting = alertingOf({
      sinks: [{ name: 'slack-digest', type: 'slack', mode: 'webhook', url: { env: 'SLACK' }, allow_http: true }, { name: 'pd-digest', type: 'pagerduty', routing_key: { env: 'PD' }, url: pd.url('/v2/enqueue'), allow_http: true }],
      routes: [{ name: 'digested', when: {}, sinks: ['slack-digest', 'pd-digest'], group_wait: '1h' }],
      schedules: { digest: { period: '1d' } },
    }, { SLACK: slack.url('/services/T/B/d') })
    const r = start(alerting, clock)
    await r.router.start()
    // Ids of their own: triage rows of other tests' findings must not count here.
    await r.publish([...candidates(2, { cluster: 'digest-c', severity: 'critical' }).map((c, i) => ({ ...c, finding_id: `fdigest${i}` })), ...candidates(1, { cluster: 'digest-c', severity: 'low', rule_id: 'other.rule', finding_id: 'flow000000000000000000000000000001' })])
    // 23 hours later: the findings are in the period, none past its SLA yet (critical: 24 h).
    clock.t += 23 * 3_600_000
    await r.router.runJob('digest')
    const sent = slack.received.filter((q) => q.body.includes('📋 Digest'))
    expect(sent).toHaveLength(1)
    const text = (JSON.parse(sent[0]!.body) as { blocks: { text?: { text: string } }[] }).blocks.map((b) => b.text?.text ?? '').join('\n')
    expect(text).toContain('*3 finding(s)*')
    expect(text).toContain('🔴 critical *2*')
    expect(text).toContain('`rbac.cluster_admin_binding` 2')
    expect(text).toContain('*Open past their triage SLA:* 0')
    expect(pd.received.filter((q) => q.body.includes('Digest'))).toHaveLength(0)
    // The same run again (a restart at the wrong moment) sends nothing new.
    await r.router.runJob('digest')
    expect(slack.received.filter((q) => q.body.includes('📋 Digest'))).toHaveLength(1)
    // The next day's digest: nothing new in its period, but the two critical findings are now past their SLA.
    clock.t += 24 * 3_600_000
    await r.router.runJob('digest')
    const later = slack.received.filter((q) => q.body.includes('📋 Digest'))
    expect(later).toHaveLength(2)
    expect(later[1]!.body).toContain('*0 finding(s)*')
    expect(later[1]!.body).toContain('*Open past their triage SLA:* 2')
    await r.close()
  })

  it('retention removes old delivered records, keeps pending ones, and counts what it removed', async () => {
    const clock = { t: Date.parse('2026-12-06T10:00:00Z') }
    const hook = await server(reply(204), clock)
    const alerting = alertingOf({ sinks: [webhookSink('hook-ret', hook.url('/r'))], routes: [{ name: 'ret', when: {}, sinks: ['hook-ret'], group_wait: '0s' }], schedules: { retention: { delivered: '1d', dead: '2d' } } })
    const r = start(alerting, clock)
    await r.router.start()
    // An id of its own: the triage test resolved the fixtures' ids, which would queue a (pending) resolve here.
    await r.publish(candidates(1, { cluster: 'ret-c', finding_id: 'fretention1' }))
    await r.router.tick()
    const mine = async () => (await store.alerting.listNotifications({ limit: 1000 })).filter((n) => n.sink === 'hook-ret')
    expect((await mine()).map((n) => n.state)).toEqual(['delivered'])
    clock.t += 3_600_000
    await r.router.runJob('retention')
    expect(await mine()).toHaveLength(1)
    clock.t += 86_400_000
    await r.router.runJob('retention')
    expect(await mine()).toEqual([])
    expect(await r.metrics.registry.getSingleMetricAsString('vigil_alert_records_expired_total')).toMatch(/state="delivered"} [1-9]/)
    await r.close()
  })
})

describe('a sink backlog', () => {
  it('collapses never-tried notifications beyond the threshold into one digest per sink; later ones go out one by one', async () => {
    const clock = { t: Date.parse('2026-12-06T12:00:00Z') }
    const slack = await server(reply(200, 'ok'), clock)
    const alerting = alertingOf({
      sinks: [{ name: 'slack-backlog', type: 'slack', mode: 'webhook', url: { env: 'SLACK' }, allow_http: true, rate_limit: { per_second: 1, burst: 1 } }],
      routes: [{ name: 'burst', when: {}, sinks: ['slack-backlog'], group_wait: '0s', group_by: ['cluster', 'finding_id'] }],
      meta: { backlog_threshold: 5 },
    }, { SLACK: slack.url('/services/T/B/backlog') })
    const r = start(alerting, clock)
    await r.router.start()
    await r.publish(candidates(20, { cluster: 'backlog-c' }).map((c, i) => ({ ...c, finding_id: `fbacklog${i}` })))
    await r.router.tick()
    expect(slack.received).toHaveLength(1)
    const body = JSON.parse(slack.received[0]!.body) as { text: string }
    expect(body.text).toContain('📋 Backlog · 20 notifications held back by the rate limit')
    const rows = (await store.alerting.listNotifications({ limit: 1000 })).filter((n) => n.sink === 'slack-backlog')
    expect(rows.filter((n) => n.state === 'collapsed')).toHaveLength(20)
    expect(rows.filter((n) => n.kind === 'digest' && n.state === 'delivered')).toHaveLength(1)
    expect(await r.metrics.registry.getSingleMetricAsString('vigil_notifications_total')).toContain('sink="slack-backlog",sink_type="slack",kind="trigger",outcome="collapsed"} 20')
    // Below the threshold, notifications are sent one by one again, at the sink's rate.
    clock.t += 1000
    await r.publish(candidates(2, { cluster: 'backlog-c' }).map((c, i) => ({ ...c, finding_id: `fafter${i}` })))
    await r.router.tick()
    clock.t += 1000
    await r.router.tick()
    expect(slack.received).toHaveLength(3)
    expect(slack.received.slice(1).every((q) => !q.body.includes('Backlog'))).toBe(true)
    await r.close()
  })
})

describe('episodes across a restart', () => {
  it('numbers the episode after a closed one, so a new incident gets new ids and is sent', async () => {
    const clock = { t: Date.parse('2026-12-06T15:00:00Z') }
    const hook = await server(reply(204), clock)
    const alerting = alertingOf({ sinks: [webhookSink('hook-episodes', hook.url('/e'))], routes: [{ name: 'episodes', when: {}, sinks: ['hook-episodes'], group_wait: '0s' }] })
    const first = start(alerting, clock)
    await first.router.start()
    const [a] = candidates(1, { cluster: 'episodes-c', finding_id: 'fepisode1' })
    await first.publish([a!])
    await first.router.tick()
    const key = (JSON.parse(hook.received[0]!.body) as { data: { group_key: string } }).data.group_key
    expect(await first.router.resolveGroup(key, 'resolved in triage')).toBe(true)
    await first.router.tick()
    await first.close()
    const second = start(alerting, clock)
    await second.router.start()
    await second.publish([{ ...a!, finding_id: 'fepisode2' }])
    await second.router.tick()
    const sent = hook.received.map((q) => JSON.parse(q.body) as { type: string; data: { episode: number } })
    expect(sent.map((b) => `${b.type}:${b.data.episode}`)).toEqual(['vigil.alert.triggered:1', 'vigil.alert.resolved:1', 'vigil.alert.triggered:2'])
    await second.close()
  })
})
