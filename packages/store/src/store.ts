import type { ClickHouseClient } from '@clickhouse/client'
import type { DeadLetter, Finding, ThresholdStateRow } from '@vigil/core'
import { createBatchWriter, type StoreBatch } from './batch-writer.js'
import { toStoreError } from './client.js'
import { createLedgerSealer } from './ledger-sealer.js'
import { LEDGER_ENTRIES_TABLE } from './tables/ledger-entries.js'
import { applyRetention, migrate } from './migrate.js'
import type { RetentionConfig } from './config.js'
import type { Page } from './page.js'
import { AUDIT_EVENTS_TABLE, getRawAuditEvent, insertAuditEvents, searchAuditEvents, type AuditEventRow, type EventQuery, type EventSummary } from './tables/audit-events.js'
import { DEAD_LETTERS_TABLE, insertDeadLetters, listDeadLetters, type DeadLetterRow } from './tables/dead-letters.js'
import { insertRuleState, loadRuleState, RULE_STATE_TABLE } from './tables/rule-state.js'
import { FINDINGS_TABLE, getFinding, insertFindings, listFindings, type FindingQuery } from './tables/findings.js'

/**
 * Where evidence lives. Writes resolve only once the rows are stored;
 * failures are AppErrors (`unavailable` is retriable, `store_error` is not).
 */
export interface Store {
  /**
   * The ledger's leaves and headers (one insert), then events, findings,
   * threshold state and dead letters; resolves when all are stored. Calls
   * must not overlap (the batch writer serializes them): sealing chains
   * each batch to the one before.
   */
  writeBatch(batch: StoreBatch): Promise<void>
  /** Forgets the ledger's cached chain heads, so the next batch reads them from the store (after a rebalance). */
  resetLedgerHeads(): void
  writeEvents(rows: readonly AuditEventRow[]): Promise<void>
  writeFindings(findings: readonly Finding[]): Promise<void>
  writeDeadLetters(letters: readonly DeadLetter[]): Promise<void>
  listFindings(q: FindingQuery): Promise<Page<Finding>>
  getFinding(id: string, clusters?: string[]): Promise<Finding | undefined>
  searchEvents(q: EventQuery): Promise<Page<EventSummary>>
  getRawEvent(key: { cluster: string; audit_id: string; stage: string }): Promise<unknown | undefined>
  listDeadLetters(q: { clusters?: string[] | undefined; limit: number }): Promise<DeadLetterRow[]>
  /** Threshold-window members (stateful rules), written with each batch. */
  writeRuleState(rows: readonly ThresholdStateRow[]): Promise<void>
  loadRuleState(sinceMs: number): Promise<ThresholdStateRow[]>
  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>
  close(): Promise<void>
}

export interface StoreDeps {
  client: ClickHouseClient
  /** Observes each insert's latency, by table. */
  onWrite?: (table: string, seconds: number) => void
  /** Called when a ledger chain's batch does not start right after its head (records lost before the analyzer). */
  onLedgerGap?: (gap: { stream: string; partition: number; expected: number; got: number }) => void
  now?: () => Date
}

export function createStore(deps: StoreDeps): Store {
  const { client } = deps
  const now = deps.now ?? (() => new Date())
  let closed: Promise<void> | undefined
  const sealer = createLedgerSealer({ client, now, ...(deps.onLedgerGap === undefined ? {} : { onGap: deps.onLedgerGap }) })

  async function timed<T>(table: string, what: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now()
    try {
      return await fn()
    } catch (err) {
      throw toStoreError(err, what)
    } finally {
      deps.onWrite?.(table, (performance.now() - start) / 1000)
    }
  }

  async function read<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (err) {
      throw toStoreError(err, what)
    }
  }

  const store: Store = {
    async writeBatch(batch) {
      if (batch.ledger !== undefined && batch.ledger.length > 0) {
        const units = batch.ledger
        await timed(LEDGER_ENTRIES_TABLE, 'sealing the ledger', () => sealer.seal(units))
      }
      await store.writeEvents(batch.events)
      await store.writeFindings(batch.findings)
      await store.writeRuleState(batch.ruleState)
      await store.writeDeadLetters(batch.deadLetters)
    },
    writeEvents: (rows) => timed(AUDIT_EVENTS_TABLE, 'writing audit events', () => insertAuditEvents(client, rows)),
    writeFindings: (findings) => timed(FINDINGS_TABLE, 'writing findings', () => insertFindings(client, findings, now().toISOString())),
    writeDeadLetters: (letters) => timed(DEAD_LETTERS_TABLE, 'writing dead letters', () => insertDeadLetters(client, letters)),
    resetLedgerHeads: () => sealer.reset(),
    listFindings: (q) => read('listing findings', () => listFindings(client, q)),
    getFinding: (id, clusters) => read('reading a finding', () => getFinding(client, id, clusters)),
    searchEvents: (q) => read('searching events', () => searchAuditEvents(client, q)),
    getRawEvent: (key) => read('reading an event', () => getRawAuditEvent(client, key)),
    listDeadLetters: (q) => read('listing dead letters', () => listDeadLetters(client, q)),
    writeRuleState: (rows) => timed(RULE_STATE_TABLE, 'writing rule state', () => insertRuleState(client, rows)),
    loadRuleState: (since) => read('loading rule state', () => loadRuleState(client, since)),
    ping: () => read('ping', async () => {
      const r = await client.ping()
      if (!r.success) throw r.error
    }),
    close() {
      closed ??= client.close()
      return closed
    },
  }
  return store
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
