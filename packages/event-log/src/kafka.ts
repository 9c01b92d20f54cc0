import kafkajs from 'kafkajs'
import type { Consumer, EachBatchPayload, Kafka as KafkaClient, LogEntry, Producer, SASLOptions } from 'kafkajs'
import { AppError } from '@vigil/core'
import type { KafkaLogConfig } from './config.js'
import { TOPIC_NAMES, type BatchHandler, type ConsumedRecord, type EventLog, type EventLogConsumer, type EventLogProducer, type OutgoingRecord, type Topic } from './port.js'

const { Kafka, Partitioners, logLevel } = kafkajs

/** What the adapter needs from a logger (a pino logger fits). */
export interface LogSink {
  warn(obj: object, msg: string): void
  info(obj: object, msg: string): void
  debug(obj: object, msg: string): void
}

export interface KafkaLogDeps {
  logger: LogSink
  /** Backoff between retries of a failed batch handler. */
  retryBackoffMs?: { initial: number; max: number }
}

/** Largest record batch the topics accept; ingest caps single events below it. */
export const KAFKA_MAX_MESSAGE_BYTES = 16 * 1024 * 1024
/** Bytes per produce request; larger publishes are split, in order. */
const MAX_SEND_BYTES = 4 * 1024 * 1024

interface Pending {
  records: readonly OutgoingRecord[]
  resolve: () => void
  reject: (err: unknown) => void
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** kafkajs and AppError both say `retriable: false` for errors a retry cannot fix. */
function retriableError(err: unknown): boolean {
  return (err as { retriable?: boolean } | null | undefined)?.retriable !== false
}

/**
 * The scale-out event log on Kafka (kafkajs). The producer is idempotent
 * with acks=-1, and concurrent publishes are coalesced into one produce
 * request at a time (group commit, which also keeps the idempotent
 * sequence numbers in order). Consumers run per-partition batches and
 * commit only after the handler resolved; a failing handler is retried
 * with backoff, heartbeating, until it succeeds or the consumer stops.
 * kafkajs stays behind this file (ADR 0002), so another client can
 * replace it.
 */
export function createKafkaLog(config: KafkaLogConfig, deps: KafkaLogDeps): EventLog {
  const logger = deps.logger
  const backoff = deps.retryBackoffMs ?? { initial: 500, max: 10_000 }
  const topicName = (t: Topic) => `${config.topic_prefix}${TOPIC_NAMES[t]}`
  const topicOf = new Map<string, Topic>((Object.keys(TOPIC_NAMES) as Topic[]).map((t) => [topicName(t), t]))

  const kafka: KafkaClient = new Kafka({
    clientId: config.client_id,
    brokers: config.brokers,
    ssl: config.ssl,
    ...(config.sasl === undefined ? {} : { sasl: config.sasl as SASLOptions }),
    connectionTimeout: config.connection_timeout_ms,
    requestTimeout: config.request_timeout_ms,
    logLevel: logLevel.WARN,
    // kafkajs logs retried, harmless broker errors at ERROR; they are warnings to us.
    logCreator: () => (entry: LogEntry) => logger.warn({ kafkajs: entry.namespace, detail: entry.log }, String(entry.log.message)),
  })

  let topicsReady: Promise<void> | undefined
  async function ensureTopics(): Promise<void> {
    const admin = kafka.admin()
    await admin.connect()
    try {
      const existing = new Set(await admin.listTopics())
      const missing = (Object.keys(TOPIC_NAMES) as Topic[]).map(topicName).filter((t) => !existing.has(t))
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: config.partitions,
            replicationFactor: config.replication_factor,
            configEntries: [{ name: 'max.message.bytes', value: String(KAFKA_MAX_MESSAGE_BYTES) }],
          })),
        })
        logger.info({ topics: missing, partitions: config.partitions }, 'created topics')
      }
    } finally {
      await admin.disconnect()
    }
  }
  function prepare(): Promise<void> {
    topicsReady ??= ensureTopics().catch((err: unknown) => {
      topicsReady = undefined
      throw err
    })
    return topicsReady
  }

  // ---- producer -------------------------------------------------------
  let producer: Producer | undefined
  let producerConnected: Promise<void> | undefined
  const queue: Pending[] = []
  let sending = false
  let closed = false
  let closing: Promise<void> | undefined

  function connectProducer(): Promise<void> {
    producer ??= kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false })
    producerConnected ??= producer.connect().catch((err: unknown) => {
      producerConnected = undefined
      throw err
    })
    return producerConnected
  }

  async function sendAll(records: readonly OutgoingRecord[]): Promise<void> {
    await prepare()
    await connectProducer()
    let chunk: OutgoingRecord[] = []
    let bytes = 0
    const flush = async () => {
      if (chunk.length === 0) return
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>()
      for (const r of chunk) {
        const name = topicName(r.topic)
        let list = byTopic.get(name)
        if (list === undefined) byTopic.set(name, (list = []))
        list.push({ key: r.key, value: r.value, headers: r.headers })
      }
      await (producer as Producer).sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) })
      chunk = []
      bytes = 0
    }
    for (const r of records) {
      const size = r.value.length + r.key.length + 64
      if (bytes + size > MAX_SEND_BYTES) await flush()
      chunk.push(r)
      bytes += size
    }
    await flush()
  }

  async function pump(): Promise<void> {
    if (sending) return
    sending = true
    try {
      while (queue.length > 0) {
        const taken = queue.splice(0, queue.length)
        const records = taken.flatMap((p) => p.records)
        try {
          await sendAll(records)
          for (const p of taken) p.resolve()
        } catch (err) {
          for (const p of taken) p.reject(err)
        }
      }
    } finally {
      sending = false
    }
  }

  const logProducer: EventLogProducer = {
    publish(records) {
      if (closed) return Promise.reject(new AppError('shutting_down', 'the event log is closed', { retryAfterSeconds: 1 }))
      if (records.length === 0) return Promise.resolve()
      const durable = new Promise<void>((resolve, reject) => {
        queue.push({ records, resolve, reject })
        void pump()
      })
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError('unavailable', `no durable Kafka acknowledgement within ${config.publish_timeout_ms} ms`, { retryAfterSeconds: 5 })), config.publish_timeout_ms)
      })
      return Promise.race([durable, timeout])
        .catch((err: unknown) => {
          if (err instanceof AppError) throw err
          throw new AppError('unavailable', `Kafka did not take the batch: ${(err as Error).message}`, { cause: err, retryAfterSeconds: 5 })
        })
        .finally(() => clearTimeout(timer))
    },
    close() {
      // Every caller waits for the same drain: queued batches are sent (or fail) before the producer disconnects.
      closing ??= (async () => {
        closed = true
        while (sending || queue.length > 0) await sleep(10)
        if (producerConnected !== undefined) await producer?.disconnect()
      })()
      return closing
    },
  }

  // ---- consumers ------------------------------------------------------
  const consumers = new Set<EventLogConsumer>()

  function consumer(options: { group: string }): EventLogConsumer {
    let client: Consumer | undefined
    let stopping = false
    let stopped: Promise<void> | undefined

    async function handleWithRetry(payload: EachBatchPayload, handler: BatchHandler): Promise<void> {
      const { batch } = payload
      const topic = topicOf.get(batch.topic)
      if (topic === undefined || batch.messages.length === 0) return
      const records: ConsumedRecord[] = batch.messages.map((m) => ({
        key: m.key?.toString('utf8') ?? '',
        value: m.value?.toString('utf8') ?? '',
        headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0] ?? '') : (v?.toString('utf8') ?? '')])),
        offset: m.offset,
      }))
      let delay = backoff.initial
      for (let attempt = 1; ; attempt++) {
        if (stopping || !payload.isRunning() || payload.isStale()) return
        try {
          await handler({ topic, partition: batch.partition, records })
          break
        } catch (err) {
          if (!retriableError(err)) {
            logger.warn({ err, topic, partition: batch.partition, attempt }, 'batch handler failed with a non-retriable error; retrying anyway, nothing is committed')
          }
          logger.warn({ topic, partition: batch.partition, attempt, delay_ms: delay, code: (err as AppError).code }, 'batch not stored; backing off')
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

    const c: EventLogConsumer = {
      async run(opts) {
        await prepare()
        client = kafka.consumer({
          groupId: `${config.topic_prefix}${options.group}`,
          allowAutoTopicCreation: false,
          sessionTimeout: 30_000,
          heartbeatInterval: 3_000,
          maxBytesPerPartition: 8 * 1024 * 1024,
          maxWaitTimeInMs: 250,
        })
        if (opts.onRebalance !== undefined) {
          const notify = opts.onRebalance
          client.on(client.events.GROUP_JOIN, () => notify())
        }
        await client.connect()
        await client.subscribe({ topics: opts.topics.map(topicName), fromBeginning: true })
        await client.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: config.partitions_consumed_concurrently,
          eachBatch: (payload) => handleWithRetry(payload, opts.handler),
        })
        consumers.add(c)
      },
      stop() {
        stopped ??= (async () => {
          stopping = true
          consumers.delete(c)
          await client?.disconnect()
        })()
        return stopped
      },
    }
    return c
  }

  return {
    kind: 'kafka',
    prepare,
    producer: () => logProducer,
    consumer,
    async close() {
      await Promise.all([...consumers].map((c) => c.stop()))
      await logProducer.close()
    },
  }
}
