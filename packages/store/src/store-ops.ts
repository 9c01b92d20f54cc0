import type { ClickHouseClient } from '@clickhouse/client'
import { toStoreError } from './client.js'

/** What every port's factory needs: the client and the two ways to run a statement. */
export interface StoreOps {
  client: ClickHouseClient
  now: () => Date
  /** Runs an insert, timing it by table; errors become AppErrors. */
  write<T>(table: string, what: string, fn: () => Promise<T>): Promise<T>
  /** Runs a read; errors become AppErrors. */
  read<T>(what: string, fn: () => Promise<T>): Promise<T>
}

export interface StoreDeps {
  client: ClickHouseClient
  /** Observes each insert's latency, by table. */
  onWrite?: (table: string, seconds: number) => void
  /** Called when a ledger chain's batch does not start right after its head (records lost before the analyzer). */
  onLedgerGap?: (gap: { stream: string; partition: number; expected: number; got: number }) => void
  now?: () => Date
}

export function storeOps(deps: StoreDeps): StoreOps {
  return {
    client: deps.client,
    now: deps.now ?? (() => new Date()),
    async write(table, what, fn) {
      const start = performance.now()
      try {
        return await fn()
      } catch (err) {
        throw toStoreError(err, what)
      } finally {
        deps.onWrite?.(table, (performance.now() - start) / 1000)
      }
    },
    async read(what, fn) {
      try {
        return await fn()
      } catch (err) {
        throw toStoreError(err, what)
      }
    },
  }
}
