import type { StoreOps } from '../store-ops.js'
import { countDeadLetters } from '../tables/dead-letters.js'
import { arrivalMinutes, knownClusters, type ArrivalMinutes } from '../tables/event-minutes.js'
import { COVERAGE_GAPS_TABLE, insertGaps, listGaps, type GapRow } from '../tables/coverage-gaps.js'

/** Completeness of the stream: the minutes events arrived in, recorded gaps, and what was dropped. */
export interface CoverageStore {
  /** Every cluster that ever sent an event, sorted. */
  clusters(): Promise<string[]>
  /** Arrival minutes around the window [lo, hi) of epoch minutes, per cluster and apiserver. */
  arrivals(q: { clusters?: readonly string[] | undefined; lo: number; hi: number }): Promise<ArrivalMinutes[]>
  /** Records gaps (a later record of the same start replaces an earlier one). */
  recordGaps(rows: readonly GapRow[]): Promise<void>
  /** Recorded gaps overlapping [from, to). */
  recordedGaps(q: { clusters?: readonly string[] | undefined; from: string; to: string }): Promise<GapRow[]>
  /** Dead letters received in [from, to), by reason. */
  deadLetterCounts(q: { clusters?: readonly string[] | undefined; from: string; to: string }): Promise<Record<string, number>>
}

export function createCoverageStore(ops: StoreOps): CoverageStore {
  const { client } = ops
  return {
    clusters: () => ops.read('listing clusters', () => knownClusters(client)),
    arrivals: (q) => ops.read('reading arrival minutes', () => arrivalMinutes(client, q)),
    recordGaps: (rows) => ops.write(COVERAGE_GAPS_TABLE, 'recording gaps', () => insertGaps(client, rows)),
    recordedGaps: (q) => ops.read('reading recorded gaps', () => listGaps(client, q)),
    deadLetterCounts: (q) => ops.read('counting dead letters', () => countDeadLetters(client, q)),
  }
}
