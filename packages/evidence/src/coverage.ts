import type { ArrivalMinutes } from '@vigil/store'

/** A silence of at least the threshold, in epoch minutes: [start, end). `open`: nothing has arrived since. */
export interface MinuteGap {
  cluster: string
  apiserver: string
  start: number
  end: number
  open: boolean
}

export const minuteOf = (iso: string): number => Math.floor(Date.parse(iso) / 60_000)
export const isoOfMinute = (m: number): string => new Date(m * 60_000).toISOString()

/**
 * The gaps touching the window [lo, hi): runs of at least `threshold`
 * consecutive minutes in which nothing arrived, for a source that had sent
 * before. A gap keeps its true start and end even where they lie outside
 * the window, so the same silence is the same gap whichever window finds it;
 * a silence still going on at `hi` is open and ends at `hi` for now.
 */
export function findGaps(a: ArrivalMinutes, lo: number, hi: number, threshold: number): MinuteGap[] {
  const known = [...(a.last_before === null ? [] : [a.last_before]), ...a.minutes, ...(a.first_after === null ? [] : [a.first_after])]
  const gaps: MinuteGap[] = []
  for (let i = 1; i < known.length; i++) {
    const p = known[i - 1] as number
    const q = known[i] as number
    if (q - p - 1 >= threshold && p + 1 < hi && q > lo) gaps.push({ cluster: a.cluster, apiserver: a.apiserver, start: p + 1, end: q, open: false })
  }
  const last = known[known.length - 1]
  if (a.first_after === null && last !== undefined && hi - last - 1 >= threshold) gaps.push({ cluster: a.cluster, apiserver: a.apiserver, start: last + 1, end: hi, open: true })
  return gaps
}

export interface CoverageSummary {
  expected_minutes: number
  covered_minutes: number
  gaps: MinuteGap[]
}

/**
 * Expected minutes: for every source that had sent by the end of the window,
 * the minutes of [lo, hi) from its first-ever minute on. Covered: those not
 * inside a gap. Gaps are clipped to the window for the counts.
 */
export function summarizeCoverage(arrivals: readonly ArrivalMinutes[], lo: number, hi: number, threshold: number): CoverageSummary {
  let expected = 0
  let silent = 0
  const gaps: MinuteGap[] = []
  for (const a of arrivals) {
    const from = Math.max(lo, a.first_ever)
    if (from >= hi) continue
    expected += hi - from
    for (const g of findGaps(a, lo, hi, threshold)) {
      gaps.push(g)
      silent += Math.max(0, Math.min(g.end, hi) - Math.max(g.start, from))
    }
  }
  return { expected_minutes: expected, covered_minutes: expected - silent, gaps }
}
