import { median, perSecond } from '../stats.js'

/** The floor for any JavaScript pipeline: JSON.parse of the same request bodies, single core. */
export function jsonParseEventsPerSecond(bodies: readonly string[], eventsPerBody: number, runs = 5): { value: number; runs: number[] } {
  const results: number[] = []
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now()
    let n = 0
    for (const b of bodies) n += (JSON.parse(b) as { items: unknown[] }).items.length
    const ms = performance.now() - t0
    if (n !== bodies.length * eventsPerBody) throw new Error('parse count mismatch')
    results.push(perSecond(n, ms))
  }
  return { value: median(results), runs: results }
}
