import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '@vigil/cli'
import { ADMIN_TOKEN, AUDITOR_TOKEN, auditEvent, eventList, INGEST_TOKEN, SCOPED_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

let p: TestPipeline

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const sink = (append: (s: string) => void) => new Writable({ write: (c, _e, cb) => (append(String(c)), cb()) })
  const code = await runCli(args, { env: {}, cwd: p.dir, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), isTty: false })
  return { code, out, err }
}

const today = new Date().toISOString().slice(0, 10)
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
const report = (token = AUDITOR_TOKEN) =>
  p.api.app.inject({ method: 'POST', url: '/v1/reports', headers: { authorization: `Bearer ${token}` }, payload: { framework: 'soc2', control: 'CC6.3', start: today, end: tomorrow } })
const bundle = (id: string, token = AUDITOR_TOKEN) => p.api.app.inject({ method: 'GET', url: `/v1/reports/${id}/bundle`, headers: { authorization: `Bearer ${token}` } })

beforeAll(async () => {
  p = await startTestPipeline()
  const res = await p.ingest.app.inject({ method: 'POST', url: '/v1/audit', headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' }, payload: eventList(Array.from({ length: 20 }, () => auditEvent())) })
  expect(res.statusCode).toBe(200)
})
afterAll(() => p.close())

describe('GET /v1/reports/{id}/bundle', () => {
  it('answers 409 while no checkpoint covers the report, then streams a bundle that `vigil verify bundle` accepts', async () => {
    const uncovered = (await report()).json() as { id: string; integrity: unknown }
    expect(uncovered.integrity).toBeNull()
    const refused = await bundle(uncovered.id)
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ error: { code: 'conflict' } })

    await p.ledger!.checkpointer.checkpoint()
    const covered = (await report()).json() as { id: string; integrity: { checkpoint: { seq: number }; anchors: string[] } }
    expect(covered.integrity.checkpoint.seq).toBe(0)
    expect(covered.integrity.anchors).toHaveLength(1)
    const res = await bundle(covered.id)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/zip')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${covered.id}.bundle.zip"`)
    const zip = join(p.dir, 'bundle.zip')
    writeFileSync(zip, res.rawPayload)

    const keys = join(p.dir, 'ledger-anchors', 'keys.json')
    const ok = await cli(['verify', 'bundle', zip, '--keys', keys])
    expect(ok.err).toBe('')
    expect(ok.code).toBe(0)
    expect(ok.out).toMatch(new RegExp(`^bundle ${covered.id} \\(soc2 CC6\\.3\\): VERIFIED\\nkeys: given out of band`))
    expect(ok.out).toMatch(/ok\s+signature\s+manifest\.sig/)

    const changed = Buffer.from(readFileSync(zip))
    const at = changed.indexOf(Buffer.from('report.json')) + 'report.json'.length + 3
    changed[at] = changed[at]! ^ 0x01
    writeFileSync(join(p.dir, 'changed.zip'), changed)
    const bad = await cli(['verify', 'bundle', 'changed.zip', '--keys', keys])
    expect(bad.code).toBe(1)
    expect(bad.out).toMatch(/: TAMPERED\n/)
    expect(bad.out).toMatch(/first failure: file at report\.json/)

    expect((await cli(['verify', 'bundle', 'missing.zip'])).code).toBe(2)
    expect((await cli(['verify', 'bundle'])).code).toBe(2)
  })

  it('`vigil evidence report --bundle` writes the bundle from a running server', async () => {
    const url = await p.api.listen()
    const usage = await cli(['evidence', 'report', '--server', url, '--token', AUDITOR_TOKEN, '--framework', 'soc2', '--control', 'CC6.3', '--start', today, '--end', tomorrow, '--bundle'])
    expect(usage.code).toBe(2)
    expect(usage.err).toContain('--out FILE.zip')
    // A snapshot a checkpoint made after it covers: the api seals its own access records as it
    // serves, so a snapshot of "now" waits for the next checkpoint (409), as the first test shows.
    await p.api.flushAccessLog()
    const asOf = new Date().toISOString()
    await p.ledger!.checkpointer.checkpoint()
    const made = await cli(['evidence', 'report', '--server', url, '--token', AUDITOR_TOKEN, '--framework', 'soc2', '--control', 'CC6.3', '--start', today, '--end', tomorrow, '--as-of', asOf, '--bundle', '--out', 'cli-bundle.zip'])
    expect(made.err).toMatch(/^rpt-[0-9a-f]{32}: evidence bundle → cli-bundle\.zip/)
    expect(made.code).toBe(0)
    const checked = await cli(['verify', 'bundle', 'cli-bundle.zip', '--keys', join(p.dir, 'ledger-anchors', 'keys.json'), '--json'])
    expect(checked.code).toBe(0)
    expect(JSON.parse(checked.out)).toMatchObject({ outcome: 'verified', keys: 'out-of-band', report: { framework: 'soc2', control: 'CC6.3' } })
  })

  it('bundles an access-log population and its sample; the sampled requests are listed as not proven', async () => {
    const post = (url: string, payload: unknown) => p.api.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${AUDITOR_TOKEN}` }, payload: payload as object })
    await p.api.flushAccessLog()
    const asOf = new Date().toISOString()
    const first = (await post('/v1/reports', { framework: 'soc2', control: 'CC6.1', start: today, end: tomorrow, as_of: asOf })).json() as { populations: { name: string; source: string; query_sha256: string; row_count: number }[] }
    const log = first.populations.find((x) => x.source === 'access_log')!
    expect(log.row_count).toBeGreaterThan(0)
    const sample = await post('/v1/samples', { population_id: `pop-${log.query_sha256.slice(0, 32)}`, seed: 'jane', size: 2 })
    expect(sample.statusCode).toBe(200)
    await new Promise((r) => setTimeout(r, 5))
    await p.api.flushAccessLog()
    const snapshot = new Date().toISOString()
    await p.ledger!.checkpointer.checkpoint()
    const covered = (await post('/v1/reports', { framework: 'soc2', control: 'CC6.1', start: today, end: tomorrow, as_of: snapshot })).json() as { id: string; integrity: unknown; samples: unknown[] }
    expect(covered.integrity).not.toBeNull()
    expect(covered.samples).toHaveLength(1)
    const res = await bundle(covered.id)
    expect(res.statusCode).toBe(200)
    writeFileSync(join(p.dir, 'access.zip'), res.rawPayload)
    const checked = await cli(['verify', 'bundle', 'access.zip', '--keys', join(p.dir, 'ledger-anchors', 'keys.json'), '--json'])
    const v = JSON.parse(checked.out) as { outcome: string; checks: { check: string; result: string; where: string }[] }
    expect(v.checks.filter((c) => c.result !== 'ok' && c.result !== 'skipped')).toEqual([])
    expect(v.checks.filter((c) => c.check === 'proof').map((c) => c.result)).toEqual(['skipped', 'skipped'])
    expect(v.checks.filter((c) => c.check === 'population').map((c) => c.where)).toContain('populations/soc2.CC6.1.access_log.ndjson')
    expect(v.outcome).toBe('verified')
    expect(checked.code).toBe(0)
  })

  it('is for the roles that read reports, within their scope', async () => {
    const id = ((await report(ADMIN_TOKEN)).json() as { id: string }).id
    expect((await p.api.app.inject({ method: 'GET', url: `/v1/reports/${id}/bundle` })).statusCode).toBe(401)
    expect((await bundle(id, SCOPED_TOKEN)).statusCode).toBe(403)
    expect((await bundle('rpt-nope')).statusCode).toBe(400)
    expect((await bundle(`rpt-${'0'.repeat(32)}`)).statusCode).toBe(404)
  })
})
