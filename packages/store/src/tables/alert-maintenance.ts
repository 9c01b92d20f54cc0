import type { ClickHouseClient } from '@clickhouse/client'
import { chDateTime } from '../json-rows.js'
import { ALERT_GROUP_MEMBERS_TABLE, ALERT_GROUPS_TABLE, ALERT_NOTIFICATIONS_TABLE } from './alerting.js'

export const ALERT_SINK_HEALTH_TABLE = 'alert_sink_health_v1'

const ts = (ms: number) => chDateTime(new Date(ms).toISOString())

/** A sink's health as the router last saw it. */
export interface SinkHealthRow {
  sink: string
  healthy: boolean
  since_ms: number
  /** A bounded vendor reason (`invalid_auth`, `HTTP 400`), never a secret. */
  detail: string
  breaks: number
  version: number
}

export async function insertSinkHealth(client: ClickHouseClient, rows: readonly SinkHealthRow[]): Promise<void> {
  if (rows.length === 0) return
  await client.insert({
    table: ALERT_SINK_HEALTH_TABLE,
    values: rows.map((r) => ({ sink: r.sink, healthy: r.healthy ? 1 : 0, since: ts(r.since_ms), detail: r.detail, breaks: r.breaks, version: r.version })),
    format: 'JSONEachRow',
  })
}

export async function loadSinkHealth(client: ClickHouseClient): Promise<SinkHealthRow[]> {
  const rs = await client.query({ query: `SELECT sink, healthy, toUnixTimestamp64Milli(since) AS since_ms, detail, breaks, version FROM ${ALERT_SINK_HEALTH_TABLE} FINAL ORDER BY sink`, format: 'JSONEachRow' })
  return (await rs.json<Record<string, unknown>>()).map((r) => ({ sink: String(r['sink']), healthy: Number(r['healthy']) === 1, since_ms: Number(r['since_ms']), detail: String(r['detail']), breaks: Number(r['breaks']), version: Number(r['version']) }))
}

/**
 * The last episode of every group key ever opened, closed ones included, so a
 * restarted router numbers a new episode after the last one instead of reusing
 * its notification ids and PagerDuty dedup_key.
 */
export async function lastAlertEpisodes(client: ClickHouseClient): Promise<Map<string, number>> {
  const rs = await client.query({ query: `SELECT group_key, max(episode) AS episode FROM ${ALERT_GROUPS_TABLE} GROUP BY group_key`, format: 'JSONEachRow' })
  return new Map((await rs.json<{ group_key: string; episode: number }>()).map((r) => [r.group_key, Number(r.episode)]))
}

/** Expired outbox rows, by final state (`delivered` includes rows collapsed into a backlog digest). */
export interface ExpiredCounts {
  delivered: number
  dead: number
}

/**
 * Deletes every version of the outbox rows whose latest version is delivered
 * (or dead) and was last updated before the cutoff. Pending rows are never
 * touched, whatever their age. Returns how many notifications went.
 */
export async function expireAlertNotifications(client: ClickHouseClient, q: { deliveredBefore: number; deadBefore: number }): Promise<ExpiredCounts> {
  const select = `SELECT notification_id, state FROM ${ALERT_NOTIFICATIONS_TABLE} FINAL
    WHERE (state IN ('delivered', 'collapsed') AND updated_at < {delivered:DateTime64(3, 'UTC')}) OR (state = 'dead' AND updated_at < {dead:DateTime64(3, 'UTC')})`
  const params = { delivered: ts(q.deliveredBefore), dead: ts(q.deadBefore) }
  const rs = await client.query({ query: select, query_params: params, format: 'JSONEachRow' })
  const rows = await rs.json<{ notification_id: string; state: string }>()
  if (rows.length === 0) return { delivered: 0, dead: 0 }
  const ids = rows.map((r) => r.notification_id)
  // A lightweight delete of exactly the ids read: a row that changed since (a replay) keeps its newer version out of the list.
  for (let i = 0; i < ids.length; i += 10_000) {
    await client.command({
      query: `DELETE FROM ${ALERT_NOTIFICATIONS_TABLE} WHERE notification_id IN {ids:Array(String)} AND updated_at < greatest({delivered:DateTime64(3, 'UTC')}, {dead:DateTime64(3, 'UTC')})`,
      query_params: { ...params, ids: ids.slice(i, i + 10_000) },
    })
  }
  return { delivered: rows.filter((r) => r.state !== 'dead').length, dead: rows.filter((r) => r.state === 'dead').length }
}

/** One finding that joined a route's group, for digests. */
export interface RoutedFinding {
  route: string
  finding_id: string
  rule_id: string
  severity: string
  added_at_ms: number
}

/** The findings that joined groups in [from, to), once per route, oldest first, at most `limit`. */
export async function routedFindings(client: ClickHouseClient, q: { from: number; to: number; limit: number }): Promise<RoutedFinding[]> {
  const rs = await client.query({
    query: `SELECT splitByChar('/', group_key)[1] AS route, finding_id, any(JSONExtractString(candidate, 'rule_id')) AS rule_id,
      any(JSONExtractString(candidate, 'severity')) AS severity, toUnixTimestamp64Milli(min(added_at)) AS added_at_ms
    FROM ${ALERT_GROUP_MEMBERS_TABLE} FINAL
    WHERE added_at >= {from:DateTime64(3, 'UTC')} AND added_at < {to:DateTime64(3, 'UTC')}
    GROUP BY route, finding_id ORDER BY added_at_ms, finding_id LIMIT {limit:UInt32}`,
    query_params: { from: ts(q.from), to: ts(q.to), limit: q.limit },
    format: 'JSONEachRow',
  })
  return (await rs.json<Record<string, unknown>>()).map((r) => ({ route: String(r['route']), finding_id: String(r['finding_id']), rule_id: String(r['rule_id']), severity: String(r['severity']), added_at_ms: Number(r['added_at_ms']) }))
}
