import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { restartBroker } from '../infra/kafka/broker.js'
import { answersBetween, newStats, sendLikeApiserver } from '../support/apiserver-like-sender.js'
import { waitForNoLag } from '../support/kafka-lag.js'
import { KAFKA_INGEST_TOKEN, kafkaEnv, kafkaLogConfig, openStore, queryRows, spawnService, stopService } from '../support/kafka-services.js'
import { auditEvent } from '../support/pipeline.js'

const brokers = inject('kafkaBrokers')
const runDir = inject('kafkaRunDir')
const dir = mkdtempSync(join(tmpdir(), 'vigil-kafka-down-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(brokers === '')('a broker outage of 20 s', () => {
  it('ingest answers 503/429 with Retry-After, never 200 for what it did not persist, and everything arrives after', async () => {
    const log = kafkaLogConfig(brokers)
    const env = kafkaEnv(log, dir)
    const ingest = await spawnService('ingest', env)
    const analyzer = await spawnService('analyzer', env)
    const stats = newStats()
    let sequence = 0
    let sending = true
    const sender = async (worker: number) => {
      while (sending) {
        const batch = Array.from({ length: 1 + ((sequence * 37) % 400) }, (_, i) => auditEvent({ auditID: `down-${worker}-${sequence}-${i}` }))
        sequence++
        await sendLikeApiserver(ingest.url, KAFKA_INGEST_TOKEN, batch, stats)
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    const senders = [0, 1, 2].map(sender)
    await new Promise((r) => setTimeout(r, 3_000))
    const ackedBefore = stats.acked.size
    expect(ackedBefore).toBeGreaterThan(0)
    const outageStart = Date.now()
    await restartBroker(runDir, { downMs: 20_000 })
    const outageEnd = Date.now()
    await new Promise((r) => setTimeout(r, 5_000))
    sending = false
    await Promise.all(senders)

    // During the outage the sender was told to back off, with Retry-After, and retried.
    const during = answersBetween(stats, outageStart + 1_000, outageEnd - 1_000)
    expect((during.get(503) ?? 0) + (during.get(429) ?? 0)).toBeGreaterThan(0)
    // Nothing was acknowledged while no broker could have persisted it.
    expect(answersBetween(stats, outageStart + 2_000, outageEnd - 4_000).get(200) ?? 0).toBe(0)
    expect(stats.retryAfterMissing).toBe(0)
    expect(stats.acked.size).toBeGreaterThan(ackedBefore)

    await waitForNoLag(log, 180_000)
    expect(await stopService(analyzer)).toBe(0)
    expect(await stopService(ingest)).toBe(0)
    const sql = await openStore(dir)
    try {
      const rows = await queryRows<{ k: string }>(sql, "SELECT concat(audit_id, '/', stage) AS k FROM audit_events_v1 FINAL WHERE cluster = 'c1'")
      const stored = new Set(rows.map((r) => r.k))
      expect([...stats.acked].filter((k) => !stored.has(k))).toEqual([])
    } finally {
      await sql.close()
    }
  })
})
