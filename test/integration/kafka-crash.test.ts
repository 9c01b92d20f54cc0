import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { keyringEntry, signingKeyFrom } from '@vigil/ledger'
import { createCheckpointer, verifyLedger } from '@vigil/store'
import { newStats, sendLikeApiserver } from '../support/apiserver-like-sender.js'
import { waitForNoLag } from '../support/kafka-lag.js'
import { exitOf } from '../support/children.js'
import { KAFKA_INGEST_TOKEN, kafkaEnv, kafkaLogConfig, openStore, queryRows, spawnService, stopService } from '../support/kafka-services.js'
import { auditEvent } from '../support/pipeline.js'

const brokers = inject('kafkaBrokers')
const dir = mkdtempSync(join(tmpdir(), 'vigil-kafka-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A human reading a secret: every event gives one finding (secrets.read-by-human). */
function secretRead(id: string): Record<string, unknown> {
  return auditEvent({
    auditID: id,
    verb: 'get',
    user: { username: 'alice@example.com', groups: ['system:authenticated'] },
    objectRef: { resource: 'secrets', namespace: 'payments', name: `s-${id}`, apiVersion: 'v1' },
    requestURI: `/api/v1/namespaces/payments/secrets/s-${id}`,
  })
}

describe.skipIf(brokers === '')('kill -9 of the analyzer over Kafka', () => {
  it('stores every acknowledged event exactly once and duplicates no finding', async () => {
    const log = kafkaLogConfig(brokers)
    const env = kafkaEnv(log, dir)
    const ingest = await spawnService('ingest', env)
    let analyzer = await spawnService('analyzer', env)
    const stats = newStats()
    const batches = Array.from({ length: 60 }, (_, b) => Array.from({ length: 200 }, (_, i) => secretRead(`crash-${b}-${i}`)))
    let next = 0
    const senders = Array.from({ length: 4 }, async () => {
      for (let b = next++; b < batches.length; b = next++) await sendLikeApiserver(ingest.url, KAFKA_INGEST_TOKEN, batches[b] as Record<string, unknown>[], stats)
    })
    // Kill the analyzer while it is consuming.
    while (stats.acked.size < 3_000) await new Promise((r) => setTimeout(r, 20))
    analyzer.child.kill('SIGKILL')
    expect(await exitOf(analyzer.child)).toBe(null)
    await Promise.all(senders)
    expect(stats.acked.size).toBe(12_000)

    analyzer = await spawnService('analyzer', env)
    await waitForNoLag(log)
    expect(await stopService(analyzer)).toBe(0)
    expect(await stopService(ingest)).toBe(0)

    const sql = await openStore(dir)
    try {
      await sql.command({ query: 'OPTIMIZE TABLE audit_events_v1 FINAL' })
      await sql.command({ query: 'OPTIMIZE TABLE findings_v1 FINAL' })
      const stored = await queryRows<{ k: string }>(sql, "SELECT concat(audit_id, '/', stage) AS k FROM audit_events_v1 WHERE cluster = 'c1'")
      const keys = stored.map((r) => r.k)
      expect(keys.length).toBe(new Set(keys).size)
      const keySet = new Set(keys)
      expect([...stats.acked].filter((k) => !keySet.has(k))).toEqual([])
      const findings = await queryRows<{ n: string; ids: string }>(sql, "SELECT count() AS n, uniqExact(finding_id) AS ids FROM findings_v1 WHERE rule_id = 'secrets.read-by-human'")
      expect(Number(findings[0]?.n)).toBe(12_000)
      expect(Number(findings[0]?.ids)).toBe(12_000)

      // The killed analyzer's chains (one per partition, by offset) verify clean: what it sealed
      // before the kill kept its headers, and redelivered offsets were not sealed twice.
      const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string)
      await createCheckpointer({ client: sql, key, origin: 'vigil', anchors: [], now: () => new Date() }).checkpoint()
      const report = await verifyLedger({ client: sql, origin: 'vigil', keyring: { keys: [keyringEntry(key.publicKey, 0)] } })
      expect(report.failures).toEqual([])
      expect(report.outcome).toBe('verified')
      const sealed = await queryRows<{ events: string; findings: string }>(sql, "SELECT uniqExactIf(JSONExtractString(record_jcs, 'event', 'auditID'), kind = 'vigil.audit-record') AS events, countIf(kind = 'vigil.finding') AS findings FROM ledger_entries_v1 WHERE entry = 'leaf'")
      expect(Number(sealed[0]?.events)).toBeGreaterThanOrEqual(stats.acked.size)
      expect(Number(sealed[0]?.findings)).toBeGreaterThanOrEqual(12_000)
    } finally {
      await sql.close()
    }
  })
})
