import { describe, expect, it } from 'vitest'
import { AppError } from '@vigil/core'
import { createInProcessLog, type InProcessLogOptions } from './in-process.js'
import type { ConsumedBatch, OutgoingRecord, Topic } from './port.js'

const rec = (value: string, topic: Topic = 'audit'): OutgoingRecord => ({ topic, key: `k-${value}`, value, headers: { cluster: 'c1' } })
const recs = (...values: string[]) => values.map((v) => rec(v))

const flush = () => new Promise<void>((r) => setImmediate(r))

interface Tracked {
  settled: boolean
  error: unknown
}

/** Watches a promise without awaiting it. */
function track(p: Promise<unknown>): Tracked {
  const t: Tracked = { settled: false, error: undefined }
  p.then(
    () => (t.settled = true),
    (err: unknown) => {
      t.settled = true
      t.error = err
    },
  )
  return t
}

/**
 * A handler whose calls wait until the test releases them, one at a time
 * or all at once; records every batch and the most calls seen at once.
 */
function gatedHandler() {
  const batches: ConsumedBatch[] = []
  const gates: { resolve: () => void; reject: (err: unknown) => void }[] = []
  let active = 0
  let maxActive = 0
  const handler = (batch: ConsumedBatch) => {
    batches.push(batch)
    active++
    maxActive = Math.max(maxActive, active)
    return new Promise<void>((resolve, reject) => gates.push({ resolve, reject })).finally(() => active--)
  }
  return {
    handler,
    batches,
    get waiting() {
      return gates.length
    },
    get maxActive() {
      return maxActive
    },
    release() {
      const g = gates.shift()
      if (g === undefined) throw new Error('no handler call is waiting')
      g.resolve()
    },
    fail(err: unknown) {
      const g = gates.shift()
      if (g === undefined) throw new Error('no handler call is waiting')
      g.reject(err)
    },
  }
}

const values = (b: ConsumedBatch | undefined) => b?.records.map((r) => r.value)

async function running(options: Partial<InProcessLogOptions> = {}, topics: Topic[] = ['audit', 'deadletter']) {
  const log = createInProcessLog({ maxPendingRecords: 100, maxBatchRecords: 100, maxInFlightBatches: 1, ...options })
  const gate = gatedHandler()
  const consumer = log.consumer({ group: 'g' })
  await consumer.run({ topics, handler: gate.handler })
  return { log, gate, consumer, producer: log.producer() }
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

describe('in-process event log', () => {
  it('is of kind inprocess and hands out one producer', () => {
    const log = createInProcessLog({ maxPendingRecords: 1, maxBatchRecords: 1, maxInFlightBatches: 1 })
    expect(log.kind).toBe('inprocess')
    expect(log.producer()).toBe(log.producer())
  })

  it('resolves a publish only after the handler resolved', async () => {
    const { gate, producer } = await running()
    const p = track(producer.publish([rec('a')]))
    await flush()
    expect(gate.batches).toHaveLength(1)
    expect(p.settled).toBe(false)
    gate.release()
    await flush()
    expect(p).toEqual({ settled: true, error: undefined })
  })

  it('delivers records with their key, value, headers and increasing offsets', async () => {
    const log = createInProcessLog({ maxPendingRecords: 100, maxBatchRecords: 100, maxInFlightBatches: 1 })
    const batches: ConsumedBatch[] = []
    await log.consumer({ group: 'g' }).run({ topics: ['audit'], handler: async (b) => void batches.push(b) })
    await log.producer().publish([rec('a'), rec('b')])
    await log.producer().publish([rec('c')])
    expect(batches).toEqual([
      {
        topic: 'audit',
        partition: 0,
        records: [
          { key: 'k-a', value: 'a', headers: { cluster: 'c1' }, offset: '0' },
          { key: 'k-b', value: 'b', headers: { cluster: 'c1' }, offset: '1' },
        ],
      },
      { topic: 'audit', partition: 0, records: [{ key: 'k-c', value: 'c', headers: { cluster: 'c1' }, offset: '2' }] },
    ])
  })

  it('resolves an empty publish at once, without calling the handler', async () => {
    const { gate, producer } = await running()
    await producer.publish([])
    expect(gate.batches).toEqual([])
  })

  describe('handler failures', () => {
    it('rejects the publish with the handler error, and keeps consuming afterwards', async () => {
      const { gate, producer } = await running()
      const failure = new AppError('unavailable', 'store is down')
      const first = producer.publish([rec('a')])
      await flush()
      gate.fail(failure)
      expect(await rejection(first)).toBe(failure)

      const second = track(producer.publish([rec('b')]))
      await flush()
      expect(values(gate.batches[1])).toEqual(['b'])
      gate.release()
      await flush()
      expect(second).toEqual({ settled: true, error: undefined })
    })

    it('rejects every publish of the failed batch, and only those', async () => {
      const { gate, producer } = await running()
      const a = track(producer.publish([rec('a')]))
      await flush()
      const b = track(producer.publish([rec('b')]))
      const c = track(producer.publish([rec('c')]))
      gate.release()
      await flush()
      expect(values(gate.batches[1])).toEqual(['b', 'c'])
      const failure = new Error('insert failed')
      gate.fail(failure)
      await flush()
      expect(a).toEqual({ settled: true, error: undefined })
      expect(b).toEqual({ settled: true, error: failure })
      expect(c).toEqual({ settled: true, error: failure })
    })

    it('treats a handler that throws synchronously like one that rejects', async () => {
      const log = createInProcessLog({ maxPendingRecords: 10, maxBatchRecords: 10, maxInFlightBatches: 1 })
      const failure = new TypeError('bug')
      let calls = 0
      await log.consumer({ group: 'g' }).run({
        topics: ['audit'],
        handler: (() => {
          calls++
          if (calls === 1) throw failure
          return Promise.resolve()
        }) as (b: ConsumedBatch) => Promise<void>,
      })
      await expect(log.producer().publish([rec('a')])).rejects.toBe(failure)
      await expect(log.producer().publish([rec('b')])).resolves.toBeUndefined()
    })
  })

  describe('group commit', () => {
    it('coalesces publishes that arrive while the handler is busy into one batch, in order', async () => {
      const { gate, producer } = await running()
      const first = track(producer.publish([rec('a')]))
      await flush()
      const later = [track(producer.publish([rec('b')])), track(producer.publish([rec('c'), rec('d')])), track(producer.publish([rec('e')]))]
      await flush()
      expect(gate.batches).toHaveLength(1)
      gate.release()
      await flush()
      expect(first.settled).toBe(true)
      expect(gate.batches.map(values)).toEqual([['a'], ['b', 'c', 'd', 'e']])
      expect(later.map((t) => t.settled)).toEqual([false, false, false])
      gate.release()
      await flush()
      expect(later.map((t) => t.settled)).toEqual([true, true, true])
    })

    it('bounds a batch by maxBatchRecords without splitting a publish', async () => {
      const { gate, producer } = await running({ maxBatchRecords: 3 })
      void producer.publish(recs('a'))
      await flush()
      const rest = [producer.publish(recs('b1', 'b2')), producer.publish(recs('c')), producer.publish(recs('d')), producer.publish(recs('e1', 'e2', 'e3', 'e4'))]
      for (let i = 0; i < 4; i++) {
        await flush()
        gate.release()
      }
      await Promise.all(rest)
      expect(gate.batches.map(values)).toEqual([['a'], ['b1', 'b2', 'c'], ['d'], ['e1', 'e2', 'e3', 'e4']])
    })

    it('runs at most maxInFlightBatches handler calls at once', async () => {
      const { gate, producer } = await running({ maxInFlightBatches: 2 })
      const all = ['a', 'b', 'c', 'd', 'e'].map((v) => producer.publish([rec(v)]))
      await flush()
      expect(gate.waiting).toBe(2)
      expect(gate.batches.map(values)).toEqual([['a'], ['b']])
      gate.release()
      await flush()
      expect(gate.waiting).toBe(2)
      expect(gate.batches.map(values)).toEqual([['a'], ['b'], ['c', 'd', 'e']])
      gate.release()
      gate.release()
      await Promise.all(all)
      expect(gate.maxActive).toBe(2)
    })

    it('runs one handler call at a time with maxInFlightBatches 1', async () => {
      const { gate, producer } = await running({ maxInFlightBatches: 1, maxBatchRecords: 1 })
      const all = ['a', 'b', 'c'].map((v) => producer.publish([rec(v)]))
      for (let i = 0; i < 3; i++) {
        await flush()
        expect(gate.waiting).toBe(1)
        gate.release()
      }
      await Promise.all(all)
      expect(gate.maxActive).toBe(1)
      expect(gate.batches.map(values)).toEqual([['a'], ['b'], ['c']])
    })
  })

  describe('backpressure', () => {
    it('answers overloaded when the queued records would exceed maxPendingRecords', async () => {
      const { gate, producer } = await running({ maxPendingRecords: 3 })
      const inFlight = producer.publish(recs('a1', 'a2', 'a3', 'a4', 'a5'))
      await flush()
      const queued = [producer.publish(recs('b1', 'b2')), producer.publish(recs('c'))]
      const err = await rejection(producer.publish(recs('d')))
      expect(err.code).toBe('overloaded')
      expect(err.message).toBe('3 records are waiting to be stored')
      expect(err.retriable).toBe(true)
      expect(err.retryAfterSeconds).toBe(1)

      gate.release()
      await flush()
      gate.release()
      await Promise.all([inFlight, ...queued])
      const retry = producer.publish(recs('d'))
      await flush()
      gate.release()
      await retry
      expect(gate.batches.map(values)).toEqual([['a1', 'a2', 'a3', 'a4', 'a5'], ['b1', 'b2', 'c'], ['d']])
    })

    it('takes one publish larger than maxPendingRecords when nothing is queued', async () => {
      const { gate, producer } = await running({ maxPendingRecords: 2, maxBatchRecords: 2 })
      void producer.publish(recs('a'))
      await flush()
      const big = producer.publish(recs('b1', 'b2', 'b3', 'b4'))
      await expect(producer.publish(recs('c'))).rejects.toMatchObject({ code: 'overloaded', message: '4 records are waiting to be stored' })
      gate.release()
      await flush()
      gate.release()
      await big
      expect(values(gate.batches[1])).toEqual(['b1', 'b2', 'b3', 'b4'])
    })

    it('answers unavailable when no consumer runs', async () => {
      const log = createInProcessLog({ maxPendingRecords: 10, maxBatchRecords: 10, maxInFlightBatches: 1 })
      const err = await rejection(log.producer().publish([rec('a')]))
      expect(err.code).toBe('unavailable')
      expect(err.message).toBe('no consumer is running')
      expect(err.retriable).toBe(true)
      expect(err.retryAfterSeconds).toBe(1)
    })
  })

  describe('topics', () => {
    it('splits one batch into one handler call per topic', async () => {
      const log = createInProcessLog({ maxPendingRecords: 100, maxBatchRecords: 100, maxInFlightBatches: 1 })
      const batches: ConsumedBatch[] = []
      await log.consumer({ group: 'g' }).run({ topics: ['audit', 'deadletter'], handler: async (b) => void batches.push(b) })
      await log.producer().publish([rec('a1'), rec('d1', 'deadletter'), rec('a2')])
      expect(batches.map((b) => [b.topic, b.records.map((r) => `${r.value}@${r.offset}`)])).toEqual([
        ['audit', ['a1@0', 'a2@2']],
        ['deadletter', ['d1@1']],
      ])
    })

    it('delivers only subscribed topics and still resolves the publish', async () => {
      const log = createInProcessLog({ maxPendingRecords: 100, maxBatchRecords: 100, maxInFlightBatches: 1 })
      const batches: ConsumedBatch[] = []
      await log.consumer({ group: 'g' }).run({ topics: ['audit'], handler: async (b) => void batches.push(b) })
      await log.producer().publish([rec('x', 'alerts'), rec('a'), rec('d', 'deadletter')])
      await log.producer().publish([rec('y', 'alerts')])
      expect(batches.map((b) => [b.topic, values(b)])).toEqual([['audit', ['a']]])
    })

    it('stops delivering the other topics of a batch once one fails', async () => {
      const log = createInProcessLog({ maxPendingRecords: 100, maxBatchRecords: 100, maxInFlightBatches: 1 })
      const seen: Topic[] = []
      await log.consumer({ group: 'g' }).run({
        topics: ['audit', 'deadletter'],
        handler: async (b) => {
          seen.push(b.topic)
          throw new AppError('unavailable', 'down')
        },
      })
      await expect(log.producer().publish([rec('a'), rec('d', 'deadletter')])).rejects.toMatchObject({ code: 'unavailable', message: 'down' })
      expect(seen).toEqual(['audit'])
    })
  })

  describe('consumers', () => {
    it('allows one consumer at a time', async () => {
      const { log } = await running()
      const err = await rejection(log.consumer({ group: 'other' }).run({ topics: ['audit'], handler: async () => {} }))
      expect(err.code).toBe('internal')
      expect(err.message).toBe('the in-process event log supports one consumer')
    })

    it('stop() waits for the in-flight batch, then rejects what is queued', async () => {
      const { gate, producer, consumer } = await running()
      const inFlight = track(producer.publish([rec('a')]))
      await flush()
      const queued = track(producer.publish([rec('b')]))
      const stopped = track(consumer.stop())

      const during = await rejection(producer.publish([rec('c')]))
      expect([during.code, during.message]).toEqual(['unavailable', 'no consumer is running'])
      await flush()
      expect([inFlight.settled, queued.settled, stopped.settled]).toEqual([false, false, false])

      gate.release()
      await flush()
      expect(inFlight).toEqual({ settled: true, error: undefined })
      expect(stopped).toEqual({ settled: true, error: undefined })
      expect(queued.error).toBeInstanceOf(AppError)
      expect((queued.error as AppError).code).toBe('unavailable')
      expect((queued.error as AppError).message).toBe('the consumer stopped')
      expect(gate.batches.map(values)).toEqual([['a']])
    })

    it('stop() is idempotent: a second call waits for the same stop', async () => {
      const { gate, producer, consumer } = await running()
      void producer.publish([rec('a')])
      await flush()
      const first = consumer.stop()
      const second = track(consumer.stop())
      await flush()
      expect(second.settled).toBe(false)
      gate.release()
      await first
      await flush()
      expect(second).toEqual({ settled: true, error: undefined })
      await expect(consumer.stop()).resolves.toBeUndefined()
    })

    it('takes a new consumer after the old one stopped', async () => {
      const { log, consumer, producer } = await running()
      await consumer.stop()
      await expect(producer.publish([rec('a')])).rejects.toMatchObject({ code: 'unavailable' })
      const batches: ConsumedBatch[] = []
      await log.consumer({ group: 'g' }).run({ topics: ['audit'], handler: async (b) => void batches.push(b) })
      await producer.publish([rec('b')])
      expect(batches.map(values)).toEqual([['b']])
    })
  })

  describe('close', () => {
    it('waits for in-flight batches, then rejects queued publishes with shutting_down', async () => {
      const { log, gate, producer } = await running()
      const inFlight = track(producer.publish([rec('a')]))
      await flush()
      const queued = track(producer.publish([rec('b')]))
      const closed = track(log.close())
      await flush()
      expect([inFlight.settled, queued.settled, closed.settled]).toEqual([false, false, false])
      gate.release()
      await flush()
      expect(inFlight).toEqual({ settled: true, error: undefined })
      expect(closed).toEqual({ settled: true, error: undefined })
      expect((queued.error as AppError).code).toBe('shutting_down')
      expect((queued.error as AppError).message).toBe('the event log is closed')
    })

    it('is idempotent: a second call waits for the same close', async () => {
      const { log, gate, producer } = await running()
      void producer.publish([rec('a')])
      await flush()
      const first = log.close()
      const second = track(log.close())
      await flush()
      expect(second.settled).toBe(false)
      gate.release()
      await first
      await flush()
      expect(second).toEqual({ settled: true, error: undefined })
      await expect(log.close()).resolves.toBeUndefined()
    })

    it('answers shutting_down to a publish after close, even with a consumer', async () => {
      const { log, producer } = await running()
      await log.close()
      const err = await rejection(producer.publish([rec('a')]))
      expect(err.code).toBe('shutting_down')
      expect(err.message).toBe('the event log is closed')
      expect(err.retriable).toBe(true)
      expect(err.retryAfterSeconds).toBe(1)
    })

    it('closes with no consumer and nothing queued', async () => {
      const log = createInProcessLog({ maxPendingRecords: 1, maxBatchRecords: 1, maxInFlightBatches: 1 })
      await expect(log.close()).resolves.toBeUndefined()
      await expect(log.producer().close()).resolves.toBeUndefined()
    })
  })
})
