import { AppError } from '@vigil/core'
import type { BatchHandler, ConsumedBatch, ConsumedRecord, EventLog, EventLogConsumer, EventLogProducer, OutgoingRecord, Topic } from './port.js'

interface Pending {
  records: readonly OutgoingRecord[]
  resolve: () => void
  reject: (err: unknown) => void
}

export interface InProcessLogOptions {
  /** Records queued and not yet handed to the consumer; beyond it, publish answers `overloaded`. */
  maxPendingRecords: number
  /** Most records in one consumer batch. */
  maxBatchRecords: number
  /** Consumer batches in flight at once: one evaluates while another is being stored. */
  maxInFlightBatches: number
}

/**
 * The embedded event log. It has no storage of its own: a publish resolves
 * only after the consumer's handler has stored the records, so "published"
 * means "in the store". Publishes that arrive while the handler is busy are
 * coalesced into the next batch (group commit). One consumer at a time.
 */
export function createInProcessLog(options: InProcessLogOptions): EventLog {
  const queue: Pending[] = []
  let queuedRecords = 0
  let handler: BatchHandler | undefined
  let topics: readonly Topic[] = []
  const inFlight = new Set<Promise<void>>()
  let offset = 0n
  let closed = false
  let closing: Promise<void> | undefined
  let stopping = false

  function unavailable(message: string): AppError {
    return new AppError('unavailable', message, { retryAfterSeconds: 1 })
  }

  function kick(): void {
    while (inFlight.size < options.maxInFlightBatches && !stopping && handler !== undefined && queue.length > 0) {
      const batch = drain(take())
      inFlight.add(batch)
      void batch.finally(() => {
        inFlight.delete(batch)
        kick()
      })
    }
  }

  function take(): Pending[] {
    const taken: Pending[] = []
    let count = 0
    while (queue.length > 0 && (taken.length === 0 || count + (queue[0] as Pending).records.length <= options.maxBatchRecords)) {
      const next = queue.shift() as Pending
      taken.push(next)
      count += next.records.length
    }
    queuedRecords -= count
    return taken
  }

  async function drain(taken: readonly Pending[]): Promise<void> {
    const byTopic = new Map<Topic, ConsumedRecord[]>()
    for (const pending of taken) {
      for (const r of pending.records) {
        let list = byTopic.get(r.topic)
        if (list === undefined) byTopic.set(r.topic, (list = []))
        list.push({ key: r.key, value: r.value, headers: r.headers, offset: String(offset++), ...(r.parsed === undefined ? {} : { parsed: r.parsed }) })
      }
    }
    const current = handler
    try {
      if (current === undefined) throw unavailable('no consumer is running')
      for (const [topic, records] of byTopic) {
        if (!topics.includes(topic)) continue
        const batch: ConsumedBatch = { topic, partition: 0, records }
        await current(batch)
      }
      for (const p of taken) p.resolve()
    } catch (err) {
      for (const p of taken) p.reject(err)
    }
  }

  async function settle(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight])
  }

  function rejectQueued(err: AppError): void {
    for (const p of queue.splice(0)) p.reject(err)
    queuedRecords = 0
  }

  const producer: EventLogProducer = {
    publish(records) {
      if (closed) return Promise.reject(new AppError('shutting_down', 'the event log is closed', { retryAfterSeconds: 1 }))
      if (handler === undefined || stopping) return Promise.reject(unavailable('no consumer is running'))
      if (records.length === 0) return Promise.resolve()
      if (queuedRecords > 0 && queuedRecords + records.length > options.maxPendingRecords) {
        return Promise.reject(new AppError('overloaded', `${queuedRecords} records are waiting to be stored`, { retryAfterSeconds: 1 }))
      }
      return new Promise<void>((resolve, reject) => {
        queue.push({ records, resolve, reject })
        queuedRecords += records.length
        kick()
      })
    },
    async close() {},
  }

  return {
    kind: 'inprocess',
    prepare: async () => {},
    producer: () => producer,
    consumer(): EventLogConsumer {
      let stopped: Promise<void> | undefined
      return {
        async run(opts) {
          if (handler !== undefined) throw new AppError('internal', 'the in-process event log supports one consumer')
          stopping = false
          handler = opts.handler
          topics = opts.topics
          kick()
        },
        stop() {
          // A second caller waits for the same stop, not just for the flag.
          stopped ??= (async () => {
            stopping = true
            await settle()
            handler = undefined
            rejectQueued(unavailable('the consumer stopped'))
          })()
          return stopped
        },
      }
    },
    close() {
      closing ??= (async () => {
        closed = true
        stopping = true
        await settle()
        rejectQueued(new AppError('shutting_down', 'the event log is closed', { retryAfterSeconds: 1 }))
      })()
      return closing
    },
  }
}
