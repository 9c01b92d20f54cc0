import { createGroupConsumer, createKafkaClient, type GroupConsumer, type RawBatch } from '@vigil/event-log'
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
  /** Backoff between attempts to join the group while the namespace cannot be reached. */
  reconnectBackoffMs?: { initial: number; max: number }
}

export interface AksSource {
  /** Starts joining the group in the background; a namespace that cannot be reached is retried, not fatal. */
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
  let stopping = false
  let running: Promise<void> | undefined
  let wake: (() => void) | undefined

  const handler = async (batch: RawBatch) => {
    const decoded: AksDecoded = { events: [], rejected: [], skipped: 0, latestTimeMs: undefined }
    for (const r of batch.records) decodeAksEventBody(r.value, categories, decoded)
    for (const r of decoded.rejected) logger.warn({ partition: batch.partition, reason: r.reason, detail: r.detail }, 'event hubs record dead-lettered')
    await acceptFromSource(deps.accept, config, decoded, decoded.latestTimeMs)
  }

  /** Joins the group, retrying with backoff while the namespace cannot be reached, so ingest's other routes keep serving. */
  async function connectLoop(): Promise<void> {
    let delay = deps.reconnectBackoffMs?.initial ?? 1_000
    const max = deps.reconnectBackoffMs?.max ?? 60_000
    while (!stopping) {
      const c = createGroupConsumer(kafka, { groupId: config.group, topics: [config.topic], fromBeginning: config.from_beginning, partitionsConsumedConcurrently: 1, backoff: { initial: 500, max: 10_000 }, logger, handler, onCrash: () => deps.accept.metrics.errors.inc({ stage: 'source', error_type: 'consumer_crash' }) })
      consumer = c
      try {
        await c.run()
        logger.info({ topic: config.topic, group: config.group }, 'consuming the Event Hub')
        return
      } catch (err) {
        await c.stop().catch(() => undefined)
        if (stopping) return
        logger.error({ topic: config.topic, brokers: config.brokers, reason: (err as Error).message, retry_in_ms: delay }, 'cannot join the Event Hub consumer group; retrying')
        deps.accept.metrics.errors.inc({ stage: 'source', error_type: 'connect' })
        await new Promise<void>((r) => {
          wake = r
          setTimeout(r, delay)
        })
        delay = Math.min(max, delay * 2)
      }
    }
  }

  return {
    start() {
      running ??= connectLoop()
      return Promise.resolve()
    },
    async stop() {
      stopping = true
      wake?.()
      await running
      await consumer?.stop()
    },
  }
}
