import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { benchIngestEmbedded } from './benches/ingest-embedded.js'
import type { Result } from './stats.js'

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url))

interface Bench {
  name: string
  run(quick: boolean): Promise<Result[]>
}

const BENCHES: Bench[] = [
  { name: 'ingest-embedded', run: (quick) => benchIngestEmbedded({ batches: quick ? 50 : 250, runs: quick ? 1 : 5 }) },
]

const HELP = `npm run bench [-- --only NAME[,NAME]] [-- --quick]

Runs vigil's benchmarks and writes bench/results/latest.json: a list of
{name, value, unit, baseline?, runs?}. Values are medians over runs;
baselines are measured in the same run on the same machine.

Benchmarks: ${BENCHES.map((b) => b.name).join(', ')}`

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } })
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return
  }
  const only = values.only?.split(',')
  const unknown = only?.filter((o) => !BENCHES.some((b) => b.name === o)) ?? []
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}`)
  const results: Result[] = []
  for (const b of BENCHES) {
    if (only !== undefined && !only.includes(b.name)) continue
    process.stderr.write(`bench ${b.name} …\n`)
    const t0 = performance.now()
    const rs = await b.run(values.quick === true)
    for (const r of rs) process.stderr.write(`  ${r.name}: ${r.value.toLocaleString('en-US')} ${r.unit}${r.baseline === undefined ? '' : `  (${r.baseline.ratio}× ${r.baseline.name})`}\n`)
    process.stderr.write(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`)
    results.push(...rs)
  }
  mkdirSync(RESULTS_DIR, { recursive: true })
  const doc = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu_model: cpus()[0]?.model ?? '', memory_gib: Math.round(totalmem() / 2 ** 30), quick: values.quick === true, results }
  writeFileSync(`${RESULTS_DIR}/latest.json`, `${JSON.stringify(doc, null, 2)}\n`)
  process.stderr.write(`wrote bench/results/latest.json\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`)
  process.exitCode = 1
})
