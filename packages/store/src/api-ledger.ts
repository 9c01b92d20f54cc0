import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { ClickHouseClient } from '@clickhouse/client'
import { createLedgerSealer, type LedgerRecord, type LedgerSealer } from './ledger-sealer.js'
import { LEDGER_ENTRIES_TABLE } from './tables/ledger-entries.js'

/** The stream prefix of the chains the api's records are sealed on (docs/adr/0010-evidence-ledger.md, update 2026-12-07). */
export const API_LEDGER_STREAM = 'vigil.api.v1'

/**
 * The record kinds the api seals, each a JCS object with `type` and `v`.
 * Their projections (the tables the api queries) are compared with these
 * leaves by `verifyProjections`.
 */
export const API_RECORD_TYPES = {
  transition: 'vigil.triage-transition',
  attestation: 'vigil.attestation',
  sample: 'vigil.sample-draw',
  reportExport: 'vigil.report-export',
  access: 'vigil.access',
  /** Sealed by the analyzer (its own process chain) when the rule pack it evaluates with changes. */
  rulePack: 'vigil.rule-pack',
} as const

/**
 * Appends the api's evidence records to this process's own chain. Each
 * `append` is one log position (its records are the position's leaves, in
 * order); concurrent appends are group-committed: one seal, one INSERT, per
 * round, and a round starts when the previous one is stored. It resolves
 * once the leaves are stored, so a caller writes its projection row only
 * after its record is sealed.
 */
export interface ApiLedger {
  readonly stream: string
  append(records: readonly LedgerRecord[]): Promise<void>
}

export interface ApiLedgerDeps {
  client: ClickHouseClient
  now: () => Date
  /**
   * This process's chain: `vigil.api.v1/<instance>`. It must never be shared
   * by two live processes (two sealers on one chain fork it), so the default
   * is unique per process start: host, pid and a random suffix.
   */
  instance?: string | undefined
}

export function defaultApiLedgerInstance(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`
}

export function createApiLedger(deps: ApiLedgerDeps): ApiLedger {
  const stream = `${API_LEDGER_STREAM}/${deps.instance ?? defaultApiLedgerInstance()}`
  const sealer: LedgerSealer = createLedgerSealer({ client: deps.client, now: deps.now })
  interface Pending {
    records: readonly LedgerRecord[]
    resolve: () => void
    reject: (err: unknown) => void
  }
  let queue: Pending[] = []
  let running = false

  async function drain(): Promise<void> {
    running = true
    try {
      while (queue.length > 0) {
        const round = queue
        queue = []
        try {
          await sealer.seal(round.map((p) => ({ stream, partition: 0, seq: undefined, records: p.records })))
          for (const p of round) p.resolve()
        } catch (err) {
          // The sealer re-reads its head before the next round: a round that
          // landed despite the error is chained to, never forked.
          for (const p of round) p.reject(err)
        }
      }
    } finally {
      running = false
    }
  }

  return {
    stream,
    append(records) {
      if (records.length === 0) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        queue.push({ records, resolve, reject })
        if (!running) void drain()
      })
    },
  }
}

/** A record of a projection row: its fields, after `type` and `v`. */
export function apiRecord(type: string, row: object): LedgerRecord {
  return { ...(row as Record<string, unknown>), type, v: 1 }
}

/**
 * Seals `rows` as records of `type` on the process's api chain (when the
 * ledger is on), then runs `write` (the projection insert). Sealing first
 * leaves one crash window, between the two inserts: the record is sealed but
 * not projected, the caller got an error, and `verifyProjections` reports
 * it (`projection_missing`). The other order would leave projection rows no
 * leaf vouches for, indistinguishable from an insertion.
 */
export async function sealThenWrite(ops: { apiLedger?: ApiLedger | undefined; write<T>(table: string, what: string, fn: () => Promise<T>): Promise<T> }, type: string, rows: readonly object[], write: () => Promise<void>): Promise<void> {
  const ledger = ops.apiLedger
  if (ledger !== undefined && rows.length > 0) await ops.write(LEDGER_ENTRIES_TABLE, `sealing ${type} records`, () => ledger.append(rows.map((r) => apiRecord(type, r))))
  await write()
}
