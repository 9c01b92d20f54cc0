import type { ClickHouseClient } from '@clickhouse/client'
import { API_RECORD_TYPES } from './api-ledger.js'
import { ACCESS_LOG_TABLE } from './tables/access-log.js'
import { ATTESTATIONS_TABLE } from './tables/attestations.js'
import { FINDING_TRANSITIONS_TABLE } from './tables/finding-transitions.js'
import { LEDGER_ENTRIES_TABLE } from './tables/ledger-entries.js'
import { REPORTS_TABLE } from './tables/reports.js'
import { SAMPLES_TABLE } from './tables/samples.js'

/**
 * How one projection table maps to the leaves of one record kind: its key,
 * and each field as the same-typed SQL expression over the projection row
 * and over the leaf's `record_jcs`. Verification compares the tuples
 * per key, in SQL, so neither side's bytes leave the engine.
 */
interface ProjectionSpec {
  table: string
  kind: string
  key: { projection: string; ledger: string }
  fields: Array<{ projection: string; ledger: string }>
  /**
   * The projection keeps only the latest version per key (a
   * ReplacingMergeTree): compare with the latest leaf by this ledger
   * expression and read the table FINAL.
   */
  latestBy?: string
}

const str = (col: string) => ({ projection: `CAST(${col}, 'String')`, ledger: `JSONExtractString(record_jcs, '${col}')` })
const uint = (col: string) => ({ projection: `toUInt64(${col})`, ledger: `JSONExtractUInt(record_jcs, '${col}')` })
const int = (col: string) => ({ projection: `toInt64(${col})`, ledger: `JSONExtractInt(record_jcs, '${col}')` })
const bool = (col: string) => ({ projection: `toUInt8(${col})`, ledger: `toUInt8(JSONExtractBool(record_jcs, '${col}'))` })
const strings = (col: string) => ({ projection: col, ledger: `JSONExtract(record_jcs, '${col}', 'Array(String)')` })
/** A time: compared at the column's precision (the projection rounds the record's ISO text to it). */
const time = (col: string, scale: 3 | 6) => {
  const unit = scale === 3 ? 'Milli' : 'Micro'
  return { projection: `ifNull(toString(toUnixTimestamp64${unit}(${col})), 'null')`, ledger: `ifNull(toString(toUnixTimestamp64${unit}(parseDateTime64BestEffortOrNull(JSONExtractString(record_jcs, '${col}'), ${scale}, 'UTC'))), 'null')` }
}

export const PROJECTIONS: readonly ProjectionSpec[] = [
  {
    table: FINDING_TRANSITIONS_TABLE,
    kind: API_RECORD_TYPES.transition,
    key: str('transition_id'),
    fields: [str('finding_id'), uint('seq'), str('cluster'), time('at', 6), str('actor'), str('role'), str('kind'), str('from_state'), str('to_state'), str('disposition'), str('reason'), str('ticket'), time('expires_at', 3), str('request_id')],
  },
  {
    table: ATTESTATIONS_TABLE,
    kind: API_RECORD_TYPES.attestation,
    key: str('attestation_id'),
    fields: [str('framework'), str('control'), time('period_start', 6), time('period_end', 6), strings('clusters'), str('reviewer'), str('role'), time('at', 6), uint('finding_count'), str('statement')],
  },
  {
    table: SAMPLES_TABLE,
    kind: API_RECORD_TYPES.sample,
    key: str('sample_id'),
    fields: [
      str('population_id'), str('population_name'), str('population_sha256'), uint('population_rows'), str('method'),
      { projection: `ifNull(seed, '\\0null')`, ledger: `if(JSONType(record_jcs, 'seed') = 'Null', '\\0null', JSONExtractString(record_jcs, 'seed'))` },
      uint('size'), str('size_basis'), str('drawn_by'), time('drawn_at', 3),
      // The projection keeps `selected` as JSON text; compare it parsed.
      { projection: `JSONExtract(selected, 'Array(Tuple(row_key String, rank Nullable(String)))')`, ledger: `JSONExtract(record_jcs, 'selected', 'Array(Tuple(row_key String, rank Nullable(String)))')` },
    ],
  },
  {
    table: REPORTS_TABLE,
    kind: API_RECORD_TYPES.reportExport,
    key: str('report_id'),
    fields: [time('generated_at', 3), { projection: `lower(hex(SHA256(body)))`, ledger: `JSONExtractString(record_jcs, 'body_sha256')` }, { projection: 'toUInt64(length(body))', ledger: `JSONExtractUInt(record_jcs, 'body_bytes')` }],
    latestBy: `parseDateTime64BestEffortOrNull(JSONExtractString(record_jcs, 'generated_at'), 3, 'UTC')`,
  },
  {
    table: ACCESS_LOG_TABLE,
    kind: API_RECORD_TYPES.access,
    key: str('id'),
    fields: [time('at', 3), str('principal'), str('token_id'), str('role'), str('auth'), str('source_ip'), str('method'), str('route'), str('params'), strings('clusters'), int('status'), str('error_code'), uint('rows'), bool('sensitive'), uint('duration_ms')],
  },
]

export type ProjectionFailureKind = 'projection_missing' | 'projection_unsealed' | 'projection_modified' | 'projection_duplicate'

/** What one projection table holds against the ledger. */
export interface ProjectionSummary {
  table: string
  kind: string
  /** Keys sealed on the ledger. */
  sealed: number
  /** Keys the ledger holds and the table does not: deleted, or a crash between sealing and projecting (the request failed). */
  missing: number
  first_missing: string | null
  /** Keys the table holds and no leaf vouches for: inserted (or written before the api sealed its records). */
  unsealed: number
  first_unsealed: string | null
  /** Keys whose row differs from the sealed record. */
  modified: number
  first_modified: string | null
  /** Keys the table holds more rows for than were sealed. */
  duplicated: number
  first_duplicated: string | null
}

function summarySql(spec: ProjectionSpec): string {
  const lt = `tuple(${spec.fields.map((f) => f.ledger).join(', ')})`
  const pt = `tuple(${spec.fields.map((f) => f.projection).join(', ')})`
  const lAgg = spec.latestBy === undefined ? `any(${lt})` : `argMax(${lt}, ${spec.latestBy})`
  return `
WITH l AS (
  SELECT k, count() AS n, ${lAgg} AS t
  FROM (SELECT record_jcs, ${spec.key.ledger} AS k FROM ${LEDGER_ENTRIES_TABLE} WHERE entry = 'leaf' AND kind = {kind:String})
  GROUP BY k
),
p AS (
  SELECT ${spec.key.projection} AS k, count() AS n, groupUniqArray(${pt}) AS ts
  FROM ${spec.table}${spec.latestBy === undefined ? '' : ' FINAL'} GROUP BY k
),
j AS (
  SELECT if(l.n > 0, l.k, p.k) AS key, l.n AS ln, p.n AS pn, ln > 0 AND pn > 0 AND arrayExists(x -> x != l.t, p.ts) AS changed
  FROM l FULL OUTER JOIN p ON l.k = p.k
  SETTINGS join_use_nulls = 0
)
SELECT countIf(ln > 0) AS sealed,
  countIf(ln > 0 AND pn = 0) AS missing, minIf(key, ln > 0 AND pn = 0) AS first_missing,
  countIf(ln = 0 AND pn > 0) AS unsealed, minIf(key, ln = 0 AND pn > 0) AS first_unsealed,
  countIf(changed) AS modified, minIf(key, changed) AS first_modified,
  countIf(ln > 0 AND pn > ln) AS duplicated, minIf(key, ln > 0 AND pn > ln) AS first_duplicated
FROM j`
}

/**
 * Compares each projection table the api writes with the records sealed on
 * the ledger, in SQL: a row edited, deleted, inserted or copied in the table
 * is found even though queries read the table, not the ledger.
 */
export async function verifyProjections(client: ClickHouseClient): Promise<ProjectionSummary[]> {
  const out: ProjectionSummary[] = []
  for (const spec of PROJECTIONS) {
    const rs = await client.query({ query: summarySql(spec), query_params: { kind: spec.kind }, format: 'JSONEachRow' })
    const [r] = await rs.json<Record<string, string | number>>()
    const n = (x: string | number | undefined) => Number(x ?? 0)
    const first = (count: number, x: string | number | undefined) => (count > 0 ? String(x) : null)
    const missing = n(r?.['missing'])
    const unsealed = n(r?.['unsealed'])
    const modified = n(r?.['modified'])
    const duplicated = n(r?.['duplicated'])
    out.push({
      table: spec.table,
      kind: spec.kind,
      sealed: n(r?.['sealed']),
      missing,
      first_missing: first(missing, r?.['first_missing']),
      unsealed,
      first_unsealed: first(unsealed, r?.['first_unsealed']),
      modified,
      first_modified: first(modified, r?.['first_modified']),
      duplicated,
      first_duplicated: first(duplicated, r?.['first_duplicated']),
    })
  }
  return out
}
