import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocalServer, type LocalServer } from '../../packages/alerts/test/local-server.js'
import { ADMIN_TOKEN, auditEvent, eventList, INGEST_TOKEN, OTHER_CLUSTER_TOKEN, SCOPED_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

/**
 * Scope, not just role: callers scoped to cluster c2 ask for c1's evidence,
 * ledger records and alerts. A request naming c1 is refused (403); a
 * stored object of c1 is refused (403), or does not exist for them (404)
 * where the route already treats another cluster's finding so; a list
 * leaves c1 out. The pipeline holds the same data in c1 and c2.
 */
const AUDITOR_C2 = 'scope-auditor-c2-0123456789'
const ANALYST_C2 = SCOPED_TOKEN
// The events are of 2026-11-01 but received now: the period runs to tomorrow, so the snapshot (now) holds them and the attestations.
const PERIOD = { start: '2026-11-01T00:00:00Z', end: `${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}T00:00:00Z` }
const Q = `start=${PERIOD.start}&end=${PERIOD.end}`
const CONTROL = { framework: 'soc2', control: 'CC6.1' }
const STREAM = 'embedded:vigil.audit.v1'

let p: TestPipeline
let slack: LocalServer
const findingOf: Record<string, string> = {}

function call(method: 'GET' | 'POST', url: string, token: string, payload?: unknown) {
  return p.api.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) })
}
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`never happened: ${what}`)
}
const refused = (res: { statusCode: number; json(): unknown }, status = 403) => {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status)
  expect(res.json()).toMatchObject({ error: { code: status === 403 ? 'forbidden' : 'not_found' } })
}

beforeAll(async () => {
  slack = await startLocalServer((_r, res) => {
    res.writeHead(400)
    res.end('invalid_blocks')
  })
  p = await startTestPipeline(
    {
      auth: { max_refusals_per_window: 1_000_000 },
      api: {
        port: 0,
        tokens: [
          { name: 'admin', role: 'admin', token: ADMIN_TOKEN },
          { name: 'aud-c2', role: 'auditor', token: AUDITOR_C2, clusters: ['c2'] },
          { name: 'ana-c2', role: 'analyst', token: ANALYST_C2, clusters: ['c2'] },
        ],
      },
      alerting: {
        external_url: 'https://vigil.example.com',
        egress: { https_only: false, allow_cidrs: ['127.0.0.0/8'] },
        sinks: [{ name: 'slack', type: 'slack', mode: 'webhook', url: { env: 'SCOPE_SLACK_URL' }, allow_http: true, min_severity: 'medium' }],
        routes: [
          { name: 'secrets', when: { rule_ids: ['secrets.read-by-human'] }, sinks: ['slack'], group_wait: '0s' },
          { name: 'unmatched', when: {}, sinks: [] },
        ],
      },
    },
    { SCOPE_SLACK_URL: slack.url('/services/T0SCOPE/B0SCOPE/scopeSlackSecret') },
  )
  for (const [token, cluster] of [
    [INGEST_TOKEN, 'c1'],
    [OTHER_CLUSTER_TOKEN, 'c2'],
  ] as const) {
    const event = auditEvent({ auditID: `scope-${cluster}-${randomBytes(4).toString('hex')}`, verb: 'get', user: { username: `${cluster}-human@example.com` }, objectRef: { resource: 'secrets', namespace: 'payments', name: 'db', apiVersion: 'v1' } })
    expect((await p.ingest.app.inject({ method: 'POST', url: '/v1/audit', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: eventList([event]) })).statusCode).toBe(200)
    const list = (await call('GET', `/v1/findings?cluster=${cluster}&rule_id=secrets.read-by-human`, ADMIN_TOKEN)).json() as { items: { finding_id: string }[] }
    findingOf[cluster] = list.items[0]?.finding_id as string
    expect(findingOf[cluster]).toBeDefined()
  }
  await until(async () => ((await call('GET', '/v1/notifications?state=dead', ADMIN_TOKEN)).json() as { items: unknown[] }).items.length === 2, 'a dead letter per cluster')
  await p.ledger!.checkpointer.checkpoint()
})
afterAll(async () => {
  await p?.close()
  await slack?.close()
})

describe('evidence routes, scoped to c2, asked about c1', () => {
  it('reports: naming c1 is 403; a report of c1 is 403 to read; without a list the report covers c2 only', async () => {
    refused(await call('POST', '/v1/reports', AUDITOR_C2, { ...CONTROL, ...PERIOD, clusters: ['c1'] }))
    refused(await call('POST', '/v1/reports', AUDITOR_C2, { ...CONTROL, ...PERIOD, clusters: ['c1', 'c2'] }))
    const c1 = await call('POST', '/v1/reports', ADMIN_TOKEN, { ...CONTROL, ...PERIOD, clusters: ['c1'] })
    expect(c1.statusCode).toBe(200)
    refused(await call('GET', `/v1/reports/${c1.json().id}`, AUDITOR_C2))
    refused(await call('GET', `/v1/reports/${c1.json().id}?format=csv`, AUDITOR_C2))
    const own = await call('POST', '/v1/reports', AUDITOR_C2, { ...CONTROL, ...PERIOD })
    expect(own.statusCode).toBe(200)
    expect(own.json().scope).toEqual({ clusters: ['c2'] })
    expect(own.json().populations[0].row_count).toBe(1)
    expect(own.json().populations[0].params.clusters).toEqual(['c2'])
  })

  it('framework summaries and coverage: naming c1 is 403; without a list, c2 only', async () => {
    refused(await call('GET', `/v1/frameworks/soc2/summary?${Q}&cluster=c1`, AUDITOR_C2))
    const summary = await call('GET', `/v1/frameworks/soc2/summary?${Q}`, AUDITOR_C2)
    expect(summary.statusCode).toBe(200)
    expect(summary.json().scope).toEqual({ clusters: ['c2'] })
    refused(await call('GET', `/v1/coverage?${Q}&cluster=c1`, AUDITOR_C2))
    const coverage = await call('GET', `/v1/coverage?${Q}`, AUDITOR_C2)
    expect(coverage.json().scope).toEqual({ clusters: ['c2'] })
    expect(coverage.json().coverage.gaps.every((g: { cluster: string }) => g.cluster === 'c2')).toBe(true)
  })

  it("populations and samples: running c1's is 403, and so is every use of a run over c1", async () => {
    refused(await call('GET', `/v1/populations?framework=soc2&control=CC6.1&${Q}&cluster=c1`, AUDITOR_C2))
    const run = await call('GET', `/v1/populations?framework=soc2&control=CC6.1&${Q}&cluster=c1`, ADMIN_TOKEN)
    expect(run.statusCode).toBe(200)
    const id = run.json().id as string
    refused(await call('GET', `/v1/populations/${id}/export?format=ndjson`, AUDITOR_C2))
    refused(await call('GET', `/v1/populations/${id}/csv-metadata`, AUDITOR_C2))
    refused(await call('POST', `/v1/populations/${id}/rerun`, AUDITOR_C2))
    refused(await call('POST', '/v1/samples', AUDITOR_C2, { population_id: id, seed: 's' }))
    const sample = await call('POST', '/v1/samples', ADMIN_TOKEN, { population_id: id, seed: 's' })
    expect(sample.statusCode).toBe(200)
    refused(await call('GET', `/v1/samples/${sample.json().sample_id}`, AUDITOR_C2))
    const own = await call('GET', `/v1/populations?framework=soc2&control=CC6.1&${Q}`, AUDITOR_C2)
    expect(own.json()).toMatchObject({ scope: { clusters: ['c2'] }, row_count: 1 })
    const rows = (await call('GET', `/v1/populations/${own.json().id}/export?format=ndjson`, AUDITOR_C2)).body.trimEnd().split('\n')
    expect(rows.map((l) => (JSON.parse(l) as { cluster: string }).cluster)).toEqual(['c2'])
  })

  it("attestations: signing for c1 is 403; a report of c2 does not cite a review of c1 (it used to)", async () => {
    refused(await call('POST', '/v1/attestations', ANALYST_C2, { ...CONTROL, ...PERIOD, clusters: ['c1'], statement: 'reviewed c1' }))
    expect((await call('POST', '/v1/attestations', ADMIN_TOKEN, { ...CONTROL, ...PERIOD, clusters: ['c1'], statement: 'I reviewed the c1 findings.' })).statusCode).toBe(200)
    expect((await call('POST', '/v1/attestations', ANALYST_C2, { ...CONTROL, ...PERIOD, statement: 'I reviewed the c2 findings.' })).statusCode).toBe(200)
    const c2 = await call('POST', '/v1/reports', AUDITOR_C2, { ...CONTROL, ...PERIOD })
    expect(c2.json().attestations.map((a: { statement: string }) => a.statement)).toEqual(['I reviewed the c2 findings.'])
    const both = await call('POST', '/v1/reports', ADMIN_TOKEN, { ...CONTROL, ...PERIOD, clusters: ['c1', 'c2'] })
    expect(both.json().attestations.map((a: { statement: string }) => a.statement).sort()).toEqual(['I reviewed the c1 findings.', 'I reviewed the c2 findings.'])
  })

  it("findings' transitions, decisions and reviews: a c1 finding does not exist for c2 (404)", async () => {
    refused(await call('POST', `/v1/findings/${findingOf['c1']}/transitions`, ANALYST_C2, { to: 'acknowledged', reason: 'x' }), 404)
    refused(await call('POST', `/v1/findings/${findingOf['c1']}/approvals`, ANALYST_C2, { approve: true, reason: 'x' }), 404)
    refused(await call('GET', `/v1/findings/${findingOf['c1']}/reviews`, AUDITOR_C2), 404)
    const bulk = await call('POST', '/v1/findings/triage', ANALYST_C2, { filter: { cluster: ['c1'], rule_id: 'secrets.read-by-human' }, transition: { to: 'acknowledged', reason: 'bulk' } })
    expect(bulk.statusCode, bulk.body).toBe(200)
    expect((await call('GET', `/v1/findings/${findingOf['c1']}/reviews`, ADMIN_TOKEN)).json().transitions).toEqual([])
    expect((await call('POST', `/v1/findings/${findingOf['c2']}/transitions`, ANALYST_C2, { to: 'acknowledged', reason: 'mine' })).statusCode).toBe(200)
  })
})

describe('ledger routes, scoped to c2', () => {
  it("refuses the proof of a c1 record (403) and gives a c2 record's", async () => {
    const byCluster: Record<string, string> = {}
    for (let seq = 0; seq < 10 && Object.keys(byCluster).length < 2; seq++) {
      const url = `/v1/ledger/proof?stream=${encodeURIComponent(STREAM)}&partition=0&seq=${seq}&idx=0`
      const res = await call('GET', url, ADMIN_TOKEN)
      if (res.statusCode !== 200) continue
      const cluster = (JSON.parse(res.json().record_jcs) as { cluster: string }).cluster
      byCluster[cluster] ??= url
    }
    expect(Object.keys(byCluster).sort()).toEqual(['c1', 'c2'])
    refused(await call('GET', byCluster['c1'] as string, AUDITOR_C2))
    const own = await call('GET', byCluster['c2'] as string, AUDITOR_C2)
    expect(own.statusCode).toBe(200)
    expect(JSON.parse(own.json().record_jcs)).toMatchObject({ cluster: 'c2' })
  })

  it('verifies the whole ledger and lists checkpoints for a scoped auditor: hashes and counts, no record of any cluster', async () => {
    const verify = await call('GET', '/v1/ledger/verify', AUDITOR_C2)
    expect(verify.statusCode).toBe(200)
    expect(verify.json().outcome).toBe('verified')
    const checkpoints = await call('GET', '/v1/ledger/checkpoints', AUDITOR_C2)
    expect(checkpoints.statusCode).toBe(200)
    for (const body of [verify.body, checkpoints.body]) expect(body).not.toMatch(/human@example\.com|"cluster":"c1"/)
  })
})

describe('alert routes, scoped to c2', () => {
  const groupsOf = async (token: string) => ((await call('GET', '/v1/alerts', token)).json() as { items: { group_key: string }[] }).items.map((g) => g.group_key)
  const notificationsOf = async (token: string) => ((await call('GET', '/v1/notifications', token)).json() as { items: { notification_id: string; group_id: string }[] }).items

  it("lists only c2's alert groups and notifications (an unscoped caller sees both)", async () => {
    expect(await groupsOf(ADMIN_TOKEN)).toHaveLength(2)
    const own = await groupsOf(AUDITOR_C2)
    expect(own).toHaveLength(1)
    expect(own[0]).toContain('c2')
    const all = await notificationsOf(ADMIN_TOKEN)
    expect(all).toHaveLength(2)
    const mine = await notificationsOf(AUDITOR_C2)
    expect(mine).toHaveLength(1)
    expect((await call('GET', '/v1/alerts', AUDITOR_C2)).json().items[0].group_id).toBe(mine[0]?.group_id)
  })

  it('silences: a scoped analyst may only mute its own clusters, and sees and expires only such silences', async () => {
    const silence = (matchers: unknown[]) => ({ matchers, startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: 'scope test' })
    refused(await call('POST', '/v1/silences', ANALYST_C2, silence([{ name: 'cluster', op: '=', value: 'c1' }])))
    refused(await call('POST', '/v1/silences', ANALYST_C2, silence([{ name: 'rule_id', op: '=', value: 'secrets.read-by-human' }])))
    refused(await call('POST', '/v1/silences', ANALYST_C2, silence([{ name: 'cluster', op: '=~', value: 'c.*' }])))
    const own = await call('POST', '/v1/silences', ANALYST_C2, silence([{ name: 'cluster', op: '=', value: 'c2' }, { name: 'rule_id', op: '=', value: 'x' }]))
    expect(own.statusCode, own.body).toBe(201)
    const other = await call('POST', '/v1/silences', ADMIN_TOKEN, silence([{ name: 'cluster', op: '=', value: 'c1' }]))
    expect(other.statusCode).toBe(201)
    const ids = async (token: string) => ((await call('GET', '/v1/silences', token)).json() as { items: { id: string }[] }).items.map((s) => s.id)
    expect(await ids(AUDITOR_C2)).toEqual([own.json().id])
    expect(await ids(ADMIN_TOKEN)).toEqual(expect.arrayContaining([own.json().id, other.json().id]))
    refused(await call('POST', `/v1/silences/${other.json().id}/expire`, ANALYST_C2), 404)
    expect((await call('POST', `/v1/silences/${own.json().id}/expire`, ANALYST_C2)).statusCode).toBe(200)
  })

  it("cannot replay c1's dead letter (404) but can replay its own (202)", async () => {
    const mine = new Set((await notificationsOf(ANALYST_C2)).map((n) => n.notification_id))
    const [other] = (await notificationsOf(ADMIN_TOKEN)).filter((n) => !mine.has(n.notification_id))
    refused(await call('POST', `/v1/notifications/${other?.notification_id}/replay`, ANALYST_C2), 404)
    expect((await call('POST', `/v1/notifications/${[...mine][0]}/replay`, ANALYST_C2)).statusCode).toBe(202)
  })
})
