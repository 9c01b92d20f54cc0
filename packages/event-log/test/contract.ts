import { describe, expect, it } from 'vitest'
import type { ConsumedBatch, EventLog, OutgoingRecord } from '../src/index.js'

/** A fresh log for one test; `cleanup` closes it. */
export type MakeLog = () => Promise<{ log: EventLog; cleanup: () => Promise<void> }>

function records(n: number, tag: string): OutgoingRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    topic: 'audit',
    key: `c1/user-${i % 7}`,
    value: JSON.stringify({ tag, i, text: 'ünïcødé \u2028 "quoted"' }),
    headers: { cluster: 'c1', received_at: '2026-11-01T10:00:00.000Z' },
  }))
}

/** Publishes like an apiserver: retry until acknowledged. */
async function publishUntilAcked(log: EventLog, batch: readonly OutgoingRecord[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await log.producer().publish(batch)
      return
    } catch (err) {
      if (attempt > 50 || (err as { retriable?: boolean }).retriable !== true) throw err
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

async function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/**
 * What every EventLog adapter promises: an acknowledged record reaches a
 * handler that succeeds on it, intact, even when the handler fails first.
 */
export function describeEventLogContract(name: string, makeLog: MakeLog): void {
  describe(`EventLog contract: ${name}`, () => {
    it('delivers every acknowledged record, with key, value and headers intact', async () => {
      const { log, cleanup } = await makeLog()
      try {
        const seen = new Map<string, { key: string; headers: Record<string, string> }>()
        await log.consumer({ group: 'contract-a' }).run({
          topics: ['audit'],
          handler: async (b: ConsumedBatch) => {
            expect(b.topic).toBe('audit')
            for (const r of b.records) seen.set(r.value, { key: r.key, headers: r.headers })
          },
        })
        const sent = records(500, 'a')
        await Promise.all([publishUntilAcked(log, sent.slice(0, 250)), publishUntilAcked(log, sent.slice(250))])
        await until('all records', () => seen.size === sent.length)
        for (const r of sent) expect(seen.get(r.value)).toEqual({ key: r.key, headers: r.headers })
      } finally {
        await cleanup()
      }
    })

    it('delivers only the topics a consumer subscribed to', async () => {
      const { log, cleanup } = await makeLog()
      try {
        const topics: string[] = []
        await log.consumer({ group: 'contract-b' }).run({ topics: ['deadletter'], handler: async (b) => void topics.push(...b.records.map(() => b.topic)) })
        await publishUntilAcked(log, [...records(3, 'b'), { topic: 'deadletter', key: 'c1', value: '{"dead":true}', headers: {} }])
        await until('the dead letter', () => topics.length >= 1)
        await new Promise((r) => setTimeout(r, 500))
        expect(topics).toEqual(['deadletter'])
      } finally {
        await cleanup()
      }
    })

    it('loses no acknowledged record when the handler fails before it succeeds', async () => {
      const { log, cleanup } = await makeLog()
      try {
        let failures = 3
        const stored = new Set<string>()
        await log.consumer({ group: 'contract-c' }).run({
          topics: ['audit'],
          handler: async (b) => {
            if (failures > 0) {
              failures--
              throw Object.assign(new Error('store down'), { code: 'unavailable', retriable: true })
            }
            for (const r of b.records) stored.add(r.value)
          },
        })
        const sent = records(50, 'c')
        await publishUntilAcked(log, sent)
        await until('all records stored', () => sent.every((r) => stored.has(r.value)))
        expect(failures).toBe(0)
      } finally {
        await cleanup()
      }
    })

    it('stop and close can be called twice', async () => {
      const { log, cleanup } = await makeLog()
      const consumer = log.consumer({ group: 'contract-d' })
      await consumer.run({ topics: ['audit'], handler: async () => {} })
      await consumer.stop()
      await consumer.stop()
      await log.close()
      await log.close()
      await cleanup()
    })
  })
}
