import type { ClickHouseClient } from '@clickhouse/client'
import { canonicalize, leafHash, sealBatch, toHex, type ChainHead, type Digest } from '@vigil/ledger'
import { insertLedgerEntries, readChainHeads, type LedgerEntryRow } from './tables/ledger-entries.js'

/** An evidence record before sealing: a JSON object with `type` and `v`; the sealer adds its `log` position. */
export interface LedgerRecord {
  type: string
  v: number
  [field: string]: unknown
}

/** The records of one log record (a Kafka message, an in-process record), in order. */
export interface LedgerUnit {
  stream: string
  partition: number
  /**
   * The log position (a Kafka offset). Undefined: the sealer assigns the
   * chain's next seq (the in-process log, whose offsets restart with the process).
   */
  seq: number | undefined
  /** May be empty: a message that yielded no record still occupies its offset. */
  records: readonly LedgerRecord[]
}

export interface LedgerSealer {
  /**
   * Seals the units, per chain, into batches chained to each head, and
   * writes leaves and headers in one insert. Units at or below a chain's
   * head (a redelivery) are skipped: they are sealed already. Resolves
   * once stored; on failure the heads are re-read before the next seal.
   */
  seal(units: readonly LedgerUnit[]): Promise<void>
  /** Forgets the cached heads (after a rebalance another worker may have sealed). */
  reset(): void
}

export interface LedgerSealerDeps {
  client: ClickHouseClient
  now: () => Date
  /** Called for a chain whose batch does not start right after its head: a gap in the log. */
  onGap?: (chain: { stream: string; partition: number; expected: number; got: number }) => void
}

/** Must be called one seal at a time (the batch writer serializes its flushes). */
export function createLedgerSealer(deps: LedgerSealerDeps): LedgerSealer {
  let heads: Map<string, ChainHead> | undefined
  const key = (stream: string, partition: number) => `${stream}\u0000${partition}`

  async function loadHeads(): Promise<Map<string, ChainHead>> {
    heads ??= new Map((await readChainHeads(deps.client)).map((h) => [key(h.stream, h.partition), h]))
    return heads
  }

  return {
    async seal(units) {
      if (units.length === 0) return
      const known = await loadHeads()
      const chains = new Map<string, LedgerUnit[]>()
      for (const u of units) {
        const k = key(u.stream, u.partition)
        let list = chains.get(k)
        if (list === undefined) chains.set(k, (list = []))
        list.push(u)
      }
      const sealedAt = deps.now().toISOString()
      const rows: LedgerEntryRow[] = []
      const advanced: ChainHead[] = []
      for (const [k, list] of chains) {
        const prev = known.get(k)
        let next = prev === undefined ? 0 : prev.last_seq + 1
        const positioned = list
          .map((u) => ({ unit: u, seq: u.seq ?? next++ }))
          .filter((p) => prev === undefined || p.seq > prev.last_seq)
          .sort((a, b) => a.seq - b.seq)
        const first = positioned[0]
        const last = positioned[positioned.length - 1]
        if (first === undefined || last === undefined) continue
        const { stream, partition } = first.unit
        if (prev !== undefined && first.seq !== prev.last_seq + 1) deps.onGap?.({ stream, partition, expected: prev.last_seq + 1, got: first.seq })
        const leaves: Digest[] = []
        for (const { unit, seq } of positioned) {
          unit.records.forEach((record, idx) => {
            const jcs = canonicalize({ ...record, log: { stream, partition, seq, idx } })
            const hash = leafHash(jcs)
            leaves.push(hash)
            rows.push({ stream, partition, entry: 'leaf', seq, idx, kind: record.type, record_jcs: jcs, leaf_hash: toHex(hash), last_seq: seq, sealed_at: sealedAt })
          })
        }
        const sealed = sealBatch({ stream, partition, first_seq: first.seq, last_seq: last.seq, leaves, prev, sealed_at: sealedAt })
        rows.push({ stream, partition, entry: 'batch', seq: first.seq, idx: 0, kind: sealed.header.type, record_jcs: canonicalize(sealed.header), leaf_hash: sealed.batch_hash, last_seq: last.seq, sealed_at: sealedAt })
        advanced.push(sealed.head)
      }
      if (rows.length === 0) return
      try {
        await insertLedgerEntries(deps.client, rows)
      } catch (err) {
        // The insert may have landed (a timeout): read the heads again rather than guess.
        heads = undefined
        throw err
      }
      for (const h of advanced) known.set(key(h.stream, h.partition), h)
    },
    reset() {
      heads = undefined
    },
  }
}
