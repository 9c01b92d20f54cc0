import { createHash } from 'node:crypto'

/** The selection method of evidence-formats.md §5.4; auditors can re-draw with a few lines of SQL or Python. */
export const SHA256_RANK_V1 = 'sha256-rank/v1'

export const SHA256_RANK_DESCRIPTION = 'rank = hex(SHA-256(UTF-8(seed + "\\n" + row_key))); sort ascending by (rank, row_key); take the first n'

export interface Ranked {
  row_key: string
  rank: string
}

export function rankOf(seed: string, rowKey: string): string {
  return createHash('sha256').update(`${seed}\n${rowKey}`, 'utf8').digest('hex')
}

/**
 * `sha256-rank/v1`: each key's rank depends only on the seed and the key, so
 * the file order does not matter and rows added later do not reshuffle the
 * earlier ranks. Keeps the n smallest as keys stream by, never the whole
 * population.
 */
export class RankSelector {
  private readonly best: Ranked[] = []
  constructor(
    private readonly seed: string,
    private readonly n: number,
  ) {}

  offer(row_key: string): void {
    const { best, n } = this
    if (n <= 0) return
    const r = { row_key, rank: rankOf(this.seed, row_key) }
    const less = (a: Ranked, b: Ranked) => a.rank < b.rank || (a.rank === b.rank && a.row_key < b.row_key)
    if (best.length === n && !less(r, best[n - 1] as Ranked)) return
    let i = best.length
    while (i > 0 && less(r, best[i - 1] as Ranked)) i--
    best.splice(i, 0, r)
    if (best.length > n) best.pop()
  }

  selected(): Ranked[] {
    return [...this.best]
  }
}

export function selectSha256Rank(seed: string, keys: Iterable<string>, n: number): Ranked[] {
  const s = new RankSelector(seed, n)
  for (const k of keys) s.offer(k)
  return s.selected()
}

/** An event's row key: `cluster/audit_id/stage`, the population's primary key. */
export function eventRowKey(e: { cluster: string; audit_id: string; stage: string }): string {
  return `${e.cluster}/${e.audit_id}/${e.stage}`
}

/**
 * A suggested sample size for an event-driven population (one SOC auditor's
 * published table, evidence-formats.md §5.3): up to 5 → all; 6–50 → 5;
 * 51–250 → 10% rounded up; more → 25. A suggestion only: the auditor decides.
 */
export function suggestedSampleSize(populationSize: number): { size: number; basis: string } {
  if (populationSize <= 5) return { size: populationSize, basis: 'population of 5 or fewer: test all' }
  if (populationSize <= 50) return { size: 5, basis: 'population of 6 to 50: 5 items' }
  if (populationSize <= 250) return { size: Math.ceil(populationSize / 10), basis: 'population of 51 to 250: 10%, rounded up' }
  return { size: 25, basis: 'population over 250: 25 items' }
}
