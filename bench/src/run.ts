import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { benchEngine } from './benches/engine.js'
import { benchRouterGrouping, benchRoutingOverhead } from './benches/alerting.js'
import { benchAnalyzerEmbedded } from './benches/analyzer-embedded.js'
import { benchCelCandidates } from './benches/cel-candidates.js'
import { benchEvidence } from './benches/evidence.js'
import { benchIngestEmbedded } from './benches/ingest-embedded.js'
import { benchLedgerEmbedded, benchLedgerVerify } from './benches/ledger.js'
import { benchEvidenceRender } from './benches/evidence-render.js'
import { benchFirehoseVsWebhook, benchGkeMapping } from './benches/sources.js'
import { benchAccessLog } from './benches/access-log.js'
import { benchAnalyzerKafka, benchEndToEndLatency, benchIngestKafka } from './benches/kafka.js'
import { startBenchBroker, type BenchBroker } from './kafka-broker.js'
import type { Result } from './stats.js'

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url))

interface Bench {
  name: string
  /** Needs the Kafka broker; skipped (and said so in the results) without a JDK and Maven. */
  kafka?: boolean
  run(quick: boolean, broker: BenchBroker | undefined, options: { events?: number; storeDir?: string }): Promise<Result[]>
}

const BENCHES: Bench[] = [
  { name: 'engine', run: async (quick) => benchEngine({ events: quick ? 20_000 : 100_000, runs: quick ? 3 : 7 }) },
  { name: 'cel-candidates', run: async (quick) => benchCelCandidates({ iterations: quick ? 20_000 : 200_000, runs: quick ? 3 : 5 }) },
  { name: 'analyzer-embedded', run: (quick) => benchAnalyzerEmbedded({ batches: quick ? 3 : 10, runs: quick ? 1 : 3 }) },
  { name: 'evidence-render', run: (quick) => benchEvidenceRender({ exceptions: 10_000, runs: quick ? 3 : 7 }) },
  { name: 'ingest-embedded', run: (quick) => benchIngestEmbedded({ batches: quick ? 50 : 250, runs: quick ? 1 : 5 }) },
  { name: 'ledger-embedded', run: (quick) => benchLedgerEmbedded({ batches: quick ? 50 : 250, runs: quick ? 1 : 3 }) },
  { name: 'ledger-verify', run: (quick) => benchLedgerVerify({ events: quick ? 1_000_000 : 10_000_000, runs: quick ? 1 : 2 }) },
  { name: 'firehose-vs-webhook', run: (quick) => benchFirehoseVsWebhook({ requests: quick ? 40 : 200, runs: quick ? 1 : 3 }) },
  { name: 'gke-mapping', run: async (quick) => benchGkeMapping({ entries: quick ? 50_000 : 200_000, runs: quick ? 3 : 7 }) },
  { name: 'evidence', run: (quick, _b, o) => benchEvidence({ events: o.events ?? (quick ? 200_000 : 10_000_000), runs: quick ? 3 : 7, storeDir: o.storeDir }) },
  { name: 'router-grouping', run: (quick) => benchRouterGrouping({ candidates: quick ? 20_000 : 100_000, runs: quick ? 1 : 3 }) },
  { name: 'routing-overhead', run: (quick) => benchRoutingOverhead({ batches: quick ? 50 : 250, runs: quick ? 1 : 3 }) },
  { name: 'api-access-log', run: (quick) => benchAccessLog({ requests: quick ? 500 : 3_000, runs: quick ? 1 : 3 }) },
  { name: 'latency-embedded', run: (quick) => benchEndToEndLatency(undefined, { seconds: quick ? 10 : 30 }) },
  { name: 'ingest-kafka', kafka: true, run: (quick, b) => benchIngestKafka(b as BenchBroker, { batches: quick ? 50 : 250, runs: quick ? 1 : 5 }) },
  { name: 'analyzer-kafka', kafka: true, run: (quick, b) => benchAnalyzerKafka(b as BenchBroker, { events: quick ? 50_000 : 200_000, runs: quick ? 1 : 3 }) },
  { name: 'latency-kafka', kafka: true, run: (quick, b) => benchEndToEndLatency(b as BenchBroker, { seconds: quick ? 10 : 30 }) },
]

const HELP = `npm run bench [-- --only NAME[,NAME]] [-- --quick] [-- --events N] [-- --store-dir DIR]

Runs vigil's benchmarks and writes bench/results/latest.json: a list of
{name, value, unit, baseline?, runs?}. Values are medians over runs;
baselines are measured in the same run on the same machine. --events sets
the size of the evidence benchmark's store (default 10,000,000; 200,000 with --quick);
--store-dir keeps that store in DIR, and a later run with the same --events measures
it again without filling it anew.

Benchmarks: ${BENCHES.map((b) => b.name).join(', ')}`

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' }, events: { type: 'string' }, 'store-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return
  }
  const only = values.only?.split(',')
  const unknown = only?.filter((o) => !BENCHES.some((b) => b.name === o)) ?? []
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}`)
  const results: Result[] = []
  const selected = BENCHES.filter((b) => only === undefined || only.includes(b.name))
  let broker: BenchBroker | undefined
  const skipped: string[] = []
  if (selected.some((b) => b.kafka === true)) {
    process.stderr.write('starting a Kafka broker from test/infra/kafka …\n')
    broker = startBenchBroker()
    if (broker === undefined) process.stderr.write('!!! no JDK or Maven: the Kafka benchmarks are skipped\n')
  }
  for (const b of selected) {
    if (b.kafka === true && broker === undefined) {
      skipped.push(b.name)
      continue
    }
    process.stderr.write(`bench ${b.name} …\n`)
    const t0 = performance.now()
    const events = values.events === undefined ? undefined : Number(values.events)
    if (events !== undefined && !(Number.isInteger(events) && events > 0)) throw new Error(`--events must be a positive integer, not ${values.events}`)
    const rs = await b.run(values.quick === true, broker, { ...(events === undefined ? {} : { events }), ...(values['store-dir'] === undefined ? {} : { storeDir: values['store-dir'] }) }).catch((err: unknown) => {
      broker?.stop()
      throw err
    })
    for (const r of rs) process.stderr.write(`  ${r.name}: ${r.value.toLocaleString('en-US')} ${r.unit}${r.baseline === undefined ? '' : `  (${r.baseline.ratio}× ${r.baseline.name})`}\n`)
    process.stderr.write(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`)
    results.push(...rs)
  }
  broker?.stop()
  mkdirSync(RESULTS_DIR, { recursive: true })
  const doc = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu_model: cpus()[0]?.model ?? '', memory_gib: Math.round(totalmem() / 2 ** 30), quick: values.quick === true, skipped, results }
  writeFileSync(`${RESULTS_DIR}/latest.json`, `${JSON.stringify(doc, null, 2)}\n`)
  process.stderr.write(`wrote bench/results/latest.json\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`)
  process.exitCode = 1
})
