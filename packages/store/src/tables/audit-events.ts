import type { ClickHouseClient } from '@clickhouse/client'
import type { StampedEvent } from '@vigil/core'
import { chDateTime, insertLines } from '../json-rows.js'
import { tsvString, tsvStringArray } from '../tsv.js'
import { decodeCursor, encodeCursor, fromChTime, Where, type Page } from '../page.js'

export const AUDIT_EVENTS_TABLE = 'audit_events_v1'

export interface AuditEventRow {
  cluster: string
  audit_id: string
  stage: string
  level: string
  verb: string
  user: string
  user_groups: string[]
  impersonated_user: string
  source_ips: string[]
  user_agent: string
  resource: string
  subresource: string
  api_group: string
  namespace: string
  name: string
  request_uri: string
  response_code: number
  decision: string
  request_received_at: string
  stage_at: string
  received_at: string
  raw: string
}

export function toAuditEventRow(s: StampedEvent): AuditEventRow {
  const e = s.event
  const ref = e.objectRef
  return {
    cluster: s.cluster,
    audit_id: e.auditID,
    stage: e.stage,
    level: e.level ?? '',
    verb: e.verb,
    user: e.user.username ?? '',
    user_groups: e.user.groups ?? [],
    impersonated_user: e.impersonatedUser?.username ?? '',
    source_ips: e.sourceIPs ?? [],
    user_agent: e.userAgent ?? '',
    resource: ref?.resource ?? '',
    subresource: ref?.subresource ?? '',
    api_group: ref?.apiGroup ?? '',
    namespace: ref?.namespace ?? '',
    name: ref?.name ?? '',
    request_uri: e.requestURI,
    response_code: e.responseStatus?.code ?? 0,
    decision: e.annotations?.['authorization.k8s.io/decision'] ?? '',
    request_received_at: e.requestReceivedTimestamp,
    stage_at: e.stageTimestamp,
    received_at: s.received_at,
    raw: s.raw,
  }
}

const COLUMNS = [
  'cluster', 'audit_id', 'stage', 'level', 'verb', 'user', 'user_groups', 'impersonated_user', 'source_ips', 'user_agent', 'resource',
  'subresource', 'api_group', 'namespace', 'name', 'request_uri', 'response_code', 'decision', 'request_received_at', 'stage_at', 'received_at', 'raw',
] as const

/** One TabSeparated line, columns in COLUMNS order. */
export function auditEventLine(r: AuditEventRow): string {
  const s = tsvString
  return [
    s(r.cluster), s(r.audit_id), s(r.stage), s(r.level), s(r.verb), s(r.user), tsvStringArray(r.user_groups), s(r.impersonated_user), tsvStringArray(r.source_ips),
    s(r.user_agent), s(r.resource), s(r.subresource), s(r.api_group), s(r.namespace), s(r.name), s(r.request_uri), String(Math.trunc(r.response_code)), s(r.decision),
    chDateTime(r.request_received_at), chDateTime(r.stage_at), chDateTime(r.received_at), s(r.raw),
  ].join('\t')
}

export async function insertAuditEvents(client: ClickHouseClient, rows: readonly AuditEventRow[]): Promise<void> {
  await insertLines(client, `${AUDIT_EVENTS_TABLE} (${COLUMNS.join(', ')})`, 'TabSeparated', rows.map(auditEventLine))
}

export interface EventQuery {
  clusters?: string[] | undefined
  namespace?: string | undefined
  user?: string | undefined
  verb?: string | undefined
  resource?: string | undefined
  from?: string | undefined
  to?: string | undefined
  limit: number
  cursor?: string | undefined
}

export interface EventSummary {
  cluster: string
  audit_id: string
  stage: string
  level: string
  verb: string
  user: string
  resource: string
  subresource: string
  namespace: string
  name: string
  request_uri: string
  response_code: number
  decision: string
  request_received_at: string
  received_at: string
}

const SUMMARY_COLUMNS = 'cluster, audit_id, stage, level, verb, user, resource, subresource, namespace, name, request_uri, response_code, decision, request_received_at, received_at'

export async function searchAuditEvents(client: ClickHouseClient, q: EventQuery): Promise<Page<EventSummary>> {
  const where = new Where()
    .anyOf('cluster', q.clusters)
    .anyOf('namespace', q.namespace === undefined ? undefined : [q.namespace])
    .anyOf('user', q.user === undefined ? undefined : [q.user])
    .anyOf('verb', q.verb === undefined ? undefined : [q.verb])
    .anyOf('resource', q.resource === undefined ? undefined : [q.resource])
  if (q.from !== undefined) where.add((p) => `request_received_at >= ${p(chDateTime(q.from as string), "DateTime64(6, 'UTC')")}`)
  if (q.to !== undefined) where.add((p) => `request_received_at < ${p(chDateTime(q.to as string), "DateTime64(6, 'UTC')")}`)
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor)
    where.add((p) => `(request_received_at, concat(audit_id, '/', stage)) < (${p(chDateTime(c.time), "DateTime64(6, 'UTC')")}, ${p(c.id, 'String')})`)
  }
  const rs = await client.query({
    query: `SELECT ${SUMMARY_COLUMNS} FROM ${AUDIT_EVENTS_TABLE} FINAL ${where} ORDER BY request_received_at DESC, concat(audit_id, '/', stage) DESC LIMIT ${q.limit + 1}`,
    query_params: where.params,
    format: 'JSONEachRow',
  })
  const rows = (await rs.json<EventSummary>()).map((r) => ({
    ...r,
    response_code: Number(r.response_code),
    request_received_at: fromChTime(r.request_received_at),
    received_at: fromChTime(r.received_at),
  }))
  const items = rows.slice(0, q.limit)
  const last = items[items.length - 1]
  return {
    items,
    next_cursor: rows.length > q.limit && last !== undefined ? encodeCursor({ time: last.request_received_at, id: `${last.audit_id}/${last.stage}` }) : null,
  }
}

/** The raw (redacted) event JSON for one (cluster, auditID, stage). */
/** Identifies one stored event: the dedup key ingest uses. */
export interface EventKey {
  cluster: string
  audit_id: string
  stage: string
}

export async function getRawAuditEvent(client: ClickHouseClient, key: EventKey): Promise<unknown | undefined> {
  const rs = await client.query({
    query: `SELECT raw FROM ${AUDIT_EVENTS_TABLE} FINAL WHERE cluster = {cluster:String} AND audit_id = {audit_id:String} AND stage = {stage:String} LIMIT 1`,
    query_params: { cluster: key.cluster, audit_id: key.audit_id, stage: key.stage },
    format: 'JSONEachRow',
  })
  const [row] = await rs.json<{ raw: string }>()
  return row === undefined ? undefined : (JSON.parse(row.raw) as unknown)
}
