import type { ClickHouseClient } from '@clickhouse/client'
import type { ApiLedger } from './api-ledger.js'
import { toStoreError } from './client.js'

/** What every port's factory needs: the client and the two ways to run a statement. */
export interface StoreOps {
  client: ClickHouseClient
  now: () => Date
  /** Runs an insert, timing it by table; errors become AppErrors. */
  write<T>(table: string, what: string, fn: () => Promise<T>): Promise<T>
  /** Runs a read; errors become AppErrors. */
  read<T>(what: string, fn: () => Promise<T>): Promise<T>
  /**
   * Seals the api's evidence records on this process's chain before their
   * projection rows are written; absent when the ledger is off.
   */
  apiLedger?: ApiLedger | undefined
}

export interface StoreDeps {
  client: ClickHouseClient
  /** Observes each insert's latency, by table. */
  onWrite?: (table: string, seconds: number) => void
  /** Called when a ledger chain's batch does not start right after its head (records lost before the analyzer). */
  onLedgerGap?: (gap: { stream: string; partition: number; expected: number; got: number }) => void
  now?: () => Date
  /**
   * Seal the api's evidence records (triage transitions, attestations, sample
   * draws, report exports, access records) on the ledger, on a chain of this
   * process's own (`vigil.api.v1/<instance>`; the default instance is unique
   * per process start). Absent: they are not sealed (ledger.enabled: false).
   */
  apiLedger?: { instance?: string | undefined } | undefined
}

export function storeOps(deps: StoreDeps, apiLedger?: ApiLedger): StoreOps {
  return {
    client: deps.client,
    apiLedger,
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
