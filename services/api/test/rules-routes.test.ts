import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding } from '@vigil/core'
import { EvidenceConfig, loadEvidenceCatalog } from '@vigil/evidence'
import { AuthSection, createCredentialResolver, createLogger, createMetrics } from '@vigil/platform'
import { createClickHouseClient, createStore, prepareStore, RetentionConfig, type ClickHouseClient } from '@vigil/store'
import { ApiSection } from '../src/config.js'
import { createApi, type Api } from '../src/create-api.js'
import type { LedgerAccess } from '../src/ledger-access.js'
import { configuredApiTokens } from '../src/principals.js'

const RULES = fileURLToPath(new URL('../../../rules', import.meta.url))
const TOKENS = { admin: 'rules-admin-token-0123456789', auditor: 'rules-auditor-token-012345678', scoped: 'rules-scoped-token-0123456789' }

let dir: string
let client: ClickHouseClient
let api: Api
const metrics = createMetrics({ defaultMetrics: false })

let n = 0
function finding(cluster: string, rule: string, day: string): Finding {
  n++
  return { finding_id: n.toString(16).padStart(32, '0'), rule_id: rule, rule_version: '1', severity: 'high', title: rule, cluster, audit_id: `a-${n}`, stage: 'ResponseComplete', event_time: `${day}T10:00:00.000Z`, user: 'alice@example.com', verb: 'create', resource: 'clusterrolebindings', namespace: '', name: 'x', reason: 'r', output: 'o', evidence: {}, tags: [], controls: [] }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-api-rules-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await prepareStore(client, RetentionConfig.parse({}))
  const store = createStore({ client, now: () => new Date('2026-11-01T00:00:00Z') })
  const findings = [
    finding('c1', 'rbac.cluster-admin-binding', '2026-10-02'),
    finding('c1', 'rbac.cluster-admin-binding', '2026-10-03'),
    finding('c2', 'rbac.cluster-admin-binding', '2026-10-03'),
    finding('c1', 'rbac.cluster-admin-binding', '2026-09-15'),
    finding('c1', 'secrets.read-by-human', '2026-10-04'),
  ]
  await store.writeBatch({ events: [], findings, ruleState: [], deadLetters: [] })
  const logger = createLogger({ level: 'silent' })
  api = createApi({
    config: ApiSection.parse({ port: 0 }),
    auth: AuthSection.parse({}),
    credentials: createCredentialResolver({
      configured: configuredApiTokens([
        { name: 'root', role: 'admin', token: TOKENS.admin },
        { name: 'jane', role: 'auditor', token: TOKENS.auditor },
        { name: 'sam', role: 'auditor', token: TOKENS.scoped, clusters: ['c2'] },
      ]),
      pollIntervalMs: 60_000,
      logger,
    }),
    configuredTokens: [],
    store,
    ledger: {} as LedgerAccess,
    metrics,
    logger,
    version: '0.0.0-test',
    evidence: { catalog: loadEvidenceCatalog({ rulesPaths: [RULES], controlsRulesDir: RULES, cwd: process.cwd() }), config: EvidenceConfig.parse({}) },
    console: undefined,
  })
  await api.app.ready()
})
afterAll(async () => {
  await api?.stop()
  await client?.close()
  rmSync(dir, { recursive: true, force: true })
})

const get = (url: string, token: string | null = TOKENS.admin) => api.app.inject({ method: 'GET', url, headers: token === null ? {} : { authorization: `Bearer ${token}` } })
interface Listed {
  counted: { period: { start: string; end: string } | null; clusters: string[] | null }
  items: { id: string; pack: string; fired: number; match: Record<string, unknown>; condition: string; examples: { fires: boolean; events: unknown[] }[]; controls: unknown[]; source: string }[]
}

describe('GET /v1/rules', () => {
  it('lists every loaded rule as declared, with its pack, match, condition, controls and examples', async () => {
    const res = await get('/v1/rules')
    expect(res.statusCode).toBe(200)
    const body = res.json() as Listed
    expect(body.items.length).toBeGreaterThan(40)
    expect(new Set(body.items.map((r) => r.id)).size).toBe(body.items.length)
    const binding = body.items.find((r) => r.id === 'rbac.cluster-admin-binding')
    expect(binding).toMatchObject({ pack: 'rbac', match: { verbs: expect.arrayContaining(['create']) }, source: expect.stringMatching(/^rules\/rbac\.yaml:\d+:\d+$/) })
    expect(binding?.condition).toContain('cluster-admin')
    expect(binding?.controls.length).toBeGreaterThan(0)
    expect(binding?.examples.some((e) => e.fires)).toBe(true)
    expect(binding?.examples.some((e) => !e.fires)).toBe(true)
    for (const r of body.items) expect(r.pack).toBe(r.id.split('.')[0])
  })

  it('counts how often each rule fired: every stored finding, or those of the period and scope', async () => {
    const all = (await get('/v1/rules')).json() as Listed
    expect(all.counted).toEqual({ period: null, clusters: null })
    expect(all.items.find((r) => r.id === 'rbac.cluster-admin-binding')?.fired).toBe(4)
    const october = (await get('/v1/rules?start=2026-10-01&end=2026-11-01&cluster=c1')).json() as Listed
    expect(october.counted).toEqual({ period: { start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z' }, clusters: ['c1'] })
    expect(october.items.find((r) => r.id === 'rbac.cluster-admin-binding')?.fired).toBe(2)
    expect(october.items.find((r) => r.id === 'secrets.read-by-human')?.fired).toBe(1)
    expect(october.items.filter((r) => r.fired > 0).length).toBe(2)
  })

  it('counts only inside a scoped token\'s clusters', async () => {
    const scoped = (await get('/v1/rules', TOKENS.scoped)).json() as Listed
    expect(scoped.counted.clusters).toEqual(['c2'])
    expect(scoped.items.find((r) => r.id === 'rbac.cluster-admin-binding')?.fired).toBe(1)
    expect(scoped.items.find((r) => r.id === 'secrets.read-by-human')?.fired).toBe(0)
    // Asking for a cluster outside the scope is refused, not narrowed to nothing.
    const outside = await get('/v1/rules?cluster=c1', TOKENS.scoped)
    expect(outside.statusCode).toBe(403)
    expect(outside.json().error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('c1') })
    expect((await get('/v1/rules/rbac.cluster-admin-binding?cluster=c1,c2', TOKENS.scoped)).statusCode).toBe(403)
    expect((await get('/v1/rules?cluster=c2', TOKENS.scoped)).json().counted.clusters).toEqual(['c2'])
  })

  it('answers 400 for half a period, an inverted one, and an unknown parameter', async () => {
    for (const url of ['/v1/rules?start=2026-10-01', '/v1/rules?start=2026-11-01&end=2026-10-01', '/v1/rules?severity=high']) {
      const res = await get(url)
      expect(res.statusCode, url).toBe(400)
      expect(res.json().error.code).toMatch(/^invalid_/)
    }
  })

  it('answers 401 without a token', async () => {
    expect((await get('/v1/rules', null)).statusCode).toBe(401)
  })
})

describe('GET /v1/rules/{id}', () => {
  it('returns one rule and its count, to an auditor too', async () => {
    const res = await get('/v1/rules/rbac.cluster-admin-binding?start=2026-10-01&end=2026-11-01', TOKENS.auditor)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ id: 'rbac.cluster-admin-binding', pack: 'rbac', fired: 3, counted: { period: { start: '2026-10-01T00:00:00.000Z' }, clusters: null } })
  })

  it('answers 404 for a rule that is not loaded, 400 for a bad period, 401 without a token', async () => {
    const missing = await get('/v1/rules/rbac.no-such-rule')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.message).toContain('GET /v1/rules')
    expect((await get('/v1/rules/rbac.cluster-admin-binding?end=2026-10-01')).statusCode).toBe(400)
    expect((await get('/v1/rules/rbac.cluster-admin-binding', null)).statusCode).toBe(401)
  })
})
