import type { EventLogConsumer } from '@vigil/event-log'
import type { Logger, Metrics } from '@vigil/platform'
import type { Ruleset } from '@vigil/rules'
import type { Store } from '@vigil/store'
import { handleBatch } from './handle-batch.js'

export interface AnalyzerDeps {
  consumer: EventLogConsumer
  store: Store
  ruleset: Ruleset
  metrics: Metrics
  logger: Logger
  now?: () => Date
}

export interface Analyzer {
  start(): Promise<void>
  /** Stops the consumer after its in-flight batch; nothing uncommitted is lost. Idempotent. */
  stop(): Promise<void>
}

export function createAnalyzer(deps: AnalyzerDeps): Analyzer {
  const logger = deps.logger.child({ component: 'analyzer' })
  const handleDeps = { ruleset: deps.ruleset, store: deps.store, metrics: deps.metrics, logger, now: deps.now ?? (() => new Date()) }
  let stopping: Promise<void> | undefined
  return {
    async start() {
      await deps.consumer.run({
        topics: ['audit', 'deadletter'],
        handler: async (batch) => {
          try {
            await handleBatch(handleDeps, batch)
          } catch (err) {
            deps.metrics.errors.inc({ stage: 'processing', error_type: (err as { code?: string }).code ?? 'unknown' })
            logger.warn({ err, topic: batch.topic, records: batch.records.length }, 'batch not stored; it will be retried')
            throw err
          }
        },
      })
    },
    stop() {
      stopping ??= deps.consumer.stop()
      return stopping
    },
  }
}
