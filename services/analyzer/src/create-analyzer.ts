import type { EventLogConsumer, EventLogProducer } from '@vigil/event-log'
import type { Logger, Metrics } from '@vigil/platform'
import { NoticeOnce, RequestOnce, ThresholdTracker, type Ruleset } from '@vigil/rules'
import type { AnalyzerStore } from './handle-batch.js'
import { handleBatch } from './handle-batch.js'
import type { LedgerPlacement } from './ledger-records.js'

export interface AnalyzerDeps {
  consumer: EventLogConsumer
  store: AnalyzerStore
  ruleset: Ruleset
  metrics: Metrics
  logger: Logger
  now?: () => Date
  /** Where stored events and findings are sealed; absent: the ledger is off. */
  ledger?: LedgerPlacement | undefined
  /** Producer for `vigil.alerts.v1`; absent: no candidates are published. */
  alerts?: EventLogProducer | undefined
}

export interface Analyzer {
  start(): Promise<void>
  /** Stops the consumer after its in-flight batch; nothing uncommitted is lost. Idempotent. */
  stop(): Promise<void>
  /** Evaluates later batches with this ruleset (indicator lists reloaded); a batch in flight finishes with the one it started with. */
  setRuleset(ruleset: Ruleset): void
}

/** How far back threshold state is reloaded: the longest window plus a day for late events. */
function stateHorizonMs(ruleset: Ruleset): number {
  return Math.max(0, ...ruleset.rules.map((r) => r.threshold?.windowMs ?? 0)) + 86_400_000
}

export function createAnalyzer(deps: AnalyzerDeps): Analyzer {
  const logger = deps.logger.child({ component: 'analyzer' })
  const now = deps.now ?? (() => new Date())
  const thresholds = new ThresholdTracker()
  const once = new RequestOnce()
  const handleDeps = { ruleset: deps.ruleset, thresholds, once, notices: new NoticeOnce(), store: deps.store, metrics: deps.metrics, logger, now, ledger: deps.ledger, alerts: deps.alerts }
  const inFlight = new Set<Promise<void>>()
  let stale = false
  let stopping: Promise<void> | undefined

  const loadThresholds = async () => thresholds.load(await deps.store.ruleState.load(now().getTime() - stateHorizonMs(deps.ruleset)))

  // After a failed batch the in-memory windows may hold members that were
  // never stored, and `once` requests whose findings were never stored; once
  // nothing else is in flight, rebuild the windows from the store and forget `once`.
  async function reloadThresholds(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    if (!stale) return
    thresholds.clear()
    once.clear()
    await loadThresholds()
    stale = false
  }

  return {
    setRuleset(ruleset) {
      handleDeps.ruleset = ruleset
    },
    async start() {
      await loadThresholds()
      await deps.consumer.run({
        topics: ['audit', 'deadletter'],
        // New partitions may bring keys whose windows another worker filled.
        onRebalance: () => {
          stale = true
          // Another worker may have sealed this partition's chain meanwhile.
          deps.store.ledger.resetHeads()
        },
        handler: async (batch) => {
          if (stale) await reloadThresholds()
          const work = handleBatch(handleDeps, batch)
          inFlight.add(work)
          try {
            await work
          } catch (err) {
            stale = true
            deps.metrics.errors.inc({ stage: 'processing', error_type: (err as { code?: string }).code ?? 'unknown' })
            logger.warn({ err, topic: batch.topic, records: batch.records.length }, 'batch not stored; it will be retried')
            throw err
          } finally {
            inFlight.delete(work)
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
