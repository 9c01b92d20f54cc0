import kafkajs from 'kafkajs'
import type { Kafka as KafkaClient, Producer } from 'kafkajs'
import { AppError } from '@vigil/core'
import type { EventLogProducer, OutgoingRecord } from '../port.js'
import { sleep } from './client.js'
import type { TopicNames } from './topics.js'

const { Partitioners } = kafkajs

/** Bytes per produce request; larger publishes are split, in order. */
const MAX_SEND_BYTES = 4 * 1024 * 1024

interface Pending {
  records: readonly OutgoingRecord[]
  resolve: () => void
  reject: (err: unknown) => void
}

export interface KafkaProducerDeps {
  kafka: KafkaClient
  names: TopicNames
  prepare: () => Promise<void>
  publishTimeoutMs: number
}

/**
 * The idempotent producer (acks=-1). Concurrent publishes are coalesced into
 * one produce request at a time (group commit, which also keeps the
 * idempotent sequence numbers in order).
 */
export function createKafkaProducer(deps: KafkaProducerDeps): EventLogProducer {
  const { kafka, names, prepare } = deps
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
        const name = names.name(r.topic)
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

  return {
    publish(records) {
      if (closed) return Promise.reject(new AppError('shutting_down', 'the event log is closed', { retryAfterSeconds: 1 }))
      if (records.length === 0) return Promise.resolve()
      const durable = new Promise<void>((resolve, reject) => {
        queue.push({ records, resolve, reject })
        void pump()
      })
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError('unavailable', `no durable Kafka acknowledgement within ${deps.publishTimeoutMs} ms`, { retryAfterSeconds: 5 })), deps.publishTimeoutMs)
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
}
