import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadAlerting, type AlertCandidate, type LoadedAlerting } from '@vigil/alerts'
import { createInProcessLog } from '@vigil/event-log'
import { createLogger, createMetrics } from '@vigil/platform'
import { createRouter } from '@vigil/router'
import { openStore, RetentionConfig, StoreConfig } from '@vigil/store'
import { eventListBody, metadataEvents } from '../events.js'
import { median, percentile, perSecond, withBaseline, type Result } from '../stats.js'
import { postAuditBodies, spawnVigil, stopVigil } from '../vigil-process.js'

function candidate(i: number, groups: number): AlertCandidate {
  const g = i % groups
  return {
    finding_id: `f${String(i).padStart(31, '0')}`, rule_id: `bench.rule-${g % 50}`, rule_version: '1', severity: (['low', 'medium', 'high', 'critical'] as const)[g % 4] as AlertCandidate['severity'], title: 'bench',
    cluster: `c${g % 10}`, audit_id: `a${i}`, event_time: '2026-12-01T00:00:00Z', user: `u${i % 97}@example.com`, verb: 'get', resource: 'secrets', namespace: `ns-${g % 20}`, name: `s${i}`,
    reason: 'bench', tags: [], controls: ['soc2:CC6.1'],
  }
}

/**
 * The router alone: candidates published to its in-process log in batches of
 * 400 (as the analyzer publishes a batch's findings), each publish resolving
 * once the router has routed them, grouped them and stored the groups in chDB.
 * group_wait is long, so nothing is sent: this is the way into grouping.
 */
export async function benchRouterGrouping(options: { candidates: number; runs: number }): Promise<Result[]> {
  const rates: number[] = []
  for (let run = 0; run < options.runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-router-'))
    const { store } = await openStore({ store: StoreConfig.parse({ type: 'chdb' }), retention: RetentionConfig.parse({}), dataDir: dir })
    const loaded = loadAlerting(
      {
        external_url: 'https://vigil.example.com',
        egress: { https_only: false, allow_cidrs: ['127.0.0.0/8'] },
        sinks: [{ name: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/h', allow_http: true, signing: { secrets: [{ env: 'W' }] } }],
        routes: [
          { name: 'critical', when: { severity_at_least: 'critical' }, sinks: ['hook'], group_wait: '1h', continue: true },
          { name: 'ml', when: { namespaces: ['ns-1*'] }, sinks: ['hook'], group_by: ['cluster', 'namespace'], group_wait: '1h' },
          { name: 'unmatched', when: {}, sinks: ['hook'], group_wait: '1h' },
        ],
      },
      { env: { W: `whsec_${Buffer.alloc(32, 7).toString('base64')}` }, readFile: () => '' },
    ) as LoadedAlerting
    const log = createInProcessLog({ maxPendingRecords: 1_000_000, maxBatchRecords: 10_000, maxInFlightBatches: 1 })
    const router = createRouter({ consumer: log.consumer({ group: 'bench' }), store: store.alerting, alerting: loaded, metrics: createMetrics({ defaultMetrics: false }), logger: createLogger({ level: 'silent' }), resolver: async () => [] })
    await router.start()
    const producer = log.producer()
    const all = Array.from({ length: options.candidates }, (_, i) => candidate(run * 10_000_000 + i, 2000))
    const t0 = performance.now()
    for (let i = 0; i < all.length; i += 400) {
      await producer.publish(all.slice(i, i + 400).map((c) => ({ topic: 'alerts' as const, key: c.cluster, value: JSON.stringify(c), headers: {}, parsed: c })))
    }
    rates.push(perSecond(all.length, performance.now() - t0))
    await router.stop()
    await log.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return [{ name: 'router_candidates_into_grouping', value: median(rates), unit: 'candidates/s', runs: rates, notes: `${options.candidates} candidates over 2000 groups and 3 routes, published 400 at a time; each publish waits for the groups' chDB write; bar >= 2000` }]
}

/**
 * `vigil start` fed the ingest bench's workload, with routing off and on in
 * the same run, and the latency from posting a batch to a local Slack-format
 * server receiving its message (group_wait 0, one group per batch).
 */
export async function benchRoutingOverhead(options: { batches: number; runs: number }): Promise<Result[]> {
  const received: number[] = []
  const sent = new Map<string, number>()
  const slack = createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      const m = /bench-latency-(\d+-\d+)/.exec(body)
      if (m !== null && sent.has(m[1] as string)) received.push(performance.now() - (sent.get(m[1] as string) as number))
      res.writeHead(200)
      res.end('ok')
    })
  })
  await new Promise<void>((r) => slack.listen(0, '127.0.0.1', r))
  const port = (slack.address() as AddressInfo).port
  const configDir = mkdtempSync(join(tmpdir(), 'vigil-bench-alertcfg-'))
  const config = join(configDir, 'vigil.yaml')
  writeFileSync(config, `alerting:
  external_url: https://vigil.example.com
  egress: { https_only: false, allow_cidrs: [127.0.0.0/8] }
  sinks:
    - { name: slack, type: slack, mode: webhook, url: { env: BENCH_SLACK_URL }, allow_http: true, rate_limit: { per_second: 1000, burst: 1000 } }
  routes:
    - { name: latency, when: { namespaces: ["bench-latency-*"] }, sinks: [slack], group_by: [cluster, namespace], group_wait: 0s }
    - { name: all, when: {}, sinks: [slack], group_wait: 30s }
`)
  const throughput = async (env: Record<string, string>, latency: boolean): Promise<number[]> => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'))
    const vigil = await spawnVigil(dir, env)
    const rates: number[] = []
    try {
      for (let run = 0; run < options.runs; run++) {
        const bodies = Array.from({ length: options.batches }, (_, b) => {
          const events = metadataEvents(400, run * 100_000 + b + 1, `r${run}`)
          // One person reading a Secret per batch, in a namespace of its own: one group, one Slack message.
          if (latency) events[0] = { ...events[0], verb: 'get', user: { username: 'alice@example.com' }, objectRef: { resource: 'secrets', namespace: `bench-latency-${run}-${b}`, name: 'db', apiVersion: 'v1' } }
          return eventListBody(events)
        })
        const t0 = performance.now()
        await postAuditBodies(vigil, bodies, 16, latency ? (i) => sent.set(`${run}-${i}`, performance.now()) : undefined)
        rates.push(perSecond(bodies.length * 400, performance.now() - t0))
      }
    } finally {
      await stopVigil(vigil)
      rmSync(dir, { recursive: true, force: true })
    }
    return rates
  }
  try {
    const off = await throughput({}, true)
    const on = await throughput({ VIGIL_CONFIG: config, BENCH_SLACK_URL: `http://127.0.0.1:${port}/services/T/B/x` }, true)
    await new Promise((r) => setTimeout(r, 2000))
    const expected = options.batches * options.runs
    return [
      { name: 'embedded_ingest_routing_off', value: median(off), unit: 'events/s', runs: off, notes: `vigil start, ${options.batches} batches of 400 (one Secret read each), 16 in flight, no alerting section` },
      withBaseline({ name: 'embedded_ingest_routing_on', value: median(on), unit: 'events/s', runs: on, notes: 'the same with routing to a local Slack-format server; bar >= 0.95x routing off' }, { name: 'embedded_ingest_routing_off', value: median(off), unit: 'events/s' }),
      { name: 'finding_to_slack_p99', value: Math.round(percentile(received, 99)), unit: 'ms', runs: [Math.round(percentile(received, 50)), Math.round(percentile(received, 99))], notes: `from posting a batch to the Slack-format server receiving its group's message (group_wait 0), ${received.length} of ${expected} messages; runs = [p50, p99]; bar p99 < 2000 ms` },
    ]
  } finally {
    slack.close()
    rmSync(configDir, { recursive: true, force: true })
  }
}
