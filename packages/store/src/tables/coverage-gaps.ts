import type { ClickHouseClient } from '@clickhouse/client'
import { chDateTime } from '../json-rows.js'
import { fromChTimeMs } from '../page.js'

export const COVERAGE_GAPS_TABLE = 'coverage_gaps_v1'

/** A silence on the wire, in whole minutes: [start, end). `open`: no events since; end is when it was last seen silent. */
export interface GapRow {
  cluster: string
  apiserver: string
  start: string
  end: string
  open: boolean
  detected_at: string
  detected_by: string
}

export async function insertGaps(client: ClickHouseClient, rows: readonly GapRow[]): Promise<void> {
  if (rows.length === 0) return
  await client.insert({
    table: COVERAGE_GAPS_TABLE,
    values: rows.map((g) => ({ ...g, start: chDateTime(g.start).slice(0, 19), end: chDateTime(g.end).slice(0, 19), detected_at: chDateTime(g.detected_at) })),
    format: 'JSONEachRow',
  })
}

/** Recorded gaps that overlap [from, to), latest record of each. */
export async function listGaps(client: ClickHouseClient, q: { clusters?: readonly string[] | undefined; from: string; to: string }): Promise<GapRow[]> {
  const rs = await client.query({
    query: `SELECT cluster, apiserver, start, end, open, detected_at, detected_by FROM ${COVERAGE_GAPS_TABLE} FINAL
WHERE start < {to:DateTime('UTC')} AND end > {from:DateTime('UTC')}${q.clusters === undefined ? '' : ' AND cluster IN {clusters:Array(String)}'}
ORDER BY cluster, apiserver, start`,
    query_params: { from: chDateTime(q.from).slice(0, 19), to: chDateTime(q.to).slice(0, 19), clusters: q.clusters ?? [] },
    format: 'JSONEachRow',
  })
  return (await rs.json<GapRow>()).map((g) => ({ ...g, open: Boolean(g.open), start: fromChTimeMs(g.start), end: fromChTimeMs(g.end), detected_at: fromChTimeMs(g.detected_at) }))
}
