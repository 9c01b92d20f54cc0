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
 *
 * Events are matched on the whole sorting-key prefix of audit_events_v1
 * (cluster, request_received_at, audit_id, stage): a finding's event_time is
 * the event's requestReceivedTimestamp, so this is the same set as matching
 * on (cluster, audit_id, stage), but the engine can use the primary index to
 * skip granules that hold none of the population (ADR 0013, update of
 * 2026-12-07).
 */
export function populationQuery(spec: PopulationSpec): { query: string; params: Record<string, unknown> } {
  const query = `SELECT ${POPULATION_COLUMNS.join(', ')}
FROM ${AUDIT_EVENTS_TABLE} FINAL
WHERE cluster IN {clusters:Array(String)}
  AND request_received_at >= {start:DateTime64(6, 'UTC')} AND request_received_at < {end:DateTime64(6, 'UTC')}
  AND received_at <= {as_of:DateTime64(3, 'UTC')}
  AND (cluster, request_received_at, audit_id, stage) IN (
    SELECT cluster, event_time, audit_id, stage FROM ${FINDINGS_TABLE}
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

/** Quotes a cell (RFC 4180) when it holds a quote, comma, CR or LF. */
const csvQuote = (e: string): string => `if(multiSearchAny(${e}, ['"', ',', '\\r', '\\n']), concat('"', replaceAll(${e}, '"', '""'), '"'), ${e})`
/** A text cell: the formula guard (a leading ' before = + - @ TAB CR NUL, as csvField in @vigil/evidence), then quoting. */
const textCell = (e: string): string => csvQuote(`if(substring(${e}, 1, 1) IN ('=', '+', '-', '@', '\\t', '\\r', '\\0'), concat('\\'', ${e}), ${e})`)
/** An RFC 3339 UTC cell from a DateTime64 column. */
const csvTime = (c: string): string => `concat(replaceOne(toString(${c}), ' ', 'T'), 'Z')`

/**
 * The CSV export's cells, in CSV column order (see POPULATION_CSV_COLUMNS in
 * @vigil/evidence): the stored columns but `raw`, lists joined with ";",
 * times in RFC 3339, text cells guarded and quoted by the engine.
 */
const CSV_CELLS = [
  csvTime('request_received_at'), csvTime('received_at'), textCell('toString(cluster)'), textCell('audit_id'), textCell('toString(stage)'), textCell('toString(verb)'), textCell('user'),
  textCell('impersonated_user'), textCell("arrayStringConcat(user_groups, ';')"), textCell("arrayStringConcat(source_ips, ';')"), textCell('user_agent'), textCell('toString(api_group)'),
  textCell('toString(resource)'), textCell('toString(subresource)'), textCell('namespace'), textCell('name'), 'toString(response_code)', textCell('toString(decision)'), textCell('toString(level)'),
  textCell('request_uri'), csvTime('stage_at'),
]

/**
 * A population query (as recorded) turned into the CSV export's query: same
 * rows, same order, one finished RFC 4180 record (CRLF included) per row,
 * built by the engine. Stream it as RawBLOB: the bytes are the CSV body.
 */
export function populationCsvQuery(query: string): string {
  const select = `SELECT ${POPULATION_COLUMNS.join(', ')}\n`
  if (!query.startsWith(select)) throw new Error('not a population query: its select list differs')
  return `SELECT concat(${CSV_CELLS.join(", ',', ")}, '\\r\\n') AS record\n${query.slice(select.length)}`
}

/** The output formats a population is streamed in: one stored record per line, one row as a JSON array per line, or the bytes of one String column (the CSV export of audit events). */
export type StreamFormat = 'JSONEachRow' | 'JSONCompactEachRow' | 'RawBLOB'

/** Streams a query's result in a ClickHouse text format, without holding it in memory. */
export async function streamQuery(client: ClickHouseClient, query: string, params: Record<string, unknown>, format: StreamFormat): Promise<Readable> {
  const rs = await client.exec({ query: `${query.trimEnd()}\nFORMAT ${format}`, query_params: params })
  return rs.stream
}

/** Counts a population's rows without reading them. */
export async function countQuery(client: ClickHouseClient, query: string, params: Record<string, unknown>): Promise<number> {
  const rs = await client.query({ query: `SELECT count() AS n FROM (${query.trimEnd()})`, query_params: params, format: 'JSONEachRow' })
  const [row] = await rs.json<{ n: number }>()
  return Number(row?.n ?? 0)
}

/**
 * The row counts of several populations over the same period, scope and
 * snapshot in one pass (a framework summary): for each key, the number of
 * rows its population query (populationQuery with that key's rules) returns.
 * The stored events are read once for the union of the rules, then each
 * event is counted once per key whose rules matched it, as the population
 * query counts it once however many of its rules matched.
 */
export async function countPopulations(client: ClickHouseClient, q: { keys: readonly { key: string; rule_ids: readonly string[] }[]; clusters: readonly string[]; start: string; end: string; as_of: string }): Promise<Map<string, number>> {
  const pairs = q.keys.flatMap((k) => k.rule_ids.map((r) => [k.key, r] as [string, string]))
  const counts = new Map(q.keys.map((k) => [k.key, 0]))
  if (pairs.length === 0 || q.clusters.length === 0) return counts
  const findings = `FROM ${FINDINGS_TABLE}
    WHERE rule_id IN {rule_ids:Array(String)} AND cluster IN {clusters:Array(String)}
      AND event_time >= {start:DateTime64(6, 'UTC')} AND event_time < {end:DateTime64(6, 'UTC')}`
  const rs = await client.query({
    query: `SELECT f.key AS key, count() AS n
FROM (
  SELECT cluster, request_received_at, audit_id, stage FROM ${AUDIT_EVENTS_TABLE} FINAL
  WHERE cluster IN {clusters:Array(String)}
    AND request_received_at >= {start:DateTime64(6, 'UTC')} AND request_received_at < {end:DateTime64(6, 'UTC')}
    AND received_at <= {as_of:DateTime64(3, 'UTC')}
    AND (cluster, request_received_at, audit_id, stage) IN (SELECT cluster, event_time, audit_id, stage ${findings})
) AS e
INNER JOIN (
  SELECT DISTINCT cluster, event_time, audit_id, stage, arrayJoin(arrayFilter((k, r) -> r = rule_id, {pair_keys:Array(String)}, {pair_rules:Array(String)})) AS key
  ${findings}
) AS f ON e.cluster = f.cluster AND e.request_received_at = f.event_time AND e.audit_id = f.audit_id AND e.stage = f.stage
GROUP BY key`,
    query_params: { pair_keys: pairs.map((p) => p[0]), pair_rules: pairs.map((p) => p[1]), rule_ids: [...new Set(pairs.map((p) => p[1]))].sort(), clusters: [...q.clusters].sort(), start: chDateTime(q.start), end: chDateTime(q.end), as_of: chDateTime(q.as_of) },
    format: 'JSONEachRow',
  })
  for (const r of await rs.json<{ key: string; n: string | number }>()) counts.set(r.key, Number(r.n))
  return counts
}

/**
 * A population's rows per UTC day of the event (its request_received_at):
 * populationQuery's own rows, grouped, so the days sum to the population's
 * row count. Days with no row are left out.
 */
export async function countPopulationByDay(client: ClickHouseClient, spec: PopulationSpec): Promise<{ day: string; count: number }[]> {
  if (spec.rule_ids.length === 0 || spec.clusters.length === 0) return []
  const { query, params } = populationQuery(spec)
  const rs = await client.query({
    query: `SELECT toString(toDate(request_received_at)) AS day, count() AS n FROM (${query}) GROUP BY day ORDER BY day`,
    query_params: params,
    format: 'JSONEachRow',
  })
  return (await rs.json<{ day: string; n: string | number }>()).map((r) => ({ day: r.day, count: Number(r.n) }))
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
