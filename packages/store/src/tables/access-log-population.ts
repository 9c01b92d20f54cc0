import { ACCESS_LOG_TABLE } from './access-log.js'
import { chDateTime } from '../json-rows.js'
import type { PopulationSpec } from './populations.js'

/** The stored columns of an access record, in export order. */
export const ACCESS_LOG_POPULATION_COLUMNS = ['id', 'at', 'principal', 'token_id', 'role', 'auth', 'source_ip', 'method', 'route', 'params', 'clusters', 'status', 'error_code', 'rows', 'sensitive', 'duration_ms'] as const

/**
 * vigil's own access as a population: every API request (allowed or
 * refused) made in [start, end) whose scope reached a cluster of the spec,
 * or every cluster (an unscoped request). The snapshot bounds `at`, the
 * request time. The text is fixed (only parameters vary) and the order is
 * total, so the same snapshot gives the same bytes. `rule_ids` is unused.
 */
export function accessLogPopulationQuery(spec: PopulationSpec): { query: string; params: Record<string, unknown> } {
  const query = `SELECT ${ACCESS_LOG_POPULATION_COLUMNS.join(', ')}
FROM ${ACCESS_LOG_TABLE}
WHERE at >= {start:DateTime64(6, 'UTC')} AND at < {end:DateTime64(6, 'UTC')}
  AND at <= {as_of:DateTime64(3, 'UTC')}
  AND (empty(clusters) OR hasAny(clusters, {clusters:Array(String)}))
ORDER BY at, id
`
  return { query, params: { as_of: chDateTime(spec.as_of), clusters: [...spec.clusters].sort(), end: chDateTime(spec.end), start: chDateTime(spec.start) } }
}

const CSV_SELECT = [
  'id', 'toString(at)', 'principal', 'token_id', 'role', 'auth', 'source_ip', 'method', 'route', 'params', "arrayStringConcat(clusters, ';')", 'status', 'error_code', 'rows', 'if(sensitive, \'true\', \'false\')', 'duration_ms',
]

/** An access-log population query (as recorded) turned into the CSV export's query: same rows, same order, the CSV's columns. */
export function accessLogPopulationCsvQuery(query: string): string {
  const select = `SELECT ${ACCESS_LOG_POPULATION_COLUMNS.join(', ')}\n`
  if (!query.startsWith(select)) throw new Error('not an access-log population query: its select list differs')
  return `SELECT ${CSV_SELECT.join(', ')}\n${query.slice(select.length)}`
}
