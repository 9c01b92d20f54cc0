import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiRoutes, buildOpenApi, type LedgerAccess, type Oidc, type RouteDeps, type TokenAdmin } from '@vigil/api'
import type { ApiRole } from '@vigil/core'
import type { Store } from '@vigil/store'
import { auditEvent, eventList, INGEST_TOKEN, OTHER_CLUSTER_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

/**
 * Every route × every role × scope. The expected roles are written out
 * here, apart from the route specs, so a change to who may call a route
 * fails this test until it is made on purpose.
 */
const EXPECTED: Record<string, readonly ApiRole[]> = {
  listFindings: ['admin', 'analyst', 'auditor'],
  getFinding: ['admin', 'analyst', 'auditor'],
  countFindings: ['admin', 'analyst', 'auditor'],
  searchEvents: ['admin', 'analyst', 'auditor'],
  listDeadLetters: ['admin', 'analyst'],
  listAccessLog: ['admin', 'auditor'],
  listTokens: ['admin'],
  createToken: ['admin'],
  revokeToken: ['admin'],
  rotateToken: ['admin'],
  // Triage, evidence and ledger routes: checked for who gets past authentication (below).
  createAttestation: ['admin', 'analyst'],
  decideFinding: ['admin', 'analyst'],
  bulkTriage: ['admin', 'analyst'],
  transitionFinding: ['admin', 'analyst'],
  getFindingReviews: ['admin', 'analyst', 'auditor'],
  getCoverage: ['admin', 'analyst', 'auditor'],
  getReport: ['admin', 'analyst', 'auditor'],
  createReport: ['admin', 'analyst', 'auditor'],
  getSample: ['admin', 'analyst', 'auditor'],
  createSample: ['admin', 'analyst', 'auditor'],
  getFrameworkSummary: ['admin', 'analyst', 'auditor'],
  getPopulationCsvMetadata: ['admin', 'analyst', 'auditor'],
  getPopulation: ['admin', 'analyst', 'auditor'],
  getPopulationDaily: ['admin', 'analyst', 'auditor'],
  rerunPopulation: ['admin', 'analyst', 'auditor'],
  exportPopulation: ['admin', 'analyst', 'auditor'],
  getLedgerProof: ['admin', 'auditor'],
  verifyLedger: ['admin', 'auditor'],
  whoami: ['admin', 'analyst', 'auditor'],
  listLedgerCheckpoints: ['admin', 'auditor'],
  listAlerts: ['admin', 'analyst', 'auditor'],
  listNotifications: ['admin', 'analyst', 'auditor'],
  replayNotification: ['admin', 'analyst'],
  listSilences: ['admin', 'analyst', 'auditor'],
  createSilence: ['admin', 'analyst'],
  expireSilence: ['admin', 'analyst'],
  listSinks: ['admin', 'analyst', 'auditor'],
  testSink: ['admin', 'analyst'],
  getReportBundle: ['admin', 'analyst', 'auditor'],
  listAttestations: ['admin', 'analyst', 'auditor'],
  listRules: ['admin', 'analyst', 'auditor'],
  getRule: ['admin', 'analyst', 'auditor'],
}
/** Routes called with a real request whose answer is checked against the caller's scope. */
const SAMPLED = ['listFindings', 'getFinding', 'countFindings', 'searchEvents', 'listDeadLetters', 'listAccessLog', 'listTokens', 'createToken', 'revokeToken', 'rotateToken']
/** Routes that take no token: people's sign-in (test/e2e/oidc.test.ts covers them against a real provider). */
const PUBLIC = ['signIn', 'signInCallback', 'signOut', 'signInMethods']

interface Caller {
  label: string
  token: string | undefined
  role: ApiRole | 'ingest' | 'none'
  /** Clusters the caller may see; undefined: all. */
  clusters: string[] | undefined
}

const ROLES: ApiRole[] = ['admin', 'analyst', 'auditor']
const CALLERS: Caller[] = [
  { label: 'no token', token: undefined, role: 'none', clusters: undefined },
  { label: 'ingest token', token: INGEST_TOKEN, role: 'ingest', clusters: undefined },
  ...ROLES.flatMap((role) => [
    { label: `${role}, every cluster`, token: `matrix-${role}-all-0123456789`, role, clusters: undefined },
    { label: `${role}, scoped to c2`, token: `matrix-${role}-c2-0123456789`, role, clusters: ['c2'] },
  ]),
]

let p: TestPipeline
let c1Finding: string

beforeAll(async () => {
  p = await startTestPipeline({
    // The matrix sends hundreds of refused requests from one address on purpose.
    auth: { max_refusals_per_window: 1_000_000 },
    api: {
      port: 0,
      tokens: CALLERS.filter((c) => c.role !== 'none' && c.role !== 'ingest').map((c) => ({ name: c.label, role: c.role, token: c.token, ...(c.clusters === undefined ? {} : { clusters: c.clusters }) })),
    },
  })
  const secretRead = (cluster: string) => auditEvent({ verb: 'get', user: { username: `${cluster}@example.com` }, objectRef: { resource: 'secrets', namespace: 'ns', name: 's', apiVersion: 'v1' } })
  for (const [token, cluster] of [
    [INGEST_TOKEN, 'c1'],
    [OTHER_CLUSTER_TOKEN, 'c2'],
  ] as const) {
    const res = await p.ingest.app.inject({ method: 'POST', url: '/v1/audit', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: eventList([secretRead(cluster), secretRead(cluster)]) })
    expect(res.statusCode).toBe(200)
  }
  // A dead letter in each cluster.
  for (const token of [INGEST_TOKEN, OTHER_CLUSTER_TOKEN]) {
    await p.ingest.app.inject({ method: 'POST', url: '/v1/audit', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: eventList([{ auditID: 'x' }]) })
  }
  const all = (await p.api.app.inject({ method: 'GET', url: '/v1/findings?cluster=c1&limit=1', headers: { authorization: `Bearer ${CALLERS[2]?.token}` } })).json() as { items: { finding_id: string }[] }
  c1Finding = all.items[0]?.finding_id as string
  expect(c1Finding).toBeDefined()
})
afterAll(async () => {
  await p.close()
})

/** A request each route accepts from an allowed caller. */
async function requestFor(operationId: string): Promise<{ method: 'GET' | 'POST'; url: string; payload?: Record<string, unknown> }> {
  const fresh = async () => (await p.api.app.inject({ method: 'POST', url: '/v1/tokens', headers: { authorization: `Bearer ${CALLERS[2]?.token}` }, payload: { name: 'victim', role: 'auditor' } })).json() as { record: { id: string } }
  switch (operationId) {
    case 'listFindings':
      return { method: 'GET', url: '/v1/findings?limit=1000' }
    case 'countFindings':
      return { method: 'GET', url: '/v1/findings/counts?by=cluster' }
    case 'getFinding':
      return { method: 'GET', url: `/v1/findings/${c1Finding}` }
    case 'searchEvents':
      return { method: 'GET', url: '/v1/events?limit=1000' }
    case 'listDeadLetters':
      return { method: 'GET', url: '/v1/dead-letters' }
    case 'listAccessLog':
      await p.api.flushAccessLog()
      return { method: 'GET', url: '/v1/access-log?limit=1000' }
    case 'listTokens':
      return { method: 'GET', url: '/v1/tokens' }
    case 'createToken':
      return { method: 'POST', url: '/v1/tokens', payload: { name: 'made-in-matrix', role: 'auditor' } }
    case 'revokeToken':
      return { method: 'POST', url: `/v1/tokens/${(await fresh()).record.id}/revoke` }
    case 'rotateToken':
      return { method: 'POST', url: `/v1/tokens/${(await fresh()).record.id}/rotate`, payload: {} }
    default: {
      // Authentication and the role check run before any input is parsed: a request with
      // placeholder path parameters and an empty body tells who gets past them.
      const spec = specs.find((s) => s.operationId === operationId)
      if (spec === undefined) throw new Error(`no route ${operationId}`)
      return { method: spec.method, url: spec.url.replace(/:[A-Za-z_]+/g, 'placeholder'), ...(spec.method === 'POST' ? { payload: {} } : {}) }
    }
  }
}

const specs = apiRoutes({ store: {} as Store, tokens: {} as TokenAdmin, oidc: () => ({}) as Oidc, ledger: {} as LedgerAccess, evidence: {} as RouteDeps['evidence'], version: 'test', now: () => new Date() })

describe('route × role × scope', () => {
  it('covers every documented route, and the OpenAPI document states the same roles', () => {
    expect(specs.map((s) => s.operationId).sort()).toEqual([...Object.keys(EXPECTED), ...PUBLIC].sort())
    const doc = buildOpenApi(specs, { version: 'test' }) as { paths: Record<string, Record<string, { operationId: string; security?: unknown[]; 'x-vigil-roles'?: string[] }>> }
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        if (PUBLIC.includes(op.operationId)) expect(op.security, op.operationId).toEqual([])
        else expect(op['x-vigil-roles'], op.operationId).toEqual([...(EXPECTED[op.operationId] ?? [])])
      }
    }
  })

  const cases = Object.keys(EXPECTED).flatMap((operationId) => CALLERS.map((caller) => [operationId, caller.label, caller] as const))
  it.each(cases)('%s as %s', async (operationId, _label, caller) => {
    const req = await requestFor(operationId)
    const res = await p.api.app.inject({ ...req, headers: caller.token === undefined ? {} : { authorization: `Bearer ${caller.token}` } })
    const allowed = caller.role !== 'none' && caller.role !== 'ingest' && (EXPECTED[operationId] ?? []).includes(caller.role)
    if (caller.role === 'none') {
      expect(res.statusCode).toBe(401)
      expect(res.json()).toMatchObject({ error: { code: 'unauthorized' } })
      return
    }
    if (!allowed) {
      expect(res.statusCode, res.body).toBe(403)
      expect(res.json()).toMatchObject({ error: { code: 'forbidden' } })
      return
    }
    if (!SAMPLED.includes(operationId)) {
      // Past authentication and the role check: whatever the placeholder input earns, not 401 or 403.
      expect([401, 403], `${operationId} as ${caller.label}: ${res.body}`).not.toContain(res.statusCode)
      return
    }
    const inScope = (cluster: string) => caller.clusters === undefined || caller.clusters.includes(cluster)
    if (operationId === 'getFinding') {
      // The finding is in c1: out of a c2 scope it does not exist.
      expect(res.statusCode).toBe(inScope('c1') ? 200 : 404)
      return
    }
    expect([200, 201]).toContain(res.statusCode)
    const body = res.json() as { items?: Record<string, unknown>[] }
    if (operationId === 'countFindings') {
      const groups = (res.json() as { groups: { key: string; count: number }[] }).groups
      expect(groups.length).toBeGreaterThan(0)
      expect(groups.every((g) => inScope(g.key))).toBe(true)
      if (caller.clusters === undefined) expect(groups.map((g) => g.key).sort()).toEqual(['c1', 'c2'])
      return
    }
    if (operationId === 'listAccessLog') {
      for (const r of body.items ?? []) {
        const clusters = r['clusters'] as string[]
        expect(clusters.length === 0 || clusters.some(inScope), JSON.stringify(r)).toBe(true)
      }
      return
    }
    if (['listFindings', 'searchEvents', 'listDeadLetters'].includes(operationId)) {
      const items = body.items ?? []
      expect(items.length).toBeGreaterThan(0)
      expect(items.every((i) => inScope(i['cluster'] as string))).toBe(true)
      // An unscoped caller sees both clusters.
      if (caller.clusters === undefined) expect(new Set(items.map((i) => i['cluster']))).toEqual(new Set(['c1', 'c2']))
    }
  })
})
