import type { ClickHouseClient } from '@clickhouse/client'
import { chDateTime } from '../json-rows.js'

export const REPORTS_TABLE = 'reports_v1'

export async function insertReport(client: ClickHouseClient, row: { report_id: string; generated_at: string; body: string }): Promise<void> {
  await client.insert({ table: REPORTS_TABLE, values: [{ ...row, generated_at: chDateTime(row.generated_at) }], format: 'JSONEachRow' })
}

/** The latest generation of a report, as stored (the JSON text). */
export async function getReport(client: ClickHouseClient, id: string): Promise<string | undefined> {
  const rs = await client.query({ query: `SELECT body FROM ${REPORTS_TABLE} WHERE report_id = {id:String} ORDER BY generated_at DESC LIMIT 1`, query_params: { id }, format: 'JSONEachRow' })
  const [r] = await rs.json<{ body: string }>()
  return r?.body
}
