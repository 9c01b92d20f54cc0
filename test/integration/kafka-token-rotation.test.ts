import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { createAnalyzer } from '@vigil/analyzer'
import { createTokenAdmin } from '@vigil/api'
import { createKafkaLog } from '@vigil/event-log'
import { createIngest, IngestSection } from '@vigil/ingest'
import { AuthSection, createCredentialResolver, createMetrics } from '@vigil/platform'
import { compileRules, loadRuleSources } from '@vigil/rules'
import { openStore, RetentionConfig, type Store } from '@vigil/store'
import { newStats, sendLikeApiserver } from '../support/apiserver-like-sender.js'
import { waitForNoLag } from '../support/kafka-lag.js'
import { kafkaLogConfig, queryRows } from '../support/kafka-services.js'
import { auditEvent } from '../support/pipeline.js'
import { quietLogger } from '../support/quiet-logger.js'

/**
 * Rotating a cluster's ingest token while an apiserver-like sender streams
 * into a real broker: ingest learns of the new token only through its poll
 * of the tokens table (as a separate process would), the sender switches
 * inside the overlap, and nothing is refused or lost. Afterwards the old
 * token is refused.
 */
const brokers = inject('kafkaBrokers')
const dir = mkdtempSync(join(tmpdir(), 'vigil-kafka-rotate-'))
let store: Store
let client: Awaited<ReturnType<typeof openStore>>['client']

beforeAll(async () => {
  if (brokers === '') return
  ;({ store, client } = await openStore({ store: { type: 'chdb' }, retention: RetentionConfig.parse({}), dataDir: dir }))
})
afterAll(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(brokers === '')('token rotation under load', () => {
  it('the sender switches tokens inside the overlap; no batch is refused or lost; the old token then stops', async () => {
    const config = kafkaLogConfig(brokers)
    const log = createKafkaLog(config, { logger: quietLogger(), retryBackoffMs: { initial: 200, max: 1_000 } })
    const metrics = createMetrics({ defaultMetrics: false })
    const logger = quietLogger()
    // The admin side (the api process): writes the table only; ingest must poll to see changes.
    const admin = createTokenAdmin({ tokens: store.tokens, configured: [], reload: async () => {} })
    const credentials = createCredentialResolver({ configured: [], source: store.tokens, pollIntervalMs: 250, logger })
    await credentials.start()
    const ingest = createIngest({ config: IngestSection.parse({ port: 0 }), credentials, auth: AuthSection.parse({}), producer: log.producer(), metrics, logger })
    const analyzer = createAnalyzer({ consumer: log.consumer({ group: 'vigil-analyzer' }), store, ruleset: compileRules(loadRuleSources([join(process.cwd(), 'rules')])), metrics, logger })
    await analyzer.start()
    const url = await ingest.listen()
    const first = await admin.create({ name: 'c1 apiserver', role: 'ingest', cluster: 'c1' }, 'test')
    await vi.waitFor(() => expect(credentials.authenticate(`Bearer ${first.token}`).ok).toBe(true), { timeout: 10_000, interval: 50 })

    let token = first.token
    const stats = newStats()
    let sent = 0
    let streaming = true
    const workers = Array.from({ length: 3 }, async (_, w) => {
      for (let b = 0; streaming; b++) {
        const batch = Array.from({ length: 200 }, (_, i) => auditEvent({ auditID: `rot-${w}-${b}-${i}` }))
        sent += batch.length
        // Like the apiserver, it reads its kubeconfig's token for each request.
        await sendLikeApiserver(url, token, batch, stats)
      }
    })
    try {
      await vi.waitFor(() => expect(stats.acked.size).toBeGreaterThan(2_000), { timeout: 60_000, interval: 100 })
      // 15 s of overlap: ample for ingest's 250 ms poll, even on a loaded machine.
      const rotated = await admin.rotate(first.record.id, { overlap_seconds: 15 }, 'test')
      // The new token reaches ingest through the table, within the overlap...
      await vi.waitFor(() => expect(credentials.authenticate(`Bearer ${rotated.token}`).ok).toBe(true), { timeout: 10_000, interval: 50 })
      // ...and the apiserver's kubeconfig is updated.
      token = rotated.token
      const switchedAt = stats.acked.size
      await vi.waitFor(() => expect(stats.acked.size).toBeGreaterThan(switchedAt + 2_000), { timeout: 60_000, interval: 100 })
      // After the overlap the old token is refused, saying it expired.
      await vi.waitFor(
        async () => {
          const res = await fetch(`${url}/v1/audit`, { method: 'POST', headers: { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' }, body: JSON.stringify(auditEvent()) })
          expect(res.status).toBe(401)
          expect(await res.json()).toMatchObject({ error: { code: 'token_expired' } })
        },
        { timeout: 40_000, interval: 250 },
      )
      streaming = false
      await Promise.all(workers)
      await waitForNoLag(config, 120_000)

      // Every answer was 200: no batch was refused at the switch.
      expect([...stats.statuses.keys()]).toEqual([200])
      expect(stats.acked.size).toBe(sent)
      await client.command({ query: 'OPTIMIZE TABLE audit_events_v1 FINAL' })
      const [row] = await queryRows<{ rows: string; keys: string }>(client, "SELECT count() AS rows, uniqExact(cluster, audit_id, stage) AS keys FROM audit_events_v1 WHERE startsWith(audit_id, 'rot-')")
      expect({ rows: Number(row?.rows), keys: Number(row?.keys) }).toEqual({ rows: sent, keys: sent })
      // Both tokens were used, and the table says so.
      const records = await store.tokens.list()
      expect(records.find((r) => r.id === first.record.id)?.last_used_at).not.toBeNull()
    } finally {
      streaming = false
      await Promise.allSettled(workers)
      await ingest.stop()
      await analyzer.stop()
      await credentials.stop()
      await log.close()
    }
  })
})
