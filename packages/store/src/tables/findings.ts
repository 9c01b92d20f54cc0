import type { ClickHouseClient } from '@clickhouse/client'
import type { ControlRef, Finding, Severity } from '@vigil/core'
import { chDateTime } from '../json-rows.js'
import { decodeCursor, encodeCursor, fromChTime, Where, type Page } from '../page.js'

export const FINDINGS_TABLE = 'findings_v1'

interface FindingRow {
  finding_id: string
  rule_id: string
  rule_version: string
  severity: string
  title: string
  cluster: string
  audit_id: string
  stage: string
  event_time: string
  user: string
  verb: string
  resource: string
  namespace: string
  name: string
  reason: string
  output: string
  evidence: string
  tags: string[]
  controls: string[]
  created_at: string
}

function controlKey(c: ControlRef): string {
  return `${c.framework}/${c.id}/${c.role}`
}

function parseControlKey(key: string): ControlRef {
  const [framework, id, role] = key.split('/')
  return { framework, id, role } as ControlRef
}

function toRow(f: Finding, createdAt: string): FindingRow {
  return { ...f, event_time: chDateTime(f.event_time), evidence: JSON.stringify(f.evidence), controls: f.controls.map(controlKey), created_at: chDateTime(createdAt) }
}

function fromRow(r: FindingRow): Finding {
  return {
    finding_id: r.finding_id,
    rule_id: r.rule_id,
    rule_version: r.rule_version,
    severity: r.severity as Severity,
    title: r.title,
    cluster: r.cluster,
    audit_id: r.audit_id,
    stage: r.stage,
    event_time: fromChTime(r.event_time),
    user: r.user,
    verb: r.verb,
    resource: r.resource,
    namespace: r.namespace,
    name: r.name,
    reason: r.reason,
    output: r.output,
    evidence: JSON.parse(r.evidence) as Record<string, unknown>,
    tags: r.tags,
    controls: r.controls.map(parseControlKey),
  }
}

export async function insertFindings(client: ClickHouseClient, findings: readonly Finding[], createdAt: string): Promise<void> {
  if (findings.length === 0) return
  await client.insert({ table: FINDINGS_TABLE, values: findings.map((f) => toRow(f, createdAt)), format: 'JSONEachRow' })
}

export interface FindingQuery {
  clusters?: string[] | undefined
  rule_id?: string | undefined
  severity?: Severity[] | undefined
  namespace?: string | undefined
  user?: string | undefined
  from?: string | undefined
  to?: string | undefined
  limit: number
  cursor?: string | undefined
}

const COLUMNS = 'finding_id, rule_id, rule_version, severity, title, cluster, audit_id, stage, event_time, user, verb, resource, namespace, name, reason, output, evidence, tags, controls'

export async function listFindings(client: ClickHouseClient, q: FindingQuery): Promise<Page<Finding>> {
  const where = new Where()
    .anyOf('cluster', q.clusters)
    .anyOf('rule_id', q.rule_id === undefined ? undefined : [q.rule_id])
    .anyOf('severity', q.severity)
    .anyOf('namespace', q.namespace === undefined ? undefined : [q.namespace])
    .anyOf('user', q.user === undefined ? undefined : [q.user])
  if (q.from !== undefined) where.add((p) => `event_time >= ${p(chDateTime(q.from as string), "DateTime64(6, 'UTC')")}`)
  if (q.to !== undefined) where.add((p) => `event_time < ${p(chDateTime(q.to as string), "DateTime64(6, 'UTC')")}`)
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor)
    where.add((p) => `(event_time, finding_id) < (${p(chDateTime(c.time), "DateTime64(6, 'UTC')")}, ${p(c.id, 'String')})`)
  }
  const rs = await client.query({
    query: `SELECT ${COLUMNS} FROM ${FINDINGS_TABLE} FINAL ${where} ORDER BY event_time DESC, finding_id DESC LIMIT ${q.limit + 1}`,
    query_params: where.params,
    format: 'JSONEachRow',
  })
  const rows = (await rs.json<FindingRow>()).map(fromRow)
  const items = rows.slice(0, q.limit)
  const last = items[items.length - 1]
  return { items, next_cursor: rows.length > q.limit && last !== undefined ? encodeCursor({ time: last.event_time, id: last.finding_id }) : null }
}

export async function getFinding(client: ClickHouseClient, id: string, clusters?: string[]): Promise<Finding | undefined> {
  const where = new Where().add((p) => `finding_id = ${p(id, 'String')}`).anyOf('cluster', clusters)
  const rs = await client.query({ query: `SELECT ${COLUMNS} FROM ${FINDINGS_TABLE} FINAL ${where} LIMIT 1`, query_params: where.params, format: 'JSONEachRow' })
  const [row] = await rs.json<FindingRow>()
  return row === undefined ? undefined : fromRow(row)
}

/** A finding as evidence needs it: what, where, how severe, and when vigil detected it (the SLA clock). */
export interface ControlFinding {
  finding_id: string
  rule_id: string
  severity: Severity
  cluster: string
  event_time: string
  detected_at: string
}

export interface ControlFindingQuery {
  rule_ids: readonly string[]
  clusters: readonly string[]
  start: string
  end: string
  /** Findings stored after this instant are left out. */
  as_of: string
}

/** The SQL selecting the ids of a control's findings, for use as a subquery; parameters are prefixed cf_. */
export function controlFindingIdsSql(q: ControlFindingQuery): { sql: string; params: Record<string, unknown> } {
  return {
    sql: `SELECT finding_id FROM ${FINDINGS_TABLE} FINAL WHERE rule_id IN {cf_rules:Array(String)} AND cluster IN {cf_clusters:Array(String)} AND event_time >= {cf_start:DateTime64(6, 'UTC')} AND event_time < {cf_end:DateTime64(6, 'UTC')} AND created_at <= {cf_as_of:DateTime64(3, 'UTC')}`,
    params: { cf_rules: [...q.rule_ids], cf_clusters: [...q.clusters], cf_start: chDateTime(q.start), cf_end: chDateTime(q.end), cf_as_of: chDateTime(q.as_of) },
  }
}

/** Every finding of the given rules in the period and scope, oldest first. */
export async function listControlFindings(client: ClickHouseClient, q: ControlFindingQuery): Promise<ControlFinding[]> {
  if (q.rule_ids.length === 0 || q.clusters.length === 0) return []
  const { sql, params } = controlFindingIdsSql(q)
  const rs = await client.query({
    query: `SELECT finding_id, rule_id, severity, cluster, event_time, created_at FROM ${FINDINGS_TABLE} FINAL WHERE finding_id IN (${sql}) ORDER BY event_time, finding_id`,
    query_params: params,
    format: 'JSONEachRow',
  })
  return (await rs.json<{ finding_id: string; rule_id: string; severity: Severity; cluster: string; event_time: string; created_at: string }>()).map((r) => ({
    finding_id: r.finding_id,
    rule_id: r.rule_id,
    severity: r.severity,
    cluster: r.cluster,
    event_time: fromChTime(r.event_time),
    detected_at: new Date(fromChTime(r.created_at)).toISOString(),
  }))
}

/** One finding's detection time and severity, for triage; undefined if unknown or outside `clusters`. */
export async function getFindingMeta(client: ClickHouseClient, id: string, clusters?: readonly string[]): Promise<ControlFinding | undefined> {
  const where = new Where().add((p) => `finding_id = ${p(id, 'String')}`).anyOf('cluster', clusters)
  const rs = await client.query({ query: `SELECT finding_id, rule_id, severity, cluster, event_time, created_at FROM ${FINDINGS_TABLE} FINAL ${where} LIMIT 1`, query_params: where.params, format: 'JSONEachRow' })
  const [r] = await rs.json<{ finding_id: string; rule_id: string; severity: Severity; cluster: string; event_time: string; created_at: string }>()
  return r === undefined ? undefined : { finding_id: r.finding_id, rule_id: r.rule_id, severity: r.severity, cluster: r.cluster, event_time: fromChTime(r.event_time), detected_at: new Date(fromChTime(r.created_at)).toISOString() }
}

/** The findings about the given events, by (cluster, audit_id, stage). */
export async function findingsOfEvents(client: ClickHouseClient, keys: readonly { cluster: string; audit_id: string; stage: string }[]): Promise<(ControlFinding & { audit_id: string; stage: string })[]> {
  if (keys.length === 0) return []
  const rs = await client.query({
    query: `SELECT finding_id, rule_id, severity, cluster, audit_id, stage, event_time, created_at FROM ${FINDINGS_TABLE} FINAL WHERE cluster IN {clusters:Array(String)} AND concat(cluster, '/', audit_id, '/', stage) IN {keys:Array(String)} ORDER BY event_time, finding_id`,
    query_params: { clusters: [...new Set(keys.map((k) => k.cluster))], keys: keys.map((k) => `${k.cluster}/${k.audit_id}/${k.stage}`) },
    format: 'JSONEachRow',
  })
  return (await rs.json<{ finding_id: string; rule_id: string; severity: Severity; cluster: string; audit_id: string; stage: string; event_time: string; created_at: string }>()).map((r) => ({
    finding_id: r.finding_id, rule_id: r.rule_id, severity: r.severity, cluster: r.cluster, audit_id: r.audit_id, stage: r.stage, event_time: fromChTime(r.event_time), detected_at: new Date(fromChTime(r.created_at)).toISOString(),
  }))
}
