/** Edit distance, case-insensitive: for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j)
  for (let i = 1; i <= s.length; i++) {
    const cur = [i]
    for (let j = 1; j <= t.length; j++) cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (s[i - 1] === t[j - 1] ? 0 : 1))
    prev = cur
  }
  return prev[t.length] as number
}

/** Up to three known values closest to `input`, closest first; empty when nothing is near. */
export function closest(input: string, known: readonly string[]): string[] {
  const limit = Math.max(2, Math.ceil(input.length / 3))
  return known
    .map((k) => ({ k, d: k.toLowerCase() === input.toLowerCase() ? 0 : distance(input, k) }))
    .filter((x) => x.d <= limit || x.k.toLowerCase().startsWith(input.toLowerCase()))
    .sort((x, y) => x.d - y.d || (x.k < y.k ? -1 : 1))
    .slice(0, 3)
    .map((x) => x.k)
}

export function didYouMean(input: string, known: readonly string[]): string {
  const c = closest(input, known)
  return c.length === 0 ? '' : `; did you mean ${c.map((x) => `"${x}"`).join(' or ')}?`
}
