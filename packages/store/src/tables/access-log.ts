import type { ClickHouseClient } from '@clickhouse/client'
import type { AccessRecord } from '@vigil/core'
import { chDateTime } from '../json-rows.js'
import { decodeCursor, encodeCursor, fromChTime, Where, type Page } from '../page.js'

export const ACCESS_LOG_TABLE = 'access_log_v1'

export async function insertAccessRecords(client: ClickHouseClient, records: readonly AccessRecord[]): Promise<void> {
  if (records.length === 0) return
  await client.insert({ table: ACCESS_LOG_TABLE, values: records.map((r) => ({ ...r, at: chDateTime(r.at) })), format: 'JSONEachRow' })
}

export interface AccessLogQuery {
  principal?: string | undefined
  route?: string | undefined
  /** Only requests whose scope included one of these clusters (or every cluster). */
  clusters?: string[] | undefined
  sensitive?: boolean | undefined
  /** Only refused (status >= 400) or only allowed requests. */
  outcome?: 'allowed' | 'refused' | undefined
  from?: string | undefined
  to?: string | undefined
  limit: number
  cursor?: string | undefined
}

const COLUMNS = 'id, at, principal, token_id, role, auth, source_ip, method, route, params, clusters, status, error_code, rows, sensitive, duration_ms'

/** Access records, newest first, keyset-paged. */
export async function listAccessRecords(client: ClickHouseClient, q: AccessLogQuery): Promise<Page<AccessRecord>> {
  const where = new Where()
  if (q.principal !== undefined) where.add((p) => `principal = ${p(q.principal, 'String')}`)
  if (q.route !== undefined) where.add((p) => `route = ${p(q.route, 'String')}`)
  if (q.clusters !== undefined && q.clusters.length > 0) where.add((p) => `(empty(clusters) OR hasAny(clusters, ${p(q.clusters, 'Array(String)')}))`)
  if (q.sensitive !== undefined) where.add((p) => `sensitive = ${p(q.sensitive ? 1 : 0, 'Bool')}`)
  if (q.outcome !== undefined) where.add(() => (q.outcome === 'refused' ? 'status >= 400' : 'status < 400'))
  if (q.from !== undefined) where.add((p) => `at >= ${p(chDateTime(q.from as string), "DateTime64(3, 'UTC')")}`)
  if (q.to !== undefined) where.add((p) => `at < ${p(chDateTime(q.to as string), "DateTime64(3, 'UTC')")}`)
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor)
    where.add((p) => `(at, id) < (${p(chDateTime(c.time), "DateTime64(3, 'UTC')")}, ${p(c.id, 'String')})`)
  }
  const rs = await client.query({
    query: `SELECT ${COLUMNS} FROM ${ACCESS_LOG_TABLE} ${where} ORDER BY at DESC, id DESC LIMIT ${q.limit + 1}`,
    query_params: where.params,
    format: 'JSONEachRow',
  })
  const rows = (await rs.json<AccessRecord>()).map((r) => ({ ...r, at: fromChTime(r.at), status: Number(r.status), rows: Number(r.rows), duration_ms: Number(r.duration_ms), sensitive: Boolean(r.sensitive) }))
  const items = rows.slice(0, q.limit)
  const last = items[items.length - 1]
  return { items, next_cursor: rows.length > q.limit && last !== undefined ? encodeCursor({ time: last.at, id: last.id }) : null }
}
