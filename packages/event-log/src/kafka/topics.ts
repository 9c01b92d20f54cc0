import type { Kafka as KafkaClient } from 'kafkajs'
import type { KafkaLogConfig } from '../config.js'
import { TOPIC_NAMES, type Topic } from '../port.js'
import type { LogSink } from './client.js'

/** Largest record batch the topics accept; ingest caps single events below it. */
export const KAFKA_MAX_MESSAGE_BYTES = 16 * 1024 * 1024

/** Maps logical topics to the prefixed Kafka topic names, both ways. */
export interface TopicNames {
  name(t: Topic): string
  topicOf(name: string): Topic | undefined
}

export function topicNames(prefix: string): TopicNames {
  const name = (t: Topic) => `${prefix}${TOPIC_NAMES[t]}`
  const byName = new Map<string, Topic>((Object.keys(TOPIC_NAMES) as Topic[]).map((t) => [name(t), t]))
  return { name, topicOf: (n) => byName.get(n) }
}

/**
 * Creates the missing topics once; `prepare()` is shared by every caller,
 * and a failure lets the next call try again.
 */
export function topicPreparer(kafka: KafkaClient, config: KafkaLogConfig, names: TopicNames, logger: LogSink): () => Promise<void> {
  async function ensureTopics(): Promise<void> {
    const admin = kafka.admin()
    await admin.connect()
    try {
      const existing = new Set(await admin.listTopics())
      const missing = (Object.keys(TOPIC_NAMES) as Topic[]).map(names.name).filter((t) => !existing.has(t))
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
  let topicsReady: Promise<void> | undefined
  return function prepare(): Promise<void> {
    topicsReady ??= ensureTopics().catch((err: unknown) => {
      topicsReady = undefined
      throw err
    })
    return topicsReady
  }
}
