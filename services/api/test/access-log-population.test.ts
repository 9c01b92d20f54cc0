import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StampedEvent } from '@vigil/core'
import { ACCESS_LOG_CSV_COLUMNS, canonicalJson, EvidenceConfig, loadEvidenceCatalog, rankOf } from '@vigil/evidence'
import { AuthSection, createCredentialResolver, createLogger, createMetrics } from '@vigil/platform'
import { createClickHouseClient, createStore, prepareStore, RetentionConfig, toAuditEventRow, type ClickHouseClient, type Store } from '@vigil/store'
import { ApiSection } from '../src/config.js'
import { createApi, type Api } from '../src/create-api.js'
import type { LedgerAccess } from '../src/ledger-access.js'
import { configuredApiTokens } from '../src/principals.js'

// vigil's own access log as a population of SOC 2 CC6.1 and HIPAA 164.312(b): the real SQL on chDB, through the API.

const RULES = fileURLToPath(new URL('../../../rules', import.meta.url))
const TOKENS = { jane: 'jane-auditor-token-0123456', sam: 'sam-auditor-token-c1-01234', carl: 'carl-auditor-token-c2-0123', root: 'root-admin-token-012345678' }
type Who = keyof typeof TOKENS

let dir: string
let client: ClickHouseClient
let store: Store
let api: Api
let clock = new Date('2026-10-01T00:05:00.000Z')
const sha = (s: string) => createHash('sha256').update(s).digest('hex')
const at = (min: number) => new Date(Date.UTC(2026, 9, 1, 0, min, 0)).toISOString()
const PERIOD = `start=${encodeURIComponent(at(0))}&end=${encodeURIComponent(at(60))}`

function stamped(cluster: string, min: number): StampedEvent {
  const t = at(min)
  const event = { auditID: `${cluster}-${min}`, stage: 'ResponseComplete' as const, verb: 'get', requestURI: '/api/v1/pods', user: { username: 'dev' }, objectRef: { resource: 'pods', namespace: 'ns' }, responseStatus: { code: 200 }, requestReceivedTimestamp: t, stageTimestamp: t }
  return { cluster, received_at: t, event, raw: JSON.stringify(event) }
}

const call = (method: 'GET' | 'POST', url: string, who: Who | undefined, payload?: unknown) =>
  api.app.inject({ method, url, headers: who === undefined ? {} : { authorization: `Bearer ${TOKENS[who]}` }, ...(payload === undefined ? {} : { payload: payload as object }) })

/** Makes a request at a given minute of the period, so its access record lands there. */
async function requestAt(min: number, who: Who | undefined, url: string) {
  clock = new Date(at(min))
  return call('GET', url, who)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-access-pop-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await prepareStore(client, RetentionConfig.parse({}))
  store = createStore({ client, now: () => clock })
  for (const cluster of ['c1', 'c2']) await store.writeBatch({ events: Array.from({ length: 60 }, (_, m) => toAuditEventRow(stamped(cluster, m))), findings: [], ruleState: [], deadLetters: [] })
  const logger = createLogger({ level: 'silent' })
  api = createApi({
    config: ApiSection.parse({ port: 0 }),
    auth: AuthSection.parse({}),
    credentials: createCredentialResolver({
      configured: configuredApiTokens([
        { name: 'jane', role: 'auditor', token: TOKENS.jane },
        { name: 'sam', role: 'auditor', token: TOKENS.sam, clusters: ['c1'] },
        { name: 'carl', role: 'auditor', token: TOKENS.carl, clusters: ['c2'] },
        { name: 'root', role: 'admin', token: TOKENS.root },
      ]),
      pollIntervalMs: 60_000,
      logger,
    }),
    configuredTokens: [],
    store,
    ledger: {} as LedgerAccess,
    metrics: createMetrics({ defaultMetrics: false }),
    logger,
    version: '0.0.0-test',
    evidence: { catalog: loadEvidenceCatalog({ rulesPaths: [RULES], controlsRulesDir: RULES, cwd: process.cwd() }), config: EvidenceConfig.parse({}) },
    console: undefined,
    now: () => clock,
  })
  await api.app.ready()
  // The population of c1 holds sam's reads (scope c1), unscoped requests (every cluster) and refusals; not carl's (c2 only).
  expect((await requestAt(10, 'sam', '/v1/findings')).statusCode).toBe(200)
  expect((await requestAt(11, undefined, '/v1/findings')).statusCode).toBe(401)
  expect((await requestAt(12, 'sam', `/v1/coverage?${PERIOD}&cluster=c2`)).statusCode).toBe(403)
  expect((await requestAt(13, 'carl', '/v1/findings')).statusCode).toBe(200)
  expect((await requestAt(14, 'jane', '/v1/events?limit=1')).statusCode).toBe(200)
  await api.flushAccessLog()
  clock = new Date(at(61))
})
afterAll(async () => {
  await api?.stop()
  await client?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the access log as a population', () => {
  let manifest: Record<string, any>

  it('runs with its exact SQL and parameters, hashes and counts, for the scope asked', async () => {
    const res = await call('GET', `/v1/populations?framework=soc2&control=CC6.1&${PERIOD}&source=access_log`, 'sam')
    expect(res.statusCode, res.body).toBe(200)
    manifest = res.json()
    expect(manifest).toMatchObject({ name: 'soc2.CC6.1.access_log', source: 'access_log', rule_ids: [], scope: { clusters: ['c1'] }, row_count: 4, order_by: ['at', 'id'], period: { time_field: 'at' } })
    const { text, params, query_sha256 } = manifest['query']
    expect(text).toMatch(/^SELECT id, at, principal, [^\n]*\nFROM access_log_v1\n/)
    expect(text).toContain('(empty(clusters) OR hasAny(clusters, {clusters:Array(String)}))')
    expect(params).toEqual({ as_of: '2026-10-01 01:00:00.000', clusters: ['c1'], end: '2026-10-01 01:00:00.000', start: '2026-10-01 00:00:00.000' })
    expect(query_sha256).toBe(sha(canonicalJson({ params, query: text })))
  })

  it('exports NDJSON whose SHA-256 is the recorded result hash, in time order', async () => {
    const res = await call('GET', `/v1/populations/${manifest['id']}/export?format=ndjson`, 'sam')
    expect(res.statusCode).toBe(200)
    expect(sha(res.body)).toBe(manifest['result_sha256'])
    const rows = res.body.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(rows.map((r) => [r['principal'], r['status'], r['clusters']])).toEqual([
      ['sam', 200, ['c1']],
      ['anonymous', 401, []],
      ['sam', 403, ['c1']],
      ['jane', 200, []],
    ])
    expect(rows[2]).toMatchObject({ route: '/v1/coverage', error_code: 'forbidden' })
    expect(rows[3]).toMatchObject({ route: '/v1/events', rows: 1, sensitive: false })
  })

  it('exports CSV with the documented columns, and describes them in the CSVW sidecar', async () => {
    const res = await call('GET', `/v1/populations/${manifest['id']}/export?format=csv&bom=false`, 'sam')
    expect(res.statusCode).toBe(200)
    const lines = res.body.trimEnd().split('\r\n')
    expect(lines[0]).toBe(ACCESS_LOG_CSV_COLUMNS.map((c) => c.name).join(','))
    expect(lines).toHaveLength(5)
    expect(lines[3]).toMatch(/^[0-9a-f]{32},2026-10-01T00:12:00\.000Z,sam,,auditor,bearer-config,[^,]*,GET,\/v1\/coverage,"{.*""cluster"":""c2"".*}",c1,403,forbidden,0,false,\d+$/)
    expect(lines[4]).toMatch(/,jane,.*,\/v1\/events,"{""limit"":""1""}",,200,,1,false,\d+$/)
    const meta = await call('GET', `/v1/populations/${manifest['id']}/csv-metadata`, 'sam')
    expect(meta.json()).toMatchObject({ tableSchema: { primaryKey: ['id'] } })
    expect(meta.json()['tableSchema']['columns'].map((c: { name: string }) => c.name)).toEqual(ACCESS_LOG_CSV_COLUMNS.map((c) => c.name))
  })

  it('samples by access record id, reproducibly, and re-runs to the same rows', async () => {
    const ids = (await call('GET', `/v1/populations/${manifest['id']}/export?format=ndjson`, 'sam')).body.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)
    const res = await call('POST', '/v1/samples', 'sam', { population_id: manifest['id'], seed: 'cc6.1', size: 2 })
    expect(res.statusCode, res.body).toBe(200)
    const expected = ids.map((id) => ({ id, rank: rankOf('cc6.1', id) })).sort((a, b) => (a.rank < b.rank ? -1 : 1)).slice(0, 2).map((x) => x.id)
    expect(res.json()['selected'].map((s: { row_key: string }) => s.row_key)).toEqual(expected)
    expect(res.json()['method']['row_key']).toBe('id (the access record id)')
    const bundle = await call('GET', `/v1/samples/${res.json()['sample_id']}`, 'sam')
    expect(bundle.statusCode, bundle.body).toBe(200)
    expect(bundle.json()['items'].map((i: { row_key: string; event: { id: string } }) => [i.row_key, i.event.id])).toEqual(expected.map((id) => [id, id]))
    expect(bundle.json()['items'].every((i: { findings: unknown[]; event: { route: string } }) => i.findings.length === 0 && typeof i.event.route === 'string')).toBe(true)
    const chosen = await call('POST', '/v1/samples', 'sam', { population_id: manifest['id'], items: [ids[1]] })
    expect(chosen.json()).toMatchObject({ method: { id: 'auditor-selected' }, selected: [{ row_key: ids[1] }] })
    expect((await call('POST', '/v1/samples', 'sam', { population_id: manifest['id'], items: ['c1/not-a-record/ResponseComplete'] })).statusCode).toBe(422)
    const rerun = await call('POST', `/v1/populations/${manifest['id']}/rerun`, 'sam')
    expect(rerun.json()).toMatchObject({ same: true, after: { row_count: 4, result_sha256: manifest['result_sha256'] } })
  })

  it('keeps other scopes out and refuses a cluster outside the token', async () => {
    const c2 = await call('GET', `/v1/populations?framework=hipaa&control=${encodeURIComponent('164.312(b)')}&${PERIOD}&source=access_log`, 'carl')
    expect(c2.statusCode).toBe(200)
    expect(c2.json()).toMatchObject({ name: 'hipaa.164.312(b).access_log', scope: { clusters: ['c2'] }, row_count: 3 })
    expect((await call('GET', `/v1/populations/${manifest['id']}/export?format=ndjson`, 'carl')).statusCode).toBe(403)
    const outside = await call('GET', `/v1/populations?framework=soc2&control=CC6.1&${PERIOD}&source=access_log&cluster=c1`, 'carl')
    expect(outside.statusCode).toBe(403)
    expect(outside.json().error.code).toBe('forbidden')
  })

  it('is refused for a control that does not cite the access log', async () => {
    const res = await call('GET', `/v1/populations?framework=soc2&control=CC6.3&${PERIOD}&source=access_log`, 'jane')
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'invalid_query', message: expect.stringMatching(/hipaa 164\.312\(b\), soc2 CC6\.1/) })
  })

  it('is cited in the evidence report of SOC 2 CC6.1 beside the rules population', async () => {
    const res = await call('POST', '/v1/reports', 'sam', { framework: 'soc2', control: 'CC6.1', start: at(0), end: at(60) })
    expect(res.statusCode, res.body).toBe(200)
    const pops = res.json()['populations'] as { name: string; source: string; row_count: number; result_sha256: string; snapshot: { boundary: string } }[]
    expect(pops.map((p) => [p.name, p.source])).toEqual([
      ['soc2.CC6.1.population', 'audit_events'],
      ['soc2.CC6.1.access_log', 'access_log'],
    ])
    expect(pops[1]).toMatchObject({ row_count: 4, result_sha256: manifest['result_sha256'], snapshot: { boundary: 'at <= snapshot.at' } })
    const csv = await call('GET', `/v1/reports/${res.json()['id']}?format=csv`, 'sam')
    expect(csv.body).toContain('population,soc2.CC6.1.access_log,source,access_log')
    const cc63 = await call('POST', '/v1/reports', 'sam', { framework: 'soc2', control: 'CC6.3', start: at(0), end: at(60) })
    expect(cc63.json()['populations'].map((p: { source: string }) => p.source)).not.toContain('access_log')
  })
})
