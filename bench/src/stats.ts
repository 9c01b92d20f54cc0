export interface Result {
  name: string
  value: number
  unit: string
  /** The same-run reference this is compared with, when one applies. */
  baseline?: { name: string; value: number; unit: string; ratio: number }
  runs?: number[]
  notes?: string
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number
}

export function withBaseline(r: Omit<Result, 'baseline'>, base: { name: string; value: number; unit: string }): Result {
  return { ...r, baseline: { ...base, ratio: Number((r.value / base.value).toFixed(3)) } }
}

/** Events per second for `count` items processed in `ms`. */
export function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000)
}
