import type { ClickHouseClient } from '@clickhouse/client'
import type { ThresholdStateRow } from '@vigil/core'
import { chDateTime } from '../json-rows.js'

export const RULE_STATE_TABLE = 'rule_state_v1'

export async function insertRuleState(client: ClickHouseClient, rows: readonly ThresholdStateRow[]): Promise<void> {
  if (rows.length === 0) return
  await client.insert({ table: RULE_STATE_TABLE, values: rows.map((r) => ({ ...r, window_start: chDateTime(new Date(r.window_start).toISOString()) })), format: 'JSONEachRow' })
}

/** Members of windows that started at or after `sinceMs`. */
export async function loadRuleState(client: ClickHouseClient, sinceMs: number): Promise<ThresholdStateRow[]> {
  const rs = await client.query({
    // The alias must not shadow window_start: ClickHouse resolves WHERE names to SELECT aliases first.
    query: `SELECT rule_id, rule_version, cluster, state_key, toUnixTimestamp64Milli(window_start) AS window_start_ms, member FROM ${RULE_STATE_TABLE} FINAL WHERE window_start >= fromUnixTimestamp64Milli({since:Int64})`,
    query_params: { since: sinceMs },
    format: 'JSONEachRow',
  })
  return (await rs.json<Omit<ThresholdStateRow, 'window_start'> & { window_start_ms: number }>()).map(({ window_start_ms, ...r }) => ({ ...r, rule_version: Number(r.rule_version), window_start: Number(window_start_ms) }))
}
