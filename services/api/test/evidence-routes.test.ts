import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding, Severity, StampedEvent } from '@vigil/core'
import { EvidenceConfig, EvidenceReport, loadEvidenceCatalog, rankOf } from '@vigil/evidence'
import { AuthSection, createCredentialResolver, createLogger, createMetrics } from '@vigil/platform'
import { createClickHouseClient, createStore, prepareStore, RetentionConfig, toAuditEventRow, type ClickHouseClient, type Store } from '@vigil/store'
import { ApiSection } from '../src/config.js'
import { createApi, type Api } from '../src/create-api.js'
import type { LedgerAccess } from '../src/ledger-access.js'
import { configuredApiTokens } from '../src/principals.js'

const RULES = fileURLToPath(new URL('../../../rules', import.meta.url))
const TOKENS = {
  admin: 'admin-token-0123456789',
  analyst: 'analyst-token-0123456789',
  analyst2: 'analyst2-token-0123456789',
  auditor: 'auditor-token-0123456789',
  scoped: 'scoped-auditor-token-0123',
}

let dir: string
let client: ClickHouseClient
let store: Store
let clock = new Date('2026-10-01T00:30:00.000Z')
const metrics = createMetrics({ defaultMetrics: false })
let app: Api['app']
let api: Api

const at = (min: number) => new Date(Date.UTC(2026, 9, 1, 0, min, 10)).toISOString()
function stamped(cluster: string, id: string, min: number): StampedEvent {
  const t = at(min)
  const event = { auditID: id, stage: 'ResponseComplete' as const, verb: 'create', requestURI: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', user: { username: 'alice@example.com', groups: ['ops'] }, objectRef: { resource: 'clusterrolebindings', apiGroup: 'rbac.authorization.k8s.io', name: `=cmd|${id}` }, responseStatus: { code: 201 }, requestReceivedTimestamp: t, stageTimestamp: t }
  return { cluster, received_at: t, event, raw: JSON.stringify(event) }
}
const fid = (n: number) => n.toString(16).padStart(32, '0')
let nextFinding = 1
function finding(s: StampedEvent, rule: string, severity: Severity): Finding {
  return { finding_id: fid(nextFinding++), rule_id: rule, rule_version: '1', severity, title: rule, cluster: s.cluster, audit_id: s.event.auditID, stage: 'ResponseComplete', event_time: s.event.requestReceivedTimestamp, user: 'alice@example.com', verb: 'create', resource: 'clusterrolebindings', namespace: '', name: 'x', reason: 'r', output: 'o', evidence: {}, tags: [], controls: [] }
}

const high: string[] = []
const medium: string[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-api-evidence-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await prepareStore(client, RetentionConfig.parse({}))
  store = createStore({ client, now: () => clock })
  for (const cluster of ['c1', 'c2']) {
    const events = Array.from({ length: 120 }, (_, m) => stamped(cluster, `${cluster}-${m}`, m))
    const findings: Finding[] = []
    events.forEach((e, i) => {
      if (i % 10 === 0) findings.push(finding(e, 'rbac.write-privileges-role', 'low'))
      if (cluster === 'c1' && i % 30 === 1) {
        const f = finding(e, 'rbac.cluster-admin-binding', 'high')
        high.push(f.finding_id)
        findings.push(f)
      }
      if (cluster === 'c1' && i % 30 === 2) {
        const f = finding(e, 'access.full-admin-user', 'medium')
        medium.push(f.finding_id)
        findings.push(f)
      }
    })
    await store.writeBatch({ events: events.map(toAuditEventRow), findings, ruleState: [], deadLetters: [] })
  }
  const catalog = loadEvidenceCatalog({ rulesPaths: [RULES], controlsRulesDir: RULES, cwd: process.cwd() })
  const logger = createLogger({ level: (process.env['VIGIL_TEST_LOG_LEVEL'] ?? 'silent') as 'silent' })
  api = createApi({
    config: ApiSection.parse({ port: 0 }),
    auth: AuthSection.parse({}),
    credentials: createCredentialResolver({
      configured: configuredApiTokens([
        { name: 'root', role: 'admin', token: TOKENS.admin },
        { name: 'ana', role: 'analyst', token: TOKENS.analyst },
        { name: 'ben', role: 'analyst', token: TOKENS.analyst2 },
        { name: 'jane', role: 'auditor', token: TOKENS.auditor },
        { name: 'sam', role: 'auditor', token: TOKENS.scoped, clusters: ['c1'] },
      ]),
      pollIntervalMs: 60_000,
      logger,
    }),
    configuredTokens: [],
    store,
    // The evidence routes do not read the ledger.
    ledger: {} as LedgerAccess,
    metrics,
    logger,
    version: '0.0.0-test',
    evidence: { catalog, config: EvidenceConfig.parse({}) },
    console: undefined,
    now: () => clock,
  })
  app = api.app
  await app.ready()
})
afterAll(async () => {
  await api?.stop()
  await client.close()
  rmSync(dir, { recursive: true, force: true })
})

type Who = keyof typeof TOKENS
const call = (method: 'GET' | 'POST', url: string, who: Who | undefined, payload?: unknown) =>
  app.inject({ method, url, headers: who === undefined ? {} : { authorization: `Bearer ${TOKENS[who]}` }, ...(payload === undefined ? {} : { payload: payload as object }) })
const rejected = async (code: string) => (await metrics.requestsRejected.get()).values.find((v) => v.labels['code'] === code)?.value ?? 0

describe('triage', () => {
  it('moves a finding open → acknowledged → resolved and shows the log', async () => {
    clock = new Date('2026-10-01T01:00:00.000Z')
    const id = medium[0] as string
    expect((await call('POST', `/v1/findings/${id}/transitions`, 'analyst', { to: 'acknowledged', reason: 'looking' })).statusCode).toBe(200)
    const res = await call('POST', `/v1/findings/${id}/transitions`, 'analyst', { to: 'resolved', disposition: 'approved_change', ticket: 'CHG-7', reason: 'planned change' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ transition: { kind: 'transition', from_state: 'acknowledged', to_state: 'resolved', actor: 'principal:ana' }, triage: { state: 'resolved', disposition: 'approved_change' } })
    const log = await call('GET', `/v1/findings/${id}/reviews`, 'auditor')
    expect(log.statusCode).toBe(200)
    expect(log.json()).toMatchObject({ state: 'resolved', severity: 'medium', over_sla: false, transitions: [{ to_state: 'acknowledged' }, { to_state: 'resolved', ticket: 'CHG-7' }] })
  })

  it('refuses what the lifecycle does not allow with a 409 and counts it', async () => {
    const before = await rejected('transition_not_allowed')
    const res = await call('POST', `/v1/findings/${medium[0]}/transitions`, 'analyst', { to: 'acknowledged', reason: 'again' })
    expect(res.statusCode).toBe(409)
    expect(res.json().error).toMatchObject({ code: 'transition_not_allowed', message: expect.stringMatching(/is resolved; it can move to open, not to acknowledged/) })
    expect(await rejected('transition_not_allowed')).toBe(before + 1)
  })

  it('refuses a malformed body (400) and an unknown finding (404)', async () => {
    expect((await call('POST', `/v1/findings/${medium[1]}/transitions`, 'analyst', { to: 'sideways', reason: 'x' })).json().error.code).toBe('invalid_body')
    const noTicket = await call('POST', `/v1/findings/${medium[1]}/transitions`, 'analyst', { to: 'acknowledged', reason: '' })
    expect(noTicket.statusCode).toBe(400)
    expect((await call('POST', `/v1/findings/${fid(999999)}/transitions`, 'analyst', { to: 'acknowledged', reason: 'x' })).statusCode).toBe(404)
    expect((await call('GET', `/v1/findings/${fid(999999)}/reviews`, 'analyst')).statusCode).toBe(404)
    expect((await call('GET', '/v1/findings/nothex/reviews', 'analyst')).statusCode).toBe(400)
  })

  it('needs four eyes for a false positive on a high finding', async () => {
    const id = high[0] as string
    await call('POST', `/v1/findings/${id}/transitions`, 'analyst', { to: 'acknowledged', reason: 'checking' })
    const req = await call('POST', `/v1/findings/${id}/transitions`, 'analyst', { to: 'resolved', disposition: 'false_positive', reason: 'break-glass drill' })
    expect(req.statusCode).toBe(200)
    expect(req.json()).toMatchObject({ transition: { kind: 'request' }, triage: { state: 'acknowledged', pending: { requested_by: 'principal:ana', disposition: 'false_positive' } } })
    const self = await call('POST', `/v1/findings/${id}/approvals`, 'analyst', { approve: true, reason: 'me' })
    expect(self.statusCode).toBe(409)
    expect(self.json().error.code).toBe('same_approver')
    const ok = await call('POST', `/v1/findings/${id}/approvals`, 'analyst2', { approve: true, reason: 'confirmed drill' })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ transition: { kind: 'approval', actor: 'principal:ben' }, triage: { state: 'resolved', disposition: 'false_positive', pending: null } })
    expect((await call('POST', `/v1/findings/${id}/approvals`, 'admin', { approve: true, reason: 'late' })).statusCode).toBe(409)
  })

  it('lets auditors read but never triage or attest: 403 with a clear message; 401 without a token', async () => {
    const res = await call('POST', `/v1/findings/${medium[1]}/transitions`, 'auditor', { to: 'acknowledged', reason: 'x' })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.message).toMatch(/role auditor may not call this; it needs one of admin, analyst/)
    expect((await call('POST', `/v1/findings/${medium[1]}/approvals`, 'auditor', { approve: true, reason: 'x' })).statusCode).toBe(403)
    expect((await call('POST', '/v1/attestations', 'auditor', { framework: 'soc2', control: 'CC6.3', start: '2026-10-01', end: '2026-10-02', statement: 's' })).statusCode).toBe(403)
    expect((await call('POST', '/v1/findings/triage', 'auditor', { filter: {}, transition: { to: 'acknowledged', reason: 'x' } })).statusCode).toBe(403)
    expect((await call('GET', `/v1/findings/${medium[1]}/reviews`, undefined)).statusCode).toBe(401)
    // A scoped auditor cannot see another cluster's finding.
    const c2 = (await store.findings.list({ clusters: ['c2'], limit: 1 })).items[0]
    expect((await call('GET', `/v1/findings/${c2?.finding_id}/reviews`, 'scoped')).statusCode).toBe(404)
  })

  it('bulk-triages by filter, counting first', async () => {
    const dry = await call('POST', '/v1/findings/triage', 'analyst', { filter: { rule_id: 'access.full-admin-user' }, transition: { to: 'acknowledged', reason: 'weekly review' } })
    expect(dry.json()).toEqual({ dry_run: true, matched: 4, applied: 0, pending_approval: 0, skipped: [] })
    const real = await call('POST', '/v1/findings/triage', 'analyst', { filter: { rule_id: 'access.full-admin-user' }, transition: { to: 'acknowledged', reason: 'weekly review' }, dry_run: false })
    expect(real.json()).toMatchObject({ dry_run: false, matched: 4, applied: 3, skipped: [{ finding_id: medium[0], reason: expect.stringMatching(/is resolved/) }] })
    expect((await call('POST', '/v1/findings/triage', 'analyst', { filter: {}, transition: { to: 'acknowledged', reason: 'x' }, max: 5 })).json().error).toMatchObject({ code: 'invalid_body', message: expect.stringMatching(/more than 5 findings/) })
  })
})

describe('attestations, reports and summaries', () => {
  it('records an attestation with the count of findings and shows it in the report', async () => {
    clock = new Date('2026-10-01T01:30:00.000Z')
    const res = await call('POST', '/v1/attestations', 'admin', { framework: 'soc2', control: 'CC6.3', start: '2026-10-01', end: '2026-10-02', clusters: ['c1'], statement: 'I reviewed every exception of CC6.3 for 1 October.' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ reviewer: 'principal:root', role: 'admin', finding_count: 8, clusters: ['c1'] })
    expect((await call('POST', '/v1/attestations', 'admin', { framework: 'soc2', control: 'CC6.33', start: '2026-10-01', end: '2026-10-02', statement: 's' })).json().error).toMatchObject({ code: 'unknown_control', message: expect.stringContaining('did you mean "CC6.3"') })
  })

  it('lists attestations by framework, control and period, within the caller\'s scope', async () => {
    const q = 'framework=soc2&start=2026-10-01&end=2026-10-02'
    const all = await call('GET', `/v1/attestations?${q}`, 'auditor')
    expect(all.statusCode).toBe(200)
    expect(all.json().attestations).toEqual([expect.objectContaining({ framework: 'soc2', control: 'CC6.3', clusters: ['c1'], reviewer: 'principal:root', finding_count: 8, statement: 'I reviewed every exception of CC6.3 for 1 October.', period: { start: '2026-10-01T00:00:00.000Z', end: '2026-10-02T00:00:00.000Z' } })])
    expect((await call('GET', `/v1/attestations?${q}&control=CC6.3`, 'analyst')).json().attestations).toHaveLength(1)
    expect((await call('GET', `/v1/attestations?${q}&control=CC6.1`, 'admin')).json().attestations).toEqual([])
    // Periods that do not overlap, and a snapshot before the signature, list none.
    expect((await call('GET', '/v1/attestations?framework=soc2&start=2026-10-02&end=2026-10-03', 'auditor')).json().attestations).toEqual([])
    expect((await call('GET', `/v1/attestations?${q}&as_of=2026-10-01T00:00:00Z`, 'auditor')).json().attestations).toEqual([])
    // A sign-off about c1 is listed for a c1 scope, not for a c2 one; a c1-scoped token may not ask for c2.
    expect((await call('GET', `/v1/attestations?${q}`, 'scoped')).json().attestations).toHaveLength(1)
    expect((await call('GET', `/v1/attestations?${q}&cluster=c2`, 'admin')).json().attestations).toEqual([])
    const outside = await call('GET', `/v1/attestations?${q}&cluster=c2`, 'scoped')
    expect(outside.statusCode).toBe(403)
    expect(outside.json().error.message).toMatch(/outside this token's scope/)
    const unknown = await call('GET', '/v1/attestations?framework=soc2&control=CC6.33&start=2026-10-01&end=2026-10-02', 'auditor')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error).toMatchObject({ code: 'unknown_control', message: expect.stringContaining('did you mean "CC6.3"') })
    expect((await call('GET', '/v1/attestations?framework=sox&start=2026-10-01&end=2026-10-02', 'auditor')).json().error.code).toBe('unknown_framework')
    const backwards = await call('GET', '/v1/attestations?framework=soc2&start=2026-10-02&end=2026-10-01', 'auditor')
    expect(backwards.statusCode).toBe(400)
    expect(backwards.json().error.code).toBe('invalid_period')
    expect((await call('GET', '/v1/attestations?start=2026-10-01&end=2026-10-02', 'auditor')).statusCode).toBe(400)
    expect((await call('GET', `/v1/attestations?${q}&extra=1`, 'auditor')).json().error.code).toBe('invalid_query')
  })

  it('creates a report, stores it under its id and serves it with an ETag', async () => {
    clock = new Date('2026-10-02T00:10:00.000Z')
    const res = await call('POST', '/v1/reports', 'auditor', { framework: 'soc2', control: 'CC6.3', start: '2026-10-01T00:00:00Z', end: '2026-10-01T02:00:00Z', clusters: ['c1'] })
    expect(res.statusCode).toBe(200)
    const report = EvidenceReport.parse(res.json())
    expect(report).toMatchObject({ framework: 'soc2', control: { id: 'CC6.3' }, scope: { clusters: ['c1'] }, status: 'exceptions_noted', generated: { by: 'principal:jane', generator_version: '0.0.0-test' } })
    expect(report.coverage).toMatchObject({ expected_minutes: 120, covered_minutes: 120, pct: 100 })
    expect(report.populations[0]?.row_count).toBe(12)
    expect(report.exceptions).toMatchObject({ total: 8, by_disposition: { false_positive: 1, approved_change: 1 } })
    expect(report.attestations).toHaveLength(1)
    const got = await call('GET', `/v1/reports/${report.id}`, 'scoped')
    expect(got.statusCode).toBe(200)
    expect(got.headers['etag']).toMatch(/^"[0-9a-f]{64}"$/)
    expect(got.json()).toEqual(report)
    expect((await call('GET', `/v1/reports/rpt-${'0'.repeat(32)}`, 'auditor')).statusCode).toBe(404)
    const pdf = await call('GET', `/v1/reports/${report.id}?format=pdf`, 'auditor')
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="${report.id}.pdf"`)
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.headers['etag']).toBe(`"${createHash('sha256').update(pdf.rawPayload).digest('hex')}"`)
    const oscal = await call('GET', `/v1/reports/${report.id}?format=oscal`, 'auditor')
    expect(oscal.statusCode).toBe(200)
    expect(Object.keys(oscal.json() as object)).toEqual(['assessment-results'])
    const ocsf = await call('GET', `/v1/reports/${report.id}?format=ocsf`, 'auditor')
    expect(ocsf.headers['content-type']).toBe('application/x-ndjson')
    expect((JSON.parse(ocsf.body.split('\n')[0]!) as { class_uid: number }).class_uid).toBe(2003)
    expect((await call('GET', `/v1/reports/${report.id}?format=docx`, 'auditor')).json().error.code).toBe('invalid_query')
  })

  it('refuses bad periods, unknown frameworks and scopes outside the token, each precisely', async () => {
    const body = { framework: 'soc2', control: 'CC6.3', start: '2026-10-01', end: '2026-10-02' }
    const bad = async (b: object, who: Who = 'auditor') => (await call('POST', '/v1/reports', who, { ...body, ...b })).json().error
    expect(await bad({ end: '2026-09-01' })).toMatchObject({ code: 'invalid_period', message: expect.stringMatching(/not after start/) })
    expect(await bad({ start: '2026-10-32' })).toMatchObject({ code: 'invalid_period', message: expect.stringMatching(/not a date/) })
    expect(await bad({ start: '2024-01-01' })).toMatchObject({ code: 'invalid_period', message: expect.stringMatching(/the maximum is 400/) })
    expect(await bad({ framework: 'soc' })).toMatchObject({ code: 'unknown_framework', message: expect.stringContaining('did you mean "soc2"') })
    expect(await bad({ clusters: ['c2'] }, 'scoped')).toMatchObject({ code: 'forbidden', message: "cluster(s) c2 are outside this token's scope (c1)" })
    const res = await call('POST', '/v1/reports', 'auditor', { ...body, extra: 1 })
    expect(res.statusCode).toBe(400)
  })

  it('summarizes every control of a framework', async () => {
    const res = await call('GET', '/v1/frameworks/soc2/summary?start=2026-10-01T00:00:00Z&end=2026-10-01T02:00:00Z&cluster=c1', 'auditor')
    expect(res.statusCode).toBe(200)
    const s = res.json()
    expect(s.controls.map((c: { id: string }) => c.id)).toContain('CC6.3')
    expect(s.controls.find((c: { id: string }) => c.id === 'CC6.3')).toMatchObject({ status: 'exceptions_noted', exceptions: 8, population_rows: 12, coverage_pct: 100 })
    expect((await call('GET', '/v1/frameworks/pci/summary?start=2026-10-01&end=2026-10-02', 'auditor')).statusCode).toBe(404)
    expect((await call('GET', '/v1/frameworks/soc2/summary?start=yesterday&end=2026-10-02', 'auditor')).statusCode).toBe(400)
  })

  it('serves coverage with gaps found and recorded', async () => {
    const res = await call('GET', '/v1/coverage?start=2026-10-01T00:00:00Z&end=2026-10-01T02:00:00Z', 'scoped')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ scope: { clusters: ['c1'] }, coverage: { expected_minutes: 120, pct: 100, gaps: [] }, recorded_gaps: [] })
    expect((await call('GET', '/v1/coverage?start=2026-10-01&end=2026-10-01', 'scoped')).statusCode).toBe(400)
  })
})

describe('populations and samples', () => {
  let popId = ''
  it('runs a population and returns its manifest', async () => {
    const res = await call('GET', '/v1/populations?framework=soc2&control=CC6.3&start=2026-10-01T00:00:00Z&end=2026-10-01T02:00:00Z&cluster=c1,c2', 'auditor')
    expect(res.statusCode).toBe(200)
    const m = res.json()
    expect(m).toMatchObject({ type: 'vigil.population', row_count: 24, scope: { clusters: ['c1', 'c2'] }, snapshot: { as_of: '2026-10-01T02:00:00.000Z' } })
    expect(m.query.text).toContain('ORDER BY request_received_at, audit_id, stage')
    popId = m.id
    expect((await call('GET', '/v1/populations?framework=soc2&control=CC6.3&start=2026-10-01&end=2026-10-02&cluster=c2', 'scoped')).statusCode).toBe(403)
  })

  it('counts the same population per day (GET /v1/populations/daily), summing to its row count', async () => {
    const res = await call('GET', '/v1/populations/daily?framework=soc2&control=CC6.3&start=2026-10-01T00:00:00Z&end=2026-10-01T02:00:00Z&cluster=c1,c2', 'auditor')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ framework: 'soc2', control: 'CC6.3', days: [{ day: '2026-10-01', count: 24 }], row_count: 24, scope: { clusters: ['c1', 'c2'] }, snapshot: { as_of: '2026-10-01T02:00:00.000Z' } })
    expect((await call('GET', '/v1/populations/daily?framework=soc2&control=CC6.3&start=2026-10-01&end=2026-10-02&cluster=c2', 'scoped')).statusCode).toBe(403)
    expect((await call('GET', '/v1/populations/daily?framework=soc2&control=CC9.9&start=2026-10-01&end=2026-10-02', 'auditor')).statusCode).toBe(404)
    const bad = await call('GET', '/v1/populations/daily?framework=soc2&control=CC6.3&start=2026-10-02&end=2026-10-01', 'auditor')
    expect(bad.statusCode).toBe(400)
    expect((await call('GET', '/v1/populations/daily?framework=soc2&control=CC6.3&start=2026-10-01&end=2026-10-02&nope=1', 'auditor')).statusCode).toBe(400)
    expect((await call('GET', '/v1/populations/daily?framework=soc2&control=CC6.3&start=2026-10-01&end=2026-10-02', undefined)).statusCode).toBe(401)
  })

  it('exports it as NDJSON whose hash is the manifest hash, and as guarded CSV', async () => {
    const nd = await call('GET', `/v1/populations/${popId}/export?format=ndjson`, 'auditor')
    expect(nd.statusCode).toBe(200)
    expect(nd.headers['content-type']).toBe('application/x-ndjson')
    const { createHash } = await import('node:crypto')
    expect(createHash('sha256').update(nd.rawPayload).digest('hex')).toBe(nd.headers['x-vigil-population-sha256'])
    expect(nd.payload.trimEnd().split('\n')).toHaveLength(24)
    const csv = await call('GET', `/v1/populations/${popId}/export?format=csv`, 'auditor')
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8; header=present')
    const text = csv.rawPayload.toString('utf8')
    expect(text.startsWith('\ufeffrequest_received_at,received_at,cluster,')).toBe(true)
    const records = text.split('\r\n').filter((l) => l !== '')
    expect(records).toHaveLength(25)
    expect(records[1]).toMatch(/^2026-10-01T00:00:10\.000000Z,2026-10-01T00:00:10\.000Z,c1,c1-0,ResponseComplete,create,alice@example\.com,,ops,/)
    expect(records[1]).toContain(",'=cmd|c1-0,")
    expect((await call('GET', `/v1/populations/${popId}/export?format=csv&bom=false`, 'auditor')).rawPayload.toString('utf8').startsWith('request_received_at')).toBe(true)
    const meta = await call('GET', `/v1/populations/${popId}/csv-metadata`, 'auditor')
    expect(meta.json().tableSchema.columns.map((c: { name: string }) => c.name)).toEqual(records[0]?.replace('\ufeff', '').split(','))
    expect((await call('GET', `/v1/populations/pop-${'0'.repeat(32)}/export`, 'auditor')).statusCode).toBe(404)
    expect((await call('GET', `/v1/populations/${popId}/export`, 'scoped')).statusCode).toBe(403)
    expect((await call('GET', `/v1/populations/${popId}/export?format=xlsx`, 'auditor')).statusCode).toBe(400)
  })

  it('re-runs to the same hash and count, and says what changed when rows go', async () => {
    const same = await call('POST', `/v1/populations/${popId}/rerun`, 'auditor')
    expect(same.statusCode).toBe(200)
    expect(same.json()).toMatchObject({ same: true, changes: [] })
    expect((await call('POST', `/v1/populations/pop-${'1'.repeat(32)}/rerun`, 'auditor')).statusCode).toBe(404)
  })

  it('draws a reproducible seeded sample, stores who drew it, and bundles each item', async () => {
    const res = await call('POST', '/v1/samples', 'auditor', { population_id: popId, seed: 'auditor-seed-1', size: 3 })
    expect(res.statusCode).toBe(200)
    const s = res.json()
    expect(s).toMatchObject({ type: 'vigil.sample', method: { id: 'sha256-rank/v1' }, seed: 'auditor-seed-1', size: 3, drawn_by: 'principal:jane', population: { id: popId, row_count: 24 } })
    // Anyone can re-draw it from the keys and the seed.
    const keys = (await call('GET', `/v1/populations/${popId}/export?format=ndjson`, 'auditor')).payload.trimEnd().split('\n').map((l) => JSON.parse(l)).map((r) => `${r.cluster}/${r.audit_id}/${r.stage}`)
    const expected = keys.map((k) => ({ row_key: k, rank: rankOf('auditor-seed-1', k) })).sort((a, b) => (a.rank < b.rank ? -1 : 1)).slice(0, 3)
    expect(s.selected).toEqual(expected)
    const bundle = await call('GET', `/v1/samples/${s.sample_id}`, 'auditor')
    expect(bundle.statusCode, bundle.payload).toBe(200)
    const item = bundle.json().items[0]
    expect(item.event).toMatchObject({ auditID: expected[0]?.row_key.split('/')[1] })
    expect(item.findings[0]).toMatchObject({ rule_id: 'rbac.write-privileges-role' })
    const suggested = await call('POST', '/v1/samples', 'auditor', { population_id: popId, seed: 'x' })
    expect(suggested.json()).toMatchObject({ size: 5, size_basis: 'suggested: population of 6 to 50: 5 items' })
    const chosen = await call('POST', '/v1/samples', 'auditor', { population_id: popId, items: [keys[0], keys[5]] })
    expect(chosen.json()).toMatchObject({ method: { id: 'auditor-selected' }, size: 2, selected: [{ row_key: keys[0], rank: null }, { row_key: keys[5], rank: null }] })
  })

  it('refuses a sample larger than its population (422), items not in it, and a malformed body', async () => {
    const big = await call('POST', '/v1/samples', 'auditor', { population_id: popId, seed: 's', size: 25 })
    expect(big.statusCode).toBe(422)
    expect(big.json().error).toMatchObject({ code: 'sample_too_large', message: 'a sample of 25 asked from a population of 24' })
    expect((await call('POST', '/v1/samples', 'auditor', { population_id: popId, items: ['c9/x/ResponseComplete'] })).statusCode).toBe(422)
    expect((await call('POST', '/v1/samples', 'auditor', { population_id: popId, seed: 's', items: ['a'] })).statusCode).toBe(400)
    expect((await call('POST', '/v1/samples', 'auditor', { population_id: `pop-${'2'.repeat(32)}`, seed: 's' })).statusCode).toBe(404)
    expect((await call('POST', '/v1/samples', 'scoped', { population_id: popId, seed: 's' })).statusCode).toBe(403)
    expect((await call('GET', `/v1/samples/smp-${'0'.repeat(32)}`, 'auditor')).statusCode).toBe(404)
  })
})
