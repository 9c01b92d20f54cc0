import type { ClickHouseClient } from '@clickhouse/client'
import { chDateTime } from '../json-rows.js'

export const ALERT_GROUPS_TABLE = 'alert_groups_v1'
export const ALERT_GROUP_MEMBERS_TABLE = 'alert_group_members_v1'
export const ALERT_NOTIFICATIONS_TABLE = 'alert_notifications_v1'
export const ALERT_THREADS_TABLE = 'alert_threads_v1'
export const SILENCES_TABLE = 'silences_v1'

const ts = (ms: number) => chDateTime(new Date(ms).toISOString())
const ms = (col: string) => `toUnixTimestamp64Milli(${col})`

/** An open (or just closed) alert group; `state` is the router's JSON, opaque here. */
export interface AlertGroupRow {
  group_key: string
  route: string
  episode: number
  open: boolean
  state: string
  version: number
  updated_at_ms: number
}

/** One outbox row: a notification for one sink and its delivery progress; `notification` is the router's JSON. */
export interface AlertNotificationRow {
  notification_id: string
  sink: string
  kind: string
  route: string
  group_key: string
  group_id: string
  episode: number
  severity: string
  state: 'pending' | 'delivered' | 'dead' | 'collapsed'
  attempts: number
  next_attempt_at_ms: number
  last_result: string
  last_status: number
  last_detail: string
  dead_reason: string
  notification: string
  created_at_ms: number
  updated_at_ms: number
  version: number
}

export interface SilenceRow {
  id: string
  /** JSON array of matchers. */
  matchers: string
  starts_at_ms: number
  ends_at_ms: number
  created_by: string
  comment: string
  created_at_ms: number
  expired_at_ms: number | null
  replaces: string
  version: number
}

export async function insertAlertGroups(client: ClickHouseClient, rows: readonly AlertGroupRow[]): Promise<void> {
  if (rows.length === 0) return
  await client.insert({
    table: ALERT_GROUPS_TABLE,
    values: rows.map((r) => ({ group_key: r.group_key, route: r.route, episode: r.episode, open: r.open ? 1 : 0, state: r.state, version: r.version, updated_at: ts(r.updated_at_ms) })),
    format: 'JSONEachRow',
  })
}

export async function loadOpenAlertGroups(client: ClickHouseClient): Promise<AlertGroupRow[]> {
  const rs = await client.query({ query: `SELECT group_key, route, episode, open, state, version, ${ms('updated_at')} AS updated_at_ms FROM ${ALERT_GROUPS_TABLE} FINAL WHERE open = 1 ORDER BY group_key`, format: 'JSONEachRow' })
  return (await rs.json<Record<string, unknown>>()).map((r) => ({ group_key: String(r['group_key']), route: String(r['route']), episode: Number(r['episode']), open: Number(r['open']) === 1, state: String(r['state']), version: Number(r['version']), updated_at_ms: Number(r['updated_at_ms']) }))
}

/** One finding of a group episode; `candidate` is the router's JSON. */
export interface AlertGroupMemberRow {
  group_key: string
  episode: number
  position: number
  finding_id: string
  candidate: string
  added_at_ms: number
}

export async function insertAlertGroupMembers(client: ClickHouseClient, rows: readonly AlertGroupMemberRow[]): Promise<void> {
  if (rows.length === 0) return
  await client.insert({ table: ALERT_GROUP_MEMBERS_TABLE, values: rows.map(({ added_at_ms, ...r }) => ({ ...r, added_at: ts(added_at_ms) })), format: 'JSONEachRow' })
}

/** The members of every open group's current episode, in order. */
export async function loadOpenAlertGroupMembers(client: ClickHouseClient): Promise<AlertGroupMemberRow[]> {
  const rs = await client.query({
    query: `SELECT group_key, episode, position, finding_id, candidate, ${ms('added_at')} AS added_at_ms FROM ${ALERT_GROUP_MEMBERS_TABLE} FINAL
      WHERE (group_key, episode) IN (SELECT group_key, episode FROM ${ALERT_GROUPS_TABLE} FINAL WHERE open = 1) ORDER BY group_key, episode, position`,
    format: 'JSONEachRow',
  })
  return (await rs.json<Record<string, unknown>>()).map((r) => ({ group_key: String(r['group_key']), episode: Number(r['episode']), position: Number(r['position']), finding_id: String(r['finding_id']), candidate: String(r['candidate']), added_at_ms: Number(r['added_at_ms']) }))
}

export async function insertAlertNotifications(client: ClickHouseClient, rows: readonly AlertNotificationRow[]): Promise<void> {
  if (rows.length === 0) return
  await client.insert({
    table: ALERT_NOTIFICATIONS_TABLE,
    values: rows.map(({ next_attempt_at_ms, created_at_ms, updated_at_ms, ...r }) => ({ ...r, next_attempt_at: ts(next_attempt_at_ms), created_at: ts(created_at_ms), updated_at: ts(updated_at_ms) })),
    format: 'JSONEachRow',
  })
}

const NOTIFICATION_COLUMNS = `notification_id, sink, kind, route, group_key, group_id, episode, severity, state, attempts, ${ms('next_attempt_at')} AS next_attempt_at_ms, last_result, last_status, last_detail, dead_reason, notification, ${ms('created_at')} AS created_at_ms, ${ms('updated_at')} AS updated_at_ms, version`

function toNotificationRow(r: Record<string, unknown>): AlertNotificationRow {
  return {
    notification_id: String(r['notification_id']), sink: String(r['sink']), kind: String(r['kind']), route: String(r['route']), group_key: String(r['group_key']), group_id: String(r['group_id']),
    episode: Number(r['episode']), severity: String(r['severity']), state: String(r['state']) as AlertNotificationRow['state'], attempts: Number(r['attempts']), next_attempt_at_ms: Number(r['next_attempt_at_ms']),
    last_result: String(r['last_result']), last_status: Number(r['last_status']), last_detail: String(r['last_detail']), dead_reason: String(r['dead_reason']), notification: String(r['notification']),
    created_at_ms: Number(r['created_at_ms']), updated_at_ms: Number(r['updated_at_ms']), version: Number(r['version']),
  }
}

export interface NotificationQuery {
  state?: AlertNotificationRow['state'] | undefined
  sink?: string | undefined
  groupId?: string | undefined
  limit: number
}

export async function queryAlertNotifications(client: ClickHouseClient, q: NotificationQuery): Promise<AlertNotificationRow[]> {
  const where: string[] = []
  if (q.state !== undefined) where.push('state = {state:String}')
  if (q.sink !== undefined) where.push('sink = {sink:String}')
  if (q.groupId !== undefined) where.push('group_id = {group_id:String}')
  const rs = await client.query({
    query: `SELECT ${NOTIFICATION_COLUMNS} FROM ${ALERT_NOTIFICATIONS_TABLE} FINAL ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, notification_id LIMIT {limit:UInt32}`,
    query_params: { state: q.state ?? '', sink: q.sink ?? '', group_id: q.groupId ?? '', limit: q.limit },
    format: 'JSONEachRow',
  })
  return (await rs.json<Record<string, unknown>>()).map(toNotificationRow)
}

export async function getAlertNotification(client: ClickHouseClient, id: string): Promise<AlertNotificationRow | undefined> {
  const rs = await client.query({ query: `SELECT ${NOTIFICATION_COLUMNS} FROM ${ALERT_NOTIFICATIONS_TABLE} FINAL WHERE notification_id = {id:String}`, query_params: { id }, format: 'JSONEachRow' })
  const [row] = await rs.json<Record<string, unknown>>()
  return row === undefined ? undefined : toNotificationRow(row)
}

/** The ids among `ids` already in the outbox, whatever their state. */
export async function existingAlertNotificationIds(client: ClickHouseClient, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rs = await client.query({ query: `SELECT DISTINCT notification_id FROM ${ALERT_NOTIFICATIONS_TABLE} WHERE notification_id IN {ids:Array(String)}`, query_params: { ids }, format: 'JSONEachRow' })
  return new Set((await rs.json<{ notification_id: string }>()).map((r) => r.notification_id))
}

export async function insertAlertThread(client: ClickHouseClient, key: string, channel: string, tsValue: string): Promise<void> {
  await client.insert({ table: ALERT_THREADS_TABLE, values: [{ thread_key: key, channel, ts: tsValue }], format: 'JSONEachRow' })
}

export async function loadAlertThreads(client: ClickHouseClient): Promise<{ key: string; channel: string; ts: string }[]> {
  const rs = await client.query({ query: `SELECT thread_key AS key, channel, ts FROM ${ALERT_THREADS_TABLE} FINAL`, format: 'JSONEachRow' })
  return rs.json<{ key: string; channel: string; ts: string }>()
}

export async function insertSilences(client: ClickHouseClient, rows: readonly SilenceRow[]): Promise<void> {
  if (rows.length === 0) return
  await client.insert({
    table: SILENCES_TABLE,
    values: rows.map(({ starts_at_ms, ends_at_ms, created_at_ms, expired_at_ms, ...r }) => ({ ...r, starts_at: ts(starts_at_ms), ends_at: ts(ends_at_ms), created_at: ts(created_at_ms), expired_at: expired_at_ms === null ? null : ts(expired_at_ms) })),
    format: 'JSONEachRow',
  })
}

const SILENCE_COLUMNS = `id, matchers, ${ms('starts_at')} AS starts_at_ms, ${ms('ends_at')} AS ends_at_ms, created_by, comment, ${ms('created_at')} AS created_at_ms, if(isNull(expired_at), NULL, ${ms('assumeNotNull(expired_at)')}) AS expired_at_ms, replaces, version`

function toSilenceRow(r: Record<string, unknown>): SilenceRow {
  return { id: String(r['id']), matchers: String(r['matchers']), starts_at_ms: Number(r['starts_at_ms']), ends_at_ms: Number(r['ends_at_ms']), created_by: String(r['created_by']), comment: String(r['comment']), created_at_ms: Number(r['created_at_ms']), expired_at_ms: r['expired_at_ms'] === null ? null : Number(r['expired_at_ms']), replaces: String(r['replaces']), version: Number(r['version']) }
}

/** Every silence ever made, newest first (they are evidence; none is deleted). */
export async function listSilences(client: ClickHouseClient, limit: number): Promise<SilenceRow[]> {
  const rs = await client.query({ query: `SELECT ${SILENCE_COLUMNS} FROM ${SILENCES_TABLE} FINAL ORDER BY created_at DESC, id LIMIT {limit:UInt32}`, query_params: { limit }, format: 'JSONEachRow' })
  return (await rs.json<Record<string, unknown>>()).map(toSilenceRow)
}

export async function getSilence(client: ClickHouseClient, id: string): Promise<SilenceRow | undefined> {
  const rs = await client.query({ query: `SELECT ${SILENCE_COLUMNS} FROM ${SILENCES_TABLE} FINAL WHERE id = {id:String}`, query_params: { id }, format: 'JSONEachRow' })
  const [row] = await rs.json<Record<string, unknown>>()
  return row === undefined ? undefined : toSilenceRow(row)
}
