import type { Consumer, EachBatchPayload, Kafka as KafkaClient } from 'kafkajs'
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
  /**
   * Called when kafkajs crashed the consumer and will not restart it (a
   * non-retriable error); this consumer then restarts it with `backoff`.
   */
  onCrash?: ((err: unknown) => void) | undefined
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
  let started = false
  let restartTimer: NodeJS.Timeout | undefined
  let restartDelay = backoff.initial
  let client = makeClient()

  function makeClient(): Consumer {
    const c = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxWaitTimeInMs: 250,
    })
    if (options.onRebalance !== undefined) {
      const notify = options.onRebalance
      c.on(c.events.GROUP_JOIN, () => notify())
    }
    // kafkajs restarts a consumer after a retriable crash by itself; after a
    // non-retriable one (kafkajs#1466, an authorization error, …) it stays
    // disconnected and the process would go on serving with nothing consumed.
    c.on(c.events.CRASH, (event) => {
      if (event.payload.restart || stopping || c !== client) return
      const err = event.payload.error
      options.onCrash?.(err)
      logger.warn({ err, group: options.groupId, restart_in_ms: restartDelay }, 'kafka consumer crashed and kafkajs will not restart it; restarting it (nothing uncommitted is lost: offsets follow storage)')
      scheduleRestart()
    })
    return c
  }

  function scheduleRestart(): void {
    if (stopping || restartTimer !== undefined) return
    const delay = restartDelay
    restartDelay = Math.min(backoff.max, restartDelay * 2)
    restartTimer = setTimeout(() => {
      restartTimer = undefined
      if (stopping) return
      const old = client
      client = makeClient()
      void old
        .disconnect()
        .catch(() => undefined)
        .then(() => start(client))
        .then(() => {
          restartDelay = backoff.initial
        })
        .catch((err: unknown) => {
          logger.warn({ err, group: options.groupId, restart_in_ms: restartDelay }, 'kafka consumer restart failed; retrying')
          scheduleRestart()
        })
    }, delay)
    restartTimer.unref?.()
  }

  async function start(c: Consumer): Promise<void> {
    if (stopping) return
    await c.connect()
    await c.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning })
    await c.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
      eachBatch: (payload) => handleWithRetry(payload),
    })
  }

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
      await start(client)
    },
    stop() {
      stopped ??= (async () => {
        stopping = true
        if (restartTimer !== undefined) clearTimeout(restartTimer)
        if (started) await client.disconnect()
      })()
      return stopped
    },
  }
}
