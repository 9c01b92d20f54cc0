import type { EachBatchPayload, Kafka as KafkaClient } from 'kafkajs'
import type { AppError } from '@vigil/core'
import type { ConsumedRecord } from '../port.js'
import { retriableError, sleep, type LogSink } from './client.js'

/** One partition's batch as Kafka delivered it, by raw topic name. */
export interface RawBatch {
  topic: string
  partition: number
  records: readonly ConsumedRecord[]
}

export interface GroupConsumerOptions {
  groupId: string
  topics: readonly string[]
  /** Where a group with no committed offset starts. */
  fromBeginning: boolean
  partitionsConsumedConcurrently: number
  /** Resolving means "stored": only then is the batch committed. */
  handler: (batch: RawBatch) => Promise<void>
  onRebalance?: (() => void) | undefined
  backoff: { initial: number; max: number }
  logger: LogSink
}

export interface GroupConsumer {
  run(): Promise<void>
  /** Stops after the in-flight batch; idempotent. */
  stop(): Promise<void>
}

function toRecords(payload: EachBatchPayload): ConsumedRecord[] {
  return payload.batch.messages.map((m) => ({
    key: m.key?.toString('utf8') ?? '',
    value: m.value?.toString('utf8') ?? '',
    headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0] ?? '') : (v?.toString('utf8') ?? '')])),
    offset: m.offset,
  }))
}

/**
 * A kafkajs consumer group that runs per-partition batches and commits a
 * batch only after its handler resolved. A failing handler is retried with
 * backoff, heartbeating, until it succeeds or the consumer stops, so
 * nothing is committed that was not stored.
 */
export function createGroupConsumer(kafka: KafkaClient, options: GroupConsumerOptions): GroupConsumer {
  const { logger, backoff } = options
  let stopping = false
  let stopped: Promise<void> | undefined
  const client = kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    maxBytesPerPartition: 8 * 1024 * 1024,
    maxWaitTimeInMs: 250,
  })
  let started = false

  async function handleWithRetry(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload
    if (batch.messages.length === 0) return
    const records = toRecords(payload)
    let delay = backoff.initial
    for (let attempt = 1; ; attempt++) {
      if (stopping || !payload.isRunning() || payload.isStale()) return
      try {
        await options.handler({ topic: batch.topic, partition: batch.partition, records })
        break
      } catch (err) {
        if (!retriableError(err)) {
          logger.warn({ err, topic: batch.topic, partition: batch.partition, attempt }, 'batch handler failed with a non-retriable error; retrying anyway, nothing is committed')
        }
        logger.warn({ topic: batch.topic, partition: batch.partition, attempt, delay_ms: delay, code: (err as AppError).code }, 'batch not stored; backing off')
        const until = Date.now() + delay
        while (Date.now() < until && !stopping && payload.isRunning()) {
          await payload.heartbeat().catch(() => undefined)
          await sleep(Math.min(1000, until - Date.now()))
        }
        delay = Math.min(backoff.max, delay * 2)
      }
    }
    if (stopping || payload.isStale()) return
    const next = (BigInt(batch.lastOffset()) + 1n).toString()
    payload.resolveOffset(batch.lastOffset())
    await payload.commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] })
    await payload.heartbeat()
  }

  return {
    async run() {
      started = true
      if (options.onRebalance !== undefined) {
        const notify = options.onRebalance
        client.on(client.events.GROUP_JOIN, () => notify())
      }
      await client.connect()
      await client.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning })
      await client.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
        eachBatch: (payload) => handleWithRetry(payload),
      })
    },
    stop() {
      stopped ??= (async () => {
        stopping = true
        if (started) await client.disconnect()
      })()
      return stopped
    },
  }
}
