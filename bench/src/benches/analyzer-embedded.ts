import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { handleBatch } from '@vigil/analyzer'
import { partitionKey, type AuditEvent } from '@vigil/core'
import type { ConsumedRecord } from '@vigil/event-log'
import { createLogger, createMetrics } from '@vigil/platform'
import { compileRules, loadRuleSources, NoticeOnce, RequestOnce, ThresholdTracker } from '@vigil/rules'
import { createClickHouseClient, createStore, prepareStore, RetentionConfig } from '@vigil/store'
import { metadataEvents } from '../events.js'
import { median, perSecond, withBaseline, type Result } from '../stats.js'

const RULES_DIR = fileURLToPath(new URL('../../../rules', import.meta.url))

/**
 * The analyzer's batch handler with the embedded store: decode, evaluate
 * every pack, write events and findings to chDB. Batches of 10k records,
 * as the in-process log hands them over under load.
 */
export async function benchAnalyzerEmbedded(options: { batches: number; runs: number }): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-analyzer-'))
  const client = await createClickHouseClient({ type: 'chdb' }, dir)
  try {
    await prepareStore(client, RetentionConfig.parse({}))
    const store = createStore({ client })
    const deps = { ruleset: compileRules(loadRuleSources([RULES_DIR])), thresholds: new ThresholdTracker(), once: new RequestOnce(), notices: new NoticeOnce(), store, metrics: createMetrics({ defaultMetrics: false }), logger: createLogger({ level: 'silent' }), now: () => new Date() }
    const runs: number[] = []
    const parse: number[] = []
    for (let run = 0; run < options.runs; run++) {
      const batches = Array.from({ length: options.batches }, (_, b) =>
        metadataEvents(10_000, run * 1000 + b + 1, `a${run}`).map(
          (e, i): ConsumedRecord => ({ key: partitionKey('bench', e as unknown as AuditEvent), value: JSON.stringify(e), headers: { cluster: 'bench', received_at: '2026-11-01T10:00:00.000Z' }, offset: String(i) }),
        ),
      )
      const t1 = performance.now()
      for (const b of batches) for (const r of b) JSON.parse(r.value)
      parse.push(perSecond(options.batches * 10_000, performance.now() - t1))
      const t0 = performance.now()
      for (const records of batches) await handleBatch(deps, { topic: 'audit', partition: 0, records })
      runs.push(perSecond(options.batches * 10_000, performance.now() - t0))
    }
    const base = { name: 'json_parse_analyzer_records', value: median(parse), unit: 'events/s' }
    return [
      { ...base, runs: parse, notes: 'JSON.parse of the same record values, one core' },
      withBaseline({ name: 'analyzer_embedded_store', value: median(runs), unit: 'events/s', runs, notes: `handleBatch: decode, all packs, chDB writes; batches of 10000, ${options.batches} per run` }, base),
    ]
  } finally {
    await client.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
