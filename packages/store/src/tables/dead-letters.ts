import type { ClickHouseClient } from '@clickhouse/client'
import { stableId, type DeadLetter } from '@vigil/core'
import { chDateTime } from '../json-rows.js'

export const DEAD_LETTERS_TABLE = 'dead_letters_v1'

export async function insertDeadLetters(client: ClickHouseClient, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) return
  await client.insert({
    table: DEAD_LETTERS_TABLE,
    values: letters.map((d) => ({ id: stableId(d.cluster, d.reason, d.raw), ...d, received_at: chDateTime(d.received_at) })),
    format: 'JSONEachRow',
  })
}

export interface DeadLetterRow extends DeadLetter {
  id: string
}

export interface DeadLetterQuery {
  clusters?: string[] | undefined
  limit: number
}

export async function listDeadLetters(client: ClickHouseClient, q: DeadLetterQuery): Promise<DeadLetterRow[]> {
  const filter = q.clusters !== undefined && q.clusters.length > 0 ? 'WHERE cluster IN {clusters:Array(String)}' : ''
  const rs = await client.query({
    query: `SELECT id, cluster, received_at, reason, detail, raw FROM ${DEAD_LETTERS_TABLE} FINAL ${filter} ORDER BY received_at DESC, id DESC LIMIT ${q.limit}`,
    query_params: { clusters: q.clusters ?? [] },
    format: 'JSONEachRow',
  })
  return rs.json<DeadLetterRow>()
}

/** Dead letters per reason received in [from, to): what ingest and the analyzer could not store as events. */
export async function countDeadLetters(client: ClickHouseClient, q: { clusters?: readonly string[] | undefined; from: string; to: string }): Promise<Record<string, number>> {
  const rs = await client.query({
    // A duplicate letter stands for the count in its raw JSON (one letter per ingest batch).
    query: `SELECT reason, sum(if(reason = 'duplicate', JSONExtractUInt(raw, 'count'), 1)) AS n FROM ${DEAD_LETTERS_TABLE} FINAL
WHERE received_at >= {from:DateTime64(3, 'UTC')} AND received_at < {to:DateTime64(3, 'UTC')}${q.clusters === undefined ? '' : ' AND cluster IN {clusters:Array(String)}'}
GROUP BY reason ORDER BY reason`,
    query_params: { from: chDateTime(q.from), to: chDateTime(q.to), clusters: q.clusters ?? [] },
    format: 'JSONEachRow',
  })
  return Object.fromEntries((await rs.json<{ reason: string; n: number }>()).map((r) => [r.reason, Number(r.n)]))
}
