import type { Readable } from 'node:stream'
import type { ClickHouseClient } from '@clickhouse/client'
import { AUDIT_EVENTS_TABLE } from './audit-events.js'
import { FINDINGS_TABLE } from './findings.js'
import { ACCESS_LOG_TABLE } from './access-log.js'
import { ACCESS_LOG_POPULATION_COLUMNS } from './access-log-population.js'
import { chDateTime } from '../json-rows.js'
import { fromChTime, fromChTimeMs } from '../page.js'

export const POPULATIONS_TABLE = 'populations_v1'

/** Where a population's rows come from: stored audit events matched by a control's population rules, or vigil's own access log. */
export type PopulationSource = 'audit_events' | 'access_log'

/** What a population is: the events a set of rules matched, in a period and scope, as stored at a snapshot. */
export interface PopulationSpec {
  rule_ids: readonly string[]
  clusters: readonly string[]
  /** [start, end) on the event time (requestReceivedTimestamp). */
  start: string
  end: string
  /** Rows received by vigil after this instant are left out, so a re-run gives the same rows. */
  as_of: string
}

/** The stored columns of an event, in export order; `raw` is the redacted event as received. */
export const POPULATION_COLUMNS = [
  'request_received_at', 'received_at', 'cluster', 'audit_id', 'stage', 'verb', 'user', 'impersonated_user', 'user_groups', 'source_ips', 'user_agent',
  'api_group', 'resource', 'subresource', 'namespace', 'name', 'response_code', 'decision', 'level', 'request_uri', 'stage_at', 'raw',
] as const

/**
 * The exact SQL of a population and its parameters. The text is fixed (only
 * parameters vary), so its hash identifies the query version; the result is
 * in a total order, so the same snapshot gives the same bytes.
 */
export function populationQuery(spec: PopulationSpec): { query: string; params: Record<string, unknown> } {
  const query = `SELECT ${POPULATION_COLUMNS.join(', ')}
FROM ${AUDIT_EVENTS_TABLE} FINAL
WHERE cluster IN {clusters:Array(String)}
  AND request_received_at >= {start:DateTime64(6, 'UTC')} AND request_received_at < {end:DateTime64(6, 'UTC')}
  AND received_at <= {as_of:DateTime64(3, 'UTC')}
  AND (cluster, audit_id, stage) IN (
    SELECT cluster, audit_id, stage FROM ${FINDINGS_TABLE}
    WHERE rule_id IN {rule_ids:Array(String)} AND cluster IN {clusters:Array(String)}
      AND event_time >= {start:DateTime64(6, 'UTC')} AND event_time < {end:DateTime64(6, 'UTC')}
  )
ORDER BY request_received_at, audit_id, stage
`
  return {
    query,
    params: { as_of: chDateTime(spec.as_of), clusters: [...spec.clusters].sort(), end: chDateTime(spec.end), rule_ids: [...spec.rule_ids].sort(), start: chDateTime(spec.start) },
  }
}

/**
 * The CSV export's select list: the stored columns of the CSV (no `raw`),
 * lists already joined with ";" by the engine, in CSV column order; rows come
 * as JSONCompactEachRow arrays, so the JavaScript side only quotes and guards.
 */
const CSV_SELECT = [
  'toString(request_received_at)', 'toString(received_at)', 'cluster', 'audit_id', 'stage', 'verb', 'user', 'impersonated_user', "arrayStringConcat(user_groups, ';')",
  "arrayStringConcat(source_ips, ';')", 'user_agent', 'api_group', 'resource', 'subresource', 'namespace', 'name', 'response_code', 'decision', 'level', 'request_uri', 'toString(stage_at)',
]

/** A population query (as recorded) turned into the CSV export's query: same rows, same order, the CSV's columns. */
export function populationCsvQuery(query: string): string {
  const select = `SELECT ${POPULATION_COLUMNS.join(', ')}\n`
  if (!query.startsWith(select)) throw new Error('not a population query: its select list differs')
  return `SELECT ${CSV_SELECT.join(', ')}\n${query.slice(select.length)}`
}

/** Streams a query's result in a ClickHouse text format, without holding it in memory. */
export async function streamQuery(client: ClickHouseClient, query: string, params: Record<string, unknown>, format: 'JSONEachRow' | 'JSONCompactEachRow'): Promise<Readable> {
  const rs = await client.exec({ query: `${query.trimEnd()}\nFORMAT ${format}`, query_params: params })
  return rs.stream
}

/** Counts a population's rows without reading them. */
export async function countQuery(client: ClickHouseClient, query: string, params: Record<string, unknown>): Promise<number> {
  const rs = await client.query({ query: `SELECT count() AS n FROM (${query.trimEnd()})`, query_params: params, format: 'JSONEachRow' })
  const [row] = await rs.json<{ n: number }>()
  return Number(row?.n ?? 0)
}

/** One recorded population run. */
export interface PopulationRow {
  population_id: string
  /** Not a column: derived from the stored query on read (populationSourceOf). */
  source: PopulationSource
  name: string
  framework: string
  control: string
  rule_ids: string[]
  clusters: string[]
  period_start: string
  period_end: string
  as_of: string
  query: string
  /** The parameters as canonical JSON. */
  params: string
  query_sha256: string
  row_count: number
  result_sha256: string
  created_at: string
  created_by: string
}

function withoutSource(row: PopulationRow): Omit<PopulationRow, 'source'> {
  const { source: _source, ...rest } = row
  return rest
}

/** Which source a recorded query reads: its text is fixed per source, so the text says. */
export function populationSourceOf(query: string): PopulationSource {
  return query.startsWith(`SELECT ${ACCESS_LOG_POPULATION_COLUMNS.join(', ')}\nFROM ${ACCESS_LOG_TABLE}\n`) ? 'access_log' : 'audit_events'
}

export async function insertPopulation(client: ClickHouseClient, row: PopulationRow): Promise<void> {
  await client.insert({
    table: POPULATIONS_TABLE,
    // The source is not a column: the stored query names it (populationSourceOf).
    values: [{ ...withoutSource(row), period_start: chDateTime(row.period_start), period_end: chDateTime(row.period_end), as_of: chDateTime(row.as_of), created_at: chDateTime(row.created_at) }],
    format: 'JSONEachRow',
  })
}

export async function getPopulation(client: ClickHouseClient, id: string): Promise<PopulationRow | undefined> {
  const rs = await client.query({ query: `SELECT * FROM ${POPULATIONS_TABLE} FINAL WHERE population_id = {id:String} LIMIT 1`, query_params: { id }, format: 'JSONEachRow' })
  const [r] = await rs.json<Omit<PopulationRow, 'source'>>()
  return r === undefined
    ? undefined
    : { ...r, source: populationSourceOf(r.query), row_count: Number(r.row_count), period_start: fromChTime(r.period_start), period_end: fromChTime(r.period_end), as_of: fromChTimeMs(r.as_of), created_at: fromChTimeMs(r.created_at) }
}
