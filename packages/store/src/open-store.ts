import type { ClickHouseClient } from '@clickhouse/client'
import { chdbPathOf, createClickHouseClient } from './client.js'
import type { RetentionConfig, StoreConfig } from './config.js'
import { createStore, prepareStore, withBatchWriter, type Store } from './store.js'

export interface OpenStoreOptions {
  store: StoreConfig
  retention: RetentionConfig
  /** Absolute data directory; chDB's files go under it. */
  dataDir: string
  /** Merge batch writes by size and interval (the analyzer's write path); absent: write each batch as it comes. */
  batching?: { maxRows: number; flushIntervalMs: number } | undefined
  /** Observes each insert's latency, by table. */
  onWrite?: (table: string, seconds: number) => void
  /** Called when a ledger chain's batch does not start right after its head. */
  onLedgerGap?: (gap: { stream: string; partition: number; expected: number; got: number }) => void
  /** Seal the api's evidence records on a chain of this process's own (pass it when ledger.enabled). */
  apiLedger?: { instance?: string | undefined } | undefined
}

export interface OpenedStore {
  store: Store
  /** The client under the store, for callers that run their own statements (tests, benchmarks). */
  client: ClickHouseClient
  /** Absolute path of the chDB directory; undefined for a ClickHouse server. */
  chdbPath: string | undefined
}

/**
 * The one way a composition root opens the store: builds the client for
 * the configured backend, applies migrations and retention, and wraps the
 * batch writer when asked. Closing the store closes the client.
 */
export async function openStore(options: OpenStoreOptions): Promise<OpenedStore> {
  const client = await createClickHouseClient(options.store, options.dataDir)
  try {
    await prepareStore(client, options.retention)
  } catch (err) {
    await client.close()
    throw err
  }
  const plain = createStore({ client, ...(options.onWrite === undefined ? {} : { onWrite: options.onWrite }), ...(options.onLedgerGap === undefined ? {} : { onLedgerGap: options.onLedgerGap }), apiLedger: options.apiLedger })
  const store = options.batching === undefined ? plain : withBatchWriter(plain, options.batching)
  return { store, client, chdbPath: chdbPathOf(options.store, options.dataDir) }
}
