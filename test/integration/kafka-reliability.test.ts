import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import kafkajs from 'kafkajs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createAnalyzer, type Analyzer } from '@vigil/analyzer'
import { AppError, partitionKey, type AuditEvent } from '@vigil/core'
import { createKafkaLog, TOPIC_NAMES, type EventLog, type KafkaLogConfig, type OutgoingRecord } from '@vigil/event-log'
import { createMetrics, type Metrics } from '@vigil/platform'
import { compileRules, loadRuleSources, type Ruleset } from '@vigil/rules'
import { createClickHouseClient, createStore, prepareStore, RetentionConfig, type ClickHouseClient, type Store } from '@vigil/store'
import { analyzerLag, waitForNoLag } from '../support/kafka-lag.js'
import { kafkaLogConfig, queryRows } from '../support/kafka-services.js'
import { auditEvent, counter } from '../support/pipeline.js'
import { quietLogger } from '../support/quiet-logger.js'

const brokers = inject('kafkaBrokers')
const dir = mkdtempSync(join(tmpdir(), 'vigil-kafka-rel-'))
let client: ClickHouseClient
let store: Store
let ruleset: Ruleset

beforeAll(async () => {
  if (brokers === '') return
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await prepareStore(client, RetentionConfig.parse({}))
  store = createStore({ client })
  ruleset = compileRules(loadRuleSources([join(process.cwd(), 'rules')]))
})
afterAll(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

function toRecord(e: Record<string, unknown>): OutgoingRecord {
  return { topic: 'audit', key: partitionKey('c1', e as unknown as AuditEvent), value: JSON.stringify(e), headers: { cluster: 'c1', received_at: new Date().toISOString() } }
}

function secretRead(id: string, user = 'alice@example.com'): Record<string, unknown> {
  return auditEvent({ auditID: id, verb: 'get', user: { username: user }, objectRef: { resource: 'secrets', namespace: 'payments', name: `s-${id}`, apiVersion: 'v1' } })
}

function analyzerOn(log: EventLog, s: Store, metrics: Metrics): Analyzer {
  return createAnalyzer({ consumer: log.consumer({ group: 'vigil-analyzer' }), store: s, ruleset, metrics, logger: quietLogger() })
}

function newLog(config: KafkaLogConfig): EventLog {
  return createKafkaLog(config, { logger: quietLogger(), retryBackoffMs: { initial: 200, max: 1_000 } })
}

async function storedOnce(prefix: string): Promise<{ rows: number; keys: number; findings: number; findingIds: number }> {
  await client.command({ query: 'OPTIMIZE TABLE audit_events_v1 FINAL' })
  await client.command({ query: 'OPTIMIZE TABLE findings_v1 FINAL' })
  const [e] = await queryRows<{ rows: string; keys: string }>(client, `SELECT count() AS rows, uniqExact(cluster, audit_id, stage) AS keys FROM audit_events_v1 WHERE startsWith(audit_id, '${prefix}')`)
  const [f] = await queryRows<{ n: string; ids: string }>(client, `SELECT count() AS n, uniqExact(finding_id) AS ids FROM findings_v1 WHERE rule_id = 'secrets.read-by-human' AND startsWith(audit_id, '${prefix}')`)
  return { rows: Number(e?.rows), keys: Number(e?.keys), findings: Number(f?.n), findingIds: Number(f?.ids) }
}

describe.skipIf(brokers === '')('analyzer reliability on a real broker', () => {
  it('stops committing while the store is down, backs off, resumes, and loses nothing', async () => {
    const config = kafkaLogConfig(brokers)
    const log = newLog(config)
    const metrics = createMetrics({ defaultMetrics: false })
    let down = false
    const flaky: Store = {
      ...store,
      writeBatch: (b) => (down ? Promise.reject(new AppError('unavailable', 'ClickHouse is down (test)')) : store.writeBatch(b)),
    }
    const analyzer = analyzerOn(log, flaky, metrics)
    await analyzer.start()
    try {
      await log.producer().publish(Array.from({ length: 500 }, (_, i) => toRecord(secretRead(`sd-a-${i}`))))
      await waitForNoLag(config)
      down = true
      await log.producer().publish(Array.from({ length: 500 }, (_, i) => toRecord(secretRead(`sd-b-${i}`))))
      await new Promise((r) => setTimeout(r, 4_000))
      // Nothing is committed while the store refuses writes.
      expect(await analyzerLag(config)).toBe(500)
      expect(await counter(metrics, 'vigil_errors_total', { stage: 'processing', error_type: 'unavailable' })).toBeGreaterThan(0)
      down = false
      await waitForNoLag(config, 60_000)
      expect(await storedOnce('sd-')).toEqual({ rows: 1000, keys: 1000, findings: 1000, findingIds: 1000 })
    } finally {
      await analyzer.stop()
      await log.close()
    }
  })

  it('dead-letters a poison message, counts it, and goes on consuming', async () => {
    const config = kafkaLogConfig(brokers)
    const log = newLog(config)
    const metrics = createMetrics({ defaultMetrics: false })
    const analyzer = analyzerOn(log, store, metrics)
    await analyzer.start()
    const kafka = new kafkajs.Kafka({ clientId: 'poisoner', brokers: config.brokers, logLevel: kafkajs.logLevel.NOTHING })
    const raw = kafka.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner })
    await raw.connect()
    try {
      await log.producer().publish([toRecord(secretRead('poison-before'))])
      await raw.send({
        topic: `${config.topic_prefix}${TOPIC_NAMES.audit}`,
        messages: [
          { key: 'c1/x', value: 'this is not JSON', headers: { cluster: 'c1', received_at: new Date().toISOString() } },
          { key: 'c1/x', value: '{"kind":"Pod"}', headers: { cluster: 'c1', received_at: new Date().toISOString() } },
          { key: 'c1/x', value: JSON.stringify(secretRead('poison-no-headers')) },
        ],
      })
      await log.producer().publish([toRecord(secretRead('poison-after'))])
      await waitForNoLag(config)
      expect(await counter(metrics, 'vigil_dead_letters_total', { reason: 'poison_record' })).toBe(3)
      const letters = (await store.deadLetters.list({ limit: 100 })).filter((l) => l.reason === 'poison_record')
      expect(letters.map((l) => l.detail).join('\n')).toMatch(/not JSON[\s\S]*|not an audit event|missing cluster header/)
      expect(letters.some((l) => l.raw === 'this is not JSON')).toBe(true)
      const stored = await storedOnce('poison-')
      expect(stored.keys).toBe(2)
    } finally {
      await raw.disconnect()
      await analyzer.stop()
      await log.close()
    }
  })

  it('going from 1 to 3 to 1 consumers loses and duplicates nothing', async () => {
    const config = kafkaLogConfig(brokers, 6)
    const log = newLog(config)
    const metrics = createMetrics({ defaultMetrics: false })
    const first = analyzerOn(log, store, metrics)
    await first.start()
    let sent = 0
    let publishing = true
    const publisher = (async () => {
      for (let b = 0; publishing; b++) {
        await log.producer().publish(Array.from({ length: 100 }, (_, i) => toRecord(secretRead(`rb-${b}-${i}`, `user-${(b + i) % 17}@example.com`))))
        sent += 100
        await new Promise((r) => setTimeout(r, 20))
      }
    })()
    try {
      await new Promise((r) => setTimeout(r, 2_000))
      const extra = [analyzerOn(log, store, metrics), analyzerOn(log, store, metrics)]
      await Promise.all(extra.map((a) => a.start()))
      await new Promise((r) => setTimeout(r, 6_000))
      await Promise.all(extra.map((a) => a.stop()))
      await new Promise((r) => setTimeout(r, 4_000))
      publishing = false
      await publisher
      await waitForNoLag(config, 120_000)
      expect(sent).toBeGreaterThan(1_000)
      expect(await storedOnce('rb-')).toEqual({ rows: sent, keys: sent, findings: sent, findingIds: sent })
    } finally {
      publishing = false
      await first.stop()
      await log.close()
    }
  })
})
