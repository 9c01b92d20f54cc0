import type { ClickHouseClient } from '@clickhouse/client'
import { createApiLedger } from './api-ledger.js'
import { createBatchWriter, type StoreBatch } from './batch-writer.js'
import { applyRetention, migrate } from './migrate.js'
import type { RetentionConfig } from './config.js'
import { createAlertingStore, type AlertingStore } from './ports/alerting.js'
import { createDeadLetterStore, type DeadLetterStore } from './ports/dead-letters.js'
import { createEventStore, type EventStore } from './ports/events.js'
import { createFindingStore, type FindingStore } from './ports/findings.js'
import { createLedgerStore, type LedgerStore } from './ports/ledger.js'
import { createRuleStateStore, type RuleStateStore } from './ports/rule-state.js'
import { createReviewStore, type ReviewStore } from './ports/reviews.js'
import { createCoverageStore, type CoverageStore } from './ports/coverage.js'
import { createPopulationStore, type PopulationStore } from './ports/populations.js'
import { createReportStore, type ReportStore } from './ports/reports.js'
import { createTokenStore, type TokenStore } from './ports/tokens.js'
import { createAccessLogStore, type AccessLogStore } from './ports/access-log.js'
import { createSessionStore, type SessionStore } from './ports/sessions.js'
import { createLedgerEvidenceStore, type LedgerEvidenceStore } from './ports/ledger-evidence.js'
import { storeOps, type StoreDeps } from './store-ops.js'

export type { StoreDeps } from './store-ops.js'

/**
 * Where evidence lives: one port per capability, each over its own table
 * modules, plus the analyzer's batch write and the store's lifecycle.
 * Writes resolve only once the rows are stored; failures are AppErrors
 * (`unavailable` is retriable, `store_error` is not).
 */
export interface Store {
  readonly events: EventStore
  readonly findings: FindingStore
  readonly deadLetters: DeadLetterStore
  readonly ruleState: RuleStateStore
  readonly ledger: LedgerStore
  readonly reviews: ReviewStore
  readonly coverage: CoverageStore
  readonly populations: PopulationStore
  readonly reports: ReportStore
  readonly alerting: AlertingStore
  readonly tokens: TokenStore
  readonly accessLog: AccessLogStore
  readonly sessions: SessionStore
  readonly ledgerEvidence: LedgerEvidenceStore
  /**
   * The ledger's leaves and headers (one insert), then events, findings,
   * threshold state and dead letters; resolves when all are stored. Calls
   * must not overlap (the batch writer serializes them): sealing chains
   * each batch to the one before.
   */
  writeBatch(batch: StoreBatch): Promise<void>
  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>
  close(): Promise<void>
}

export function createStore(deps: StoreDeps): Store {
  const ops = storeOps(deps, deps.apiLedger === undefined ? undefined : createApiLedger({ client: deps.client, now: deps.now ?? (() => new Date()), instance: deps.apiLedger.instance }))
  const { client } = deps
  let closed: Promise<void> | undefined
  const events = createEventStore(ops)
  const findings = createFindingStore(ops)
  const deadLetters = createDeadLetterStore(ops)
  const ruleState = createRuleStateStore(ops)
  const ledger = createLedgerStore(ops, deps.onLedgerGap === undefined ? {} : { onGap: deps.onLedgerGap })
  const alerting = createAlertingStore(ops)
  return {
    events,
    findings,
    deadLetters,
    ruleState,
    ledger,
    reviews: createReviewStore(ops),
    coverage: createCoverageStore(ops),
    populations: createPopulationStore(ops),
    reports: createReportStore(ops),
    alerting,
    tokens: createTokenStore(ops),
    accessLog: createAccessLogStore(ops),
    sessions: createSessionStore(ops),
    ledgerEvidence: createLedgerEvidenceStore(ops),
    async writeBatch(batch) {
      if (batch.ledger !== undefined && batch.ledger.length > 0) await ledger.seal(batch.ledger)
      await events.write(batch.events)
      await findings.write(batch.findings)
      await ruleState.write(batch.ruleState)
      await deadLetters.write(batch.deadLetters)
    },
    ping: () =>
      ops.read('ping', async () => {
        const r = await client.ping()
        if (!r.success) throw r.error
      }),
    close() {
      closed ??= client.close()
      return closed
    },
  }
}

/**
 * A store whose batch writes go through a BatchWriter (merged by size and
 * interval); everything else passes through. Closing flushes first.
 */
export function withBatchWriter(store: Store, options: { maxRows: number; flushIntervalMs: number }): Store {
  const writer = createBatchWriter({ ...options, write: (b) => store.writeBatch(b) })
  return {
    ...store,
    writeBatch: (b) => writer.write(b),
    async close() {
      await writer.flush()
      await store.close()
    },
  }
}

/** Runs the migrations and retention settings a store needs before use. */
export async function prepareStore(client: ClickHouseClient, retention: RetentionConfig): Promise<number[]> {
  const applied = await migrate(client)
  await applyRetention(client, retention)
  return applied
}
