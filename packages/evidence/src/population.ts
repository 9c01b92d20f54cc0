import { createHash } from 'node:crypto'
import { Transform, type Readable } from 'node:stream'
import { stableId } from '@vigil/core'
import type { PopulationRow, PopulationSpec, PopulationStore } from '@vigil/store'
import { canonicalJson, sha256 } from './canonical-json.js'
import { csvHeader, csvRecord, type CsvColumn } from './csv.js'
import { eventRowKey } from './sampling.js'
import type { Population, PopulationSource } from './report.js'

export const POPULATION_BOUNDARY = 'received_at <= snapshot.at' as const
export const ACCESS_LOG_BOUNDARY = 'at <= snapshot.at' as const

/** What identifies one population run: its query and parameters (the snapshot is a parameter). */
export function populationId(querySha256: string): string {
  return `pop-${querySha256.slice(0, 32)}`
}

export function populationName(framework: string, control: string, source: PopulationSource = 'audit_events'): string {
  return source === 'access_log' ? `${framework}.${control}.access_log` : `${framework}.${control}.population`
}

/** Splits a byte stream into lines (without the newline), chunk boundaries notwithstanding. */
export function lines(): Transform {
  let rest = ''
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      const text = rest + chunk.toString('utf8')
      const parts = text.split('\n')
      rest = parts.pop() ?? ''
      for (const p of parts) this.push(p)
      done()
    },
    flush(done) {
      if (rest !== '') this.push(rest)
      done()
    },
  })
}

/**
 * Runs a population: streams its NDJSON (one stored record per line, as the
 * store returns it) once, hashing the bytes and counting the rows, and
 * returns the report's description of it. Nothing is held in memory.
 */
export async function runPopulation(store: Pick<PopulationStore, 'query' | 'stream'>, input: { name: string; spec: PopulationSpec; source?: PopulationSource }): Promise<Population> {
  const source = input.source ?? 'audit_events'
  const { query, params } = store.query(input.spec, source)
  const hash = createHash('sha256')
  let rows = 0
  const stream = await store.stream(query, params, 'JSONEachRow')
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk)
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++
  }
  return {
    name: input.name,
    source,
    rule_ids: source === 'access_log' ? [] : [...input.spec.rule_ids].sort(),
    query,
    params,
    query_sha256: sha256(canonicalJson({ params, query })),
    snapshot: { at: new Date(input.spec.as_of).toISOString(), boundary: source === 'access_log' ? ACCESS_LOG_BOUNDARY : POPULATION_BOUNDARY },
    row_count: rows,
    result_sha256: hash.digest('hex'),
  }
}

/** The stored record of a run, so it can be re-run and sampled later. */
export function populationRecord(p: Population, input: { framework: string; control: string; spec: PopulationSpec; by: string; at: string }): PopulationRow {
  return {
    population_id: populationId(p.query_sha256),
    source: p.source,
    name: p.name,
    framework: input.framework,
    control: input.control,
    rule_ids: p.rule_ids,
    clusters: [...input.spec.clusters].sort(),
    period_start: input.spec.start,
    period_end: input.spec.end,
    as_of: p.snapshot.at,
    query: p.query,
    params: canonicalJson(p.params),
    query_sha256: p.query_sha256,
    row_count: p.row_count,
    result_sha256: p.result_sha256,
    created_at: input.at,
    created_by: input.by,
  }
}

/** Re-executes a stored run's exact SQL and parameters; says whether the rows are the same and, if not, what changed. */
export async function rerunPopulation(store: Pick<PopulationStore, 'stream'>, run: PopulationRow): Promise<{ same: boolean; before: { row_count: number; result_sha256: string }; after: { row_count: number; result_sha256: string }; changes: string[] }> {
  const params = JSON.parse(run.params) as Record<string, unknown>
  const hash = createHash('sha256')
  let rows = 0
  for await (const chunk of (await store.stream(run.query, params, 'JSONEachRow')) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++
  }
  const after = { row_count: rows, result_sha256: hash.digest('hex') }
  const before = { row_count: run.row_count, result_sha256: run.result_sha256 }
  const changes: string[] = []
  if (after.row_count !== before.row_count) changes.push(`row count changed from ${before.row_count} to ${after.row_count} (${after.row_count > before.row_count ? 'rows were added at or before the snapshot, which should not happen' : 'stored rows are gone, for example removed by retention'})`)
  else if (after.result_sha256 !== before.result_sha256) changes.push('same row count but different content: stored rows were altered or replaced')
  if (sha256(canonicalJson({ params, query: run.query })) !== run.query_sha256) changes.push('the stored query or parameters no longer hash to the recorded query_sha256')
  return { same: changes.length === 0, before, after, changes }
}

/** The CSV columns of a population export, documented for the CSVW sidecar. `raw` is in the NDJSON only. */
export const POPULATION_CSV_COLUMNS: readonly CsvColumn[] = [
  { name: 'request_received_at', datatype: 'dateTimeStamp', description: 'Time the kube-apiserver received the request (audit requestReceivedTimestamp), RFC 3339 UTC, microseconds.' },
  { name: 'received_at', datatype: 'dateTimeStamp', description: 'Time vigil accepted the event, RFC 3339 UTC, milliseconds; rows after the snapshot are not in the population.' },
  { name: 'cluster', datatype: 'string', description: 'Cluster id assigned by vigil from the authenticated webhook sender.' },
  { name: 'audit_id', datatype: 'string', description: 'Audit event auditID (UUID).' },
  { name: 'stage', datatype: 'string', description: 'Audit stage (ResponseComplete, Panic, ...).' },
  { name: 'verb', datatype: 'string', description: 'Kubernetes API verb.' },
  { name: 'user', datatype: 'string', description: 'user.username (after impersonation: see impersonated_user).' },
  { name: 'impersonated_user', datatype: 'string', description: 'impersonatedUser.username; empty when none.' },
  { name: 'user_groups', datatype: 'string', description: 'user.groups joined with ";".' },
  { name: 'source_ips', datatype: 'string', description: 'sourceIPs joined with ";".' },
  { name: 'user_agent', datatype: 'string', description: 'userAgent.' },
  { name: 'api_group', datatype: 'string', description: 'objectRef.apiGroup; empty for the core group.' },
  { name: 'resource', datatype: 'string', description: 'objectRef.resource.' },
  { name: 'subresource', datatype: 'string', description: 'objectRef.subresource.' },
  { name: 'namespace', datatype: 'string', description: 'objectRef.namespace; empty for cluster-scoped objects.' },
  { name: 'name', datatype: 'string', description: 'objectRef.name.' },
  { name: 'response_code', datatype: 'integer', description: 'responseStatus.code.' },
  { name: 'decision', datatype: 'string', description: 'The authorization.k8s.io/decision annotation (allow, forbid).' },
  { name: 'level', datatype: 'string', description: 'Audit level the policy logged the event at.' },
  { name: 'request_uri', datatype: 'string', description: 'requestURI.' },
  { name: 'stage_at', datatype: 'dateTimeStamp', description: 'stageTimestamp, RFC 3339 UTC, microseconds.' },
]

/** The CSV columns of an access-log population export (accessLogPopulationCsvQuery's select list, in order). */
export const ACCESS_LOG_CSV_COLUMNS: readonly CsvColumn[] = [
  { name: 'id', datatype: 'string', description: 'Access record id, unique per request.' },
  { name: 'at', datatype: 'dateTimeStamp', description: 'Time vigil received the request, RFC 3339 UTC, milliseconds; rows after the snapshot are not in the population.' },
  { name: 'principal', datatype: 'string', description: 'Token or session name; "anonymous" when no credential was accepted.' },
  { name: 'token_id', datatype: 'string', description: 'Managed token id; empty for config tokens, sessions and refusals.' },
  { name: 'role', datatype: 'string', description: 'Role the request was served as (admin, analyst, auditor, ingest); empty when refused before authentication.' },
  { name: 'auth', datatype: 'string', description: 'How the caller authenticated: bearer-config, bearer-store, session or none.' },
  { name: 'source_ip', datatype: 'string', description: 'Source address of the request.' },
  { name: 'method', datatype: 'string', description: 'HTTP method.' },
  { name: 'route', datatype: 'string', description: 'Route template (/v1/findings/:id), or the raw path when no route matched.' },
  { name: 'params', datatype: 'string', description: 'Query and path parameters as JSON, secrets masked.' },
  { name: 'clusters', datatype: 'string', description: 'Clusters the request could read, joined with ";"; empty means every cluster.' },
  { name: 'status', datatype: 'integer', description: 'HTTP status code returned; 400 and above is a refusal or an error.' },
  { name: 'error_code', datatype: 'string', description: 'The error code of a refused request (docs/errors.md); empty when allowed.' },
  { name: 'rows', datatype: 'integer', description: 'Items the response carried.' },
  { name: 'sensitive', datatype: 'string', description: 'true when the response carried raw audit events, which may hold request or response bodies.' },
  { name: 'duration_ms', datatype: 'integer', description: 'Time to answer, milliseconds.' },
]

/** What differs between the sources in an export, a manifest and a sample. */
export interface PopulationSourceInfo {
  csvColumns: readonly CsvColumn[]
  primaryKey: string[]
  orderBy: string[]
  /** The field the period bounds. */
  timeField: string
  snapshotRule: string
  /** A row's key for sampling (one NDJSON record). */
  rowKey(row: Record<string, unknown>): string
  /** The row key in words, as a sample states it. */
  rowKeyDescription: string
}

export const POPULATION_SOURCES: Record<PopulationSource, PopulationSourceInfo> = {
  audit_events: {
    csvColumns: POPULATION_CSV_COLUMNS,
    primaryKey: ['cluster', 'audit_id', 'stage'],
    orderBy: ['request_received_at', 'audit_id', 'stage'],
    timeField: 'requestReceivedTimestamp',
    snapshotRule: 'rows received by vigil at or before as_of',
    rowKey: (r) => eventRowKey(r as { cluster: string; audit_id: string; stage: string }),
    rowKeyDescription: 'cluster + "/" + audit_id + "/" + stage',
  },
  access_log: {
    csvColumns: ACCESS_LOG_CSV_COLUMNS,
    primaryKey: ['id'],
    orderBy: ['at', 'id'],
    timeField: 'at',
    snapshotRule: 'requests made at or before as_of (the access log is written in batches: take a snapshot a few seconds in the past for a re-run to match)',
    rowKey: (r) => String(r['id']),
    rowKeyDescription: 'id (the access record id)',
  },
}

/** One row of the CSV export query (a JSONCompactEachRow array, see populationCsvQuery) as a CSV record. */
export function populationCsvRecord(line: string, columns: readonly CsvColumn[] = POPULATION_CSV_COLUMNS): string {
  const values = JSON.parse(line) as (string | number)[]
  for (let i = 0; i < values.length; i++) if (columns[i]?.datatype === 'dateTimeStamp') values[i] = `${String(values[i]).replace(' ', 'T')}Z`
  return csvRecord(columns, values)
}

/**
 * The CSV export as a stream: header (with a BOM when asked), then one record
 * per row of the CSV export query's JSONCompactEachRow output. Converts a
 * whole chunk at a time; holds at most one chunk. (Audit-event populations
 * use csvRecordsExport: the engine builds their records.)
 */
export function csvExport(compactRows: Readable, bom: boolean, columns: readonly CsvColumn[] = POPULATION_CSV_COLUMNS): Readable {
  let rest = ''
  let header = false
  const out = new Transform({
    transform(chunk: Buffer, _enc, done) {
      let text = header ? '' : csvHeader(columns, bom)
      header = true
      const parts = (rest + chunk.toString('utf8')).split('\n')
      rest = parts.pop() ?? ''
      try {
        for (const line of parts) if (line !== '') text += populationCsvRecord(line, columns)
      } catch (err) {
        done(err as Error)
        return
      }
      done(null, text)
    },
    flush(done) {
      let text = header ? '' : csvHeader(columns, bom)
      if (rest !== '') text += populationCsvRecord(rest, columns)
      done(null, text)
    },
  })
  compactRows.on('error', (err) => out.destroy(err))
  return compactRows.pipe(out)
}

/**
 * The CSV export as a stream: the header (with a BOM when asked), then the
 * records exactly as the engine built them (populationCsvQuery in
 * @vigil/store, streamed as RawBLOB). No per-row work in JavaScript; holds
 * at most one chunk.
 */
export function csvRecordsExport(records: Readable, bom: boolean, columns: readonly CsvColumn[] = POPULATION_CSV_COLUMNS): Readable {
  let header = false
  const out = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (header) return done(null, chunk)
      header = true
      done(null, Buffer.concat([Buffer.from(csvHeader(columns, bom)), chunk]))
    },
    flush(done) {
      done(null, header ? undefined : csvHeader(columns, bom))
    },
  })
  records.on('error', (err) => out.destroy(err))
  return records.pipe(out)
}

/** An id for a sample draw: unique per draw, so re-draws are kept apart. */
export function sampleId(populationId: string, by: string, at: string, seed: string | null): string {
  return `smp-${stableId(populationId, by, at, seed ?? '')}`
}
