import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eventListBody, metadataEvents } from '../events.js'
import { median, perSecond, withBaseline, type Result } from '../stats.js'
import { jsonParseEventsPerSecond } from './json-parse.js'
import { postAuditBodies, spawnVigil, stopVigil } from '../vigil-process.js'

/**
 * `vigil start` in a child process (in-process log, chDB), fed over HTTP by
 * this process like apiservers would: batches of 400 metadata events, 16 in
 * flight. Counts events answered 200, i.e. stored and evaluated.
 */
export async function benchIngestEmbedded(options: { batches: number; runs: number }): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'))
  const vigil = await spawnVigil(dir)
  const results: number[] = []
  let parse: { value: number; runs: number[] } | undefined
  try {
    for (let run = 0; run < options.runs; run++) {
      const bodies = Array.from({ length: options.batches }, (_, b) => eventListBody(metadataEvents(400, run * 100_000 + b + 1, `r${run}`)))
      if (run === 0) parse = jsonParseEventsPerSecond(bodies, 400)
      const t0 = performance.now()
      const accepted = await postAuditBodies(vigil, bodies)
      const ms = performance.now() - t0
      if (accepted !== bodies.length * 400) throw new Error(`accepted ${accepted} of ${bodies.length * 400}`)
      results.push(perSecond(accepted, ms))
    }
  } finally {
    await stopVigil(vigil)
    rmSync(dir, { recursive: true, force: true })
  }
  const p = parse as { value: number; runs: number[] }
  return [
    { name: 'json_parse_metadata_events', value: p.value, unit: 'events/s', runs: p.runs, notes: 'JSON.parse of the same 400-event bodies, one core, this process' },
    withBaseline(
      { name: 'embedded_ingest_stored_and_evaluated', value: median(results), unit: 'events/s', runs: results, notes: `vigil start (in-process log + chDB), HTTP batches of 400 metadata events, 16 in flight (two apiservers' worth), ${options.batches} batches per run; bar >= 20000` },
      { name: 'json_parse_metadata_events', value: p.value, unit: 'events/s' },
    ),
  ]
}
