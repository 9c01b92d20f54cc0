import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadAlerting, type AlertCandidate, type LoadedAlerting } from '@vigil/alerts'
import { createInProcessLog } from '@vigil/event-log'
import { createLogger, createMetrics } from '@vigil/platform'
import { openStore, RetentionConfig, StoreConfig, type Store } from '@vigil/store'
import { candidates } from '../../../packages/alerts/test/fixtures.js'
import { reply, startLocalServer, type LocalServer } from '../../../packages/alerts/test/local-server.js'
import { createRouter } from '../src/create-router.js'

const dir = mkdtempSync(join(tmpdir(), 'vigil-router-'))
let store: Store
let hook: LocalServer
let alerting: LoadedAlerting

beforeAll(async () => {
  ;({ store } = await openStore({ store: StoreConfig.parse({ type: 'chdb' }), retention: RetentionConfig.parse({}), dataDir: dir }))
  hook = await startLocalServer(reply(204))
  alerting = loadAlerting(
    {
      external_url: 'https://vigil.example.com',
      egress: { https_only: false, allow_cidrs: ['127.0.0.0/8'] },
      sinks: [{ name: 'hook', type: 'webhook', url: hook.url('/h'), allow_http: true, signing: { secrets: [{ env: 'W' }] } }],
      routes: [{ name: 'all', when: {}, sinks: ['hook'], group_wait: '1h' }],
    },
    { env: { W: `whsec_${Buffer.alloc(32, 7).toString('base64')}` }, readFile: () => '' },
  ) as LoadedAlerting
})
afterAll(async () => {
  await store.close()
  await hook.close()
  rmSync(dir, { recursive: true, force: true })
})

function start(now: { t: number }) {
  const log = createInProcessLog({ maxPendingRecords: 10_000, maxBatchRecords: 1000, maxInFlightBatches: 1 })
  const metrics = createMetrics({ defaultMetrics: false })
  const router = createRouter({ consumer: log.consumer({ group: 'test' }), store: store.alerting, alerting, metrics, logger: createLogger({ level: 'silent' }), resolver: async () => [], clock: () => now.t })
  const publish = (cs: AlertCandidate[]) => log.producer().publish(cs.map((c) => ({ topic: 'alerts' as const, key: c.cluster, value: JSON.stringify(c), headers: {} })))
  return { router, publish, metrics, close: async () => { await router.stop(); await log.close() } }
}

describe('the router across a restart', () => {
  it('keeps acknowledged candidates in their group and sends them once the group is due, deduplicating a redelivery', async () => {
    const clock = { t: Date.parse('2026-12-01T10:00:00Z') }
    const [a, b, c] = candidates(3)
    const first = start(clock)
    await first.router.start()
    await first.publish([a!, b!])
    // Not due: nothing sent; then the process goes away (its state is only in the store).
    await first.router.tick()
    expect(hook.received).toHaveLength(0)
    await first.close()

    const second = start(clock)
    await second.router.start()
    await second.publish([b!, c!])
    expect(await second.metrics.registry.getSingleMetricAsString('vigil_alert_candidates_total')).toContain('outcome="duplicate"} 1')
    clock.t += 3_600_000
    await second.router.tick()
    expect(hook.received).toHaveLength(1)
    const body = JSON.parse(hook.received[0]!.body) as { type: string; data: { findings: { finding_id: string }[]; episode: number } }
    expect(body.type).toBe('vigil.alert.triggered')
    expect(body.data.findings.map((f) => f.finding_id)).toEqual([a!.finding_id, b!.finding_id, c!.finding_id])
    await second.close()
  })
})
