import { createGroupConsumer, createKafkaClient, type GroupConsumer } from '@vigil/event-log'
import type { Logger } from '@vigil/platform'
import type { AcceptDeps } from '../accept-batch.js'
import { acceptFromSource } from './accept-source.js'
import { decodeAksEventBody, type AksDecoded } from './aks.js'
import type { AksEventHubsSource } from './config.js'

export interface AksSourceDeps {
  config: AksEventHubsSource
  /** The resolved SASL password (the namespace connection string). */
  password: string | undefined
  accept: AcceptDeps
  logger: Logger
}

export interface AksSource {
  start(): Promise<void>
  /** Stops after the in-flight batch; what was not committed is read again. Idempotent. */
  stop(): Promise<void>
}

/**
 * Reads an AKS diagnostic setting's Event Hub over its Kafka endpoint as a
 * consumer group. Each partition batch goes through the one accept path and
 * is committed only after it is durable; a failed publish is retried (and
 * nothing committed) until it succeeds or the source stops. Poison records
 * are dead-lettered and committed.
 */
export function createAksSource(deps: AksSourceDeps): AksSource {
  const { config } = deps
  const logger = deps.logger.child({ component: 'ingest.aks', source: config.name })
  const kafka = createKafkaClient(
    {
      client_id: `vigil-${config.name}`,
      brokers: config.brokers,
      ssl: config.ssl,
      sasl: config.sasl === undefined || deps.password === undefined ? undefined : { mechanism: 'plain', username: config.sasl.username, password: deps.password },
      connection_timeout_ms: config.connection_timeout_ms,
      request_timeout_ms: config.request_timeout_ms,
    },
    logger,
  )
  const categories = new Set<string>(config.categories)
  let consumer: GroupConsumer | undefined
  return {
    async start() {
      consumer = createGroupConsumer(kafka, {
        groupId: config.group,
        topics: [config.topic],
        fromBeginning: config.from_beginning,
        partitionsConsumedConcurrently: 1,
        backoff: { initial: 500, max: 10_000 },
        logger,
        handler: async (batch) => {
          const decoded: AksDecoded = { events: [], rejected: [], skipped: 0, latestTimeMs: undefined }
          for (const r of batch.records) decodeAksEventBody(r.value, categories, decoded)
          for (const r of decoded.rejected) logger.warn({ partition: batch.partition, reason: r.reason, detail: r.detail }, 'event hubs record dead-lettered')
          await acceptFromSource(deps.accept, config, decoded, decoded.latestTimeMs)
        },
      })
      await consumer.run()
      logger.info({ topic: config.topic, group: config.group }, 'consuming the Event Hub')
    },
    async stop() {
      await consumer?.stop()
    },
  }
}
