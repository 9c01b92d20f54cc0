import type { ClickHouseClient } from '@clickhouse/client'
import { chDateTime } from '../json-rows.js'
import { fromChTimeMs } from '../page.js'

export const SAMPLES_TABLE = 'samples_v1'

export interface SampleRow {
  sample_id: string
  population_id: string
  population_name: string
  population_sha256: string
  population_rows: number
  method: 'seeded_random' | 'auditor'
  seed: string | null
  size: number
  size_basis: string
  drawn_by: string
  drawn_at: string
  /** [{ row_key, rank }] as JSON; rank is null for auditor-chosen items. */
  selected: { row_key: string; rank: string | null }[]
}

export async function insertSample(client: ClickHouseClient, row: SampleRow): Promise<void> {
  await client.insert({ table: SAMPLES_TABLE, values: [{ ...row, drawn_at: chDateTime(row.drawn_at), selected: JSON.stringify(row.selected) }], format: 'JSONEachRow' })
}

type Stored = Omit<SampleRow, 'selected'> & { selected: string }

const fromStored = (r: Stored): SampleRow => ({ ...r, population_rows: Number(r.population_rows), size: Number(r.size), drawn_at: fromChTimeMs(r.drawn_at), selected: JSON.parse(r.selected) as SampleRow['selected'] })

export async function getSample(client: ClickHouseClient, id: string): Promise<SampleRow | undefined> {
  const rs = await client.query({ query: `SELECT * FROM ${SAMPLES_TABLE} WHERE sample_id = {id:String} LIMIT 1`, query_params: { id }, format: 'JSONEachRow' })
  const [r] = await rs.json<Stored>()
  return r === undefined ? undefined : fromStored(r)
}

/** Samples drawn on any run of the population of this framework, control, period and scope, at or before `asOf`; oldest first. */
export async function listSamples(client: ClickHouseClient, q: { framework: string; control: string; start: string; end: string; clusters: readonly string[]; asOf: string }): Promise<SampleRow[]> {
  const rs = await client.query({
    query: `SELECT * FROM ${SAMPLES_TABLE}
WHERE population_id IN (
    SELECT population_id FROM populations_v1 FINAL
    WHERE framework = {framework:String} AND control = {control:String} AND clusters = {clusters:Array(String)}
      AND period_start = {start:DateTime64(6, 'UTC')} AND period_end = {end:DateTime64(6, 'UTC')})
  AND drawn_at <= {as_of:DateTime64(3, 'UTC')}
ORDER BY drawn_at, sample_id`,
    query_params: { framework: q.framework, control: q.control, clusters: [...q.clusters].sort(), start: chDateTime(q.start), end: chDateTime(q.end), as_of: chDateTime(q.asOf) },
    format: 'JSONEachRow',
  })
  return (await rs.json<Stored>()).map(fromStored)
}
