import type { Readable } from 'node:stream'
import { API_RECORD_TYPES, sealThenWrite } from '../api-ledger.js'
import type { StoreOps } from '../store-ops.js'
import { accessLogPopulationQuery } from '../tables/access-log-population.js'
import { countPopulationByDay, countPopulations, countQuery, getPopulation, insertPopulation, populationQuery, POPULATIONS_TABLE, streamQuery, type PopulationRow, type PopulationSource, type PopulationSpec, type StreamFormat } from '../tables/populations.js'
import { getSample, insertSample, listSamples, SAMPLES_TABLE, type SampleRow } from '../tables/samples.js'

/** Populations (the events a control's population rules matched) and the samples drawn from them. */
export interface PopulationStore {
  /** The exact SQL and parameters of a population from a source (default: audit events). Pure; no I/O. */
  query(spec: PopulationSpec, source?: PopulationSource): { query: string; params: Record<string, unknown> }
  count(query: string, params: Record<string, unknown>): Promise<number>
  /** The row counts of several populations (keyed; one rule set each) over one period, scope and snapshot, in one pass. */
  counts(q: { keys: readonly { key: string; rule_ids: readonly string[] }[]; clusters: readonly string[]; start: string; end: string; as_of: string }): Promise<Map<string, number>>
  /** One population's rows per UTC day of the event, summing to its row count (days with none left out). */
  daily(spec: PopulationSpec): Promise<{ day: string; count: number }[]>
  /** The rows as a byte stream in a ClickHouse text format (JSONEachRow: one stored record per line; RawBLOB: the bytes of populationCsvQuery's records). */
  stream(query: string, params: Record<string, unknown>, format: StreamFormat): Promise<Readable>
  save(row: PopulationRow): Promise<void>
  get(id: string): Promise<PopulationRow | undefined>
  saveSample(row: SampleRow): Promise<void>
  sample(id: string): Promise<SampleRow | undefined>
  samples(q: { framework: string; control: string; start: string; end: string; clusters: readonly string[]; asOf: string }): Promise<SampleRow[]>
}

export function createPopulationStore(ops: StoreOps): PopulationStore {
  const { client } = ops
  return {
    query: (spec, source = 'audit_events') => (source === 'access_log' ? accessLogPopulationQuery(spec) : populationQuery(spec)),
    count: (query, params) => ops.read('counting a population', () => countQuery(client, query, params)),
    counts: (q) => ops.read('counting populations', () => countPopulations(client, q)),
    daily: (spec) => ops.read('counting a population per day', () => countPopulationByDay(client, spec)),
    stream: (query, params, format) => ops.read('streaming a population', () => streamQuery(client, query, params, format)),
    save: (row) => ops.write(POPULATIONS_TABLE, 'recording a population', () => insertPopulation(client, row)),
    get: (id) => ops.read('reading a population', () => getPopulation(client, id)),
    saveSample: (row) => sealThenWrite(ops, API_RECORD_TYPES.sample, [row], () => ops.write(SAMPLES_TABLE, 'recording a sample', () => insertSample(client, row))),
    sample: (id) => ops.read('reading a sample', () => getSample(client, id)),
    samples: (q) => ops.read('listing samples', () => listSamples(client, q)),
  }
}
