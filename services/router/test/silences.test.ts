import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadAlerting, type AlertCandidate, type LoadedAlerting } from '@vigil/alerts'
import { createInProcessLog } from '@vigil/event-log'
import { createLogger, createMetrics } from '@vigil/platform'
import { openStore, RetentionConfig, StoreConfig, type Store } from '@vigil/store'
import { candidate } from '../../../packages/alerts/test/fixtures.js'
import { reply, startLocalServer, type LocalServer } from '../../../packages/alerts/test/local-server.js'
import { createRouter } from '../src/create-router.js'

const dir = mkdtempSync(join(tmpdir(), 'vigil-router-silence-'))
let store: Store
let hook: LocalServer
let alerting: LoadedAlerting
const T0 = Date.parse('2026-12-01T10:00:00Z')

beforeAll(async () => {
  ;({ store } = await openStore({ store: StoreConfig.parse({ type: 'chdb' }), retention: RetentionConfig.parse({}), dataDir: dir }))
  hook = await startLocalServer(reply(204))
  alerting = loadAlerting(
    {
      external_url: 'https://vigil.example.com',
      egress: { https_only: false, allow_cidrs: ['127.0.0.0/8'] },
      sinks: [{ name: 'hook', type: 'webhook', url: hook.url('/h'), allow_http: true, signing: { secrets: [{ env: 'W' }] } }],
      routes: [{ name: 'all', when: {}, sinks: ['hook'], group_wait: '0s', group_interval: '1m' }],
      inhibit_rules: [{ name: 'critical-mutes-lower', source: { severity_at_least: 'critical' }, target: { severity_at_most: 'medium' }, equal: ['cluster'] }],
    },
    { env: { W: `whsec_${Buffer.alloc(32, 7).toString('base64')}` }, readFile: () => '' },
  ) as LoadedAlerting
})
afterAll(async () => {
  await store.close()
  await hook.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('silences and inhibition in the router', () => {
  it('a stored silence mutes notifications until endsAt, and the group triggers after it', async () => {
    const clock = { t: T0 }
    await store.alerting.writeSilences([{ id: 's_1', matchers: JSON.stringify([{ name: 'cluster', op: '=', value: 'prod-eu-1' }]), starts_at_ms: T0 - 1000, ends_at_ms: T0 + 120_000, created_by: 'principal:alice', comment: 'maintenance', created_at_ms: T0 - 1000, expired_at_ms: null, replaces: '', version: 1 }])
    const log = createInProcessLog({ maxPendingRecords: 1000, maxBatchRecords: 100, maxInFlightBatches: 1 })
    const metrics = createMetrics({ defaultMetrics: false })
    const router = createRouter({ consumer: log.consumer({ group: 't' }), store: store.alerting, alerting, metrics, logger: createLogger({ level: 'silent' }), resolver: async () => [], clock: () => clock.t })
    await router.start()
    const publish = (cs: AlertCandidate[]) => log.producer().publish(cs.map((c) => ({ topic: 'alerts' as const, key: c.cluster, value: JSON.stringify(c), headers: {} })))
    try {
      await publish([candidate({ finding_id: 'f1', severity: 'high' })])
      await router.tick()
      expect(hook.received).toHaveLength(0)
      expect(await metrics.registry.getSingleMetricAsString('vigil_notifications_suppressed_total')).toContain('reason="silenced"} 1')
      // The finding is muted, not dropped: it is still in its group.
      expect((await store.alerting.loadOpenGroups()).length).toBe(1)
      clock.t = T0 + 60_000
      await router.tick()
      expect(hook.received).toHaveLength(0)
      clock.t = T0 + 120_000
      await router.tick()
      expect(hook.received).toHaveLength(1)
      expect(JSON.parse(hook.received[0]!.body)).toMatchObject({ type: 'vigil.alert.triggered', data: { findings: [{ finding_id: 'f1' }] } })

      // Inhibition: a firing critical on the cluster mutes a medium finding on it, not on another cluster.
      await publish([candidate({ finding_id: 'c1', severity: 'critical', rule_id: 'r.crit', cluster: 'prod-us-1' }), candidate({ finding_id: 'm1', severity: 'medium', rule_id: 'r.med', cluster: 'prod-us-1' }), candidate({ finding_id: 'm2', severity: 'medium', rule_id: 'r.med', cluster: 'prod-ap-1' })])
      await router.tick()
      const sent = hook.received.slice(1).map((r) => (JSON.parse(r.body) as { data: { findings: { finding_id: string }[] } }).data.findings.map((f) => f.finding_id).join(','))
      expect(sent.sort()).toEqual(['c1', 'm2'])
      expect(await metrics.registry.getSingleMetricAsString('vigil_notifications_suppressed_total')).toContain('reason="inhibited"} 1')
    } finally {
      await router.stop()
      await log.close()
    }
  })
})
