import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '@vigil/cli'
import type { Finding, StampedEvent } from '@vigil/core'
import { openStore, RetentionConfig, StoreConfig, toAuditEventRow } from '@vigil/store'

const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-evidence-'))
const data = join(dir, 'data')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const sink = (append: (s: string) => void) => new Writable({ write: (c, _e, cb) => (append(String(c)), cb()) })
  const code = await runCli(args, { env: {}, cwd: dir, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), isTty: false })
  return { code, out, err }
}

beforeAll(async () => {
  // A stopped vigil's data directory: 60 minutes of RBAC grants on one cluster, every 6th a population finding.
  const { store } = await openStore({ store: StoreConfig.parse({ type: 'chdb' }), retention: RetentionConfig.parse({}), dataDir: data })
  const events: StampedEvent[] = Array.from({ length: 60 }, (_, m) => {
    const t = new Date(Date.UTC(2026, 9, 1, 0, m, 5)).toISOString()
    const event = { auditID: `e-${m}`, stage: 'ResponseComplete' as const, verb: 'create', requestURI: '/x', user: { username: 'alice' }, objectRef: { resource: 'roles', apiGroup: 'rbac.authorization.k8s.io', namespace: 'ns', name: `r${m}` }, responseStatus: { code: 201 }, requestReceivedTimestamp: t, stageTimestamp: t }
    return { cluster: 'prod', received_at: t, event, raw: JSON.stringify(event) }
  })
  const findings: Finding[] = events.filter((_, i) => i % 6 === 0).map((e, i) => ({
    finding_id: i.toString(16).padStart(32, 'a'), rule_id: 'rbac.write-privileges-role', rule_version: '1', severity: 'low', title: 't', cluster: 'prod', audit_id: e.event.auditID, stage: 'ResponseComplete',
    event_time: e.event.requestReceivedTimestamp, user: 'alice', verb: 'create', resource: 'roles', namespace: 'ns', name: 'r', reason: 'r', output: 'o', evidence: {}, tags: [], controls: [],
  }))
  await store.writeBatch({ events: events.map(toAuditEventRow), findings, ruleState: [], deadLetters: [] })
  await store.close()
})

const PERIOD = ['--start', '2026-10-01T00:00:00Z', '--end', '2026-10-01T01:00:00Z', '--data-dir', data]

describe('vigil evidence, offline over a data directory', () => {
  it('report prints the native JSON report', async () => {
    const { code, out } = await cli(['evidence', 'report', '--framework', 'soc2', '--control', 'CC6.3', ...PERIOD])
    expect(code).toBe(0)
    const report = JSON.parse(out)
    expect(report).toMatchObject({ schema: 'vigil.evidence-report/v1', control: { id: 'CC6.3' }, scope: { clusters: ['prod'] }, coverage: { expected_minutes: 60, covered_minutes: 60 }, status: 'operating' })
    expect(report.populations[0].row_count).toBe(10)
  })

  it('population writes the CSV, its manifest and its CSVW description; the NDJSON hash is the manifest hash', async () => {
    const { code, err } = await cli(['evidence', 'population', '--framework', 'soc2', '--control', 'CC6.3', ...PERIOD, '--out', 'cc63.csv'])
    expect(code, err).toBe(0)
    const csv = readFileSync(join(dir, 'cc63.csv'), 'utf8')
    expect(csv.startsWith('\ufeffrequest_received_at,')).toBe(true)
    expect(csv.split('\r\n').filter((l) => l !== '')).toHaveLength(11)
    const manifest = JSON.parse(readFileSync(join(dir, 'cc63.csv.population.json'), 'utf8'))
    expect(manifest).toMatchObject({ row_count: 10, rule_ids: expect.arrayContaining(['rbac.write-privileges-role']) })
    expect(JSON.parse(readFileSync(join(dir, 'cc63.csv-metadata.json'), 'utf8'))['@context']).toBe('http://www.w3.org/ns/csvw')
    expect((await cli(['evidence', 'population', '--framework', 'soc2', '--control', 'CC6.3', ...PERIOD, '--format', 'ndjson', '--out', 'cc63.ndjson'])).code).toBe(0)
    expect(createHash('sha256').update(readFileSync(join(dir, 'cc63.ndjson'))).digest('hex')).toBe(manifest.result_sha256)

    const sample = await cli(['evidence', 'sample', '--population', manifest.id, '--seed', 'q4-audit', '--size', '3', '--bundle', '--data-dir', data])
    expect(sample.code, sample.err).toBe(0)
    expect(JSON.parse(sample.out)).toMatchObject({ method: { id: 'sha256-rank/v1' }, size: 3, drawn_by: 'principal:cli', items: [{ findings: [{ rule_id: 'rbac.write-privileges-role' }] }, {}, {}] })
    const tooBig = await cli(['evidence', 'sample', '--population', manifest.id, '--seed', 'x', '--size', '11', '--data-dir', data])
    expect(tooBig.code).toBe(1)
    expect(tooBig.err).toContain('sample_too_large: a sample of 11 asked from a population of 10')
  })

  it("population --source access_log exports vigil's own access log for CC6.1 with its columns", async () => {
    const { code, err } = await cli(['evidence', 'population', '--framework', 'soc2', '--control', 'CC6.1', '--source', 'access_log', ...PERIOD, '--out', 'cc61-access.csv'])
    expect(code, err).toBe(0)
    expect(readFileSync(join(dir, 'cc61-access.csv'), 'utf8').split('\r\n')[0]).toBe('\ufeffid,at,principal,token_id,role,auth,source_ip,method,route,params,clusters,status,error_code,rows,sensitive,duration_ms')
    expect(JSON.parse(readFileSync(join(dir, 'cc61-access.csv.population.json'), 'utf8'))).toMatchObject({ name: 'soc2.CC6.1.access_log', source: 'access_log', rule_ids: [], order_by: ['at', 'id'] })
    const bad = await cli(['evidence', 'population', '--framework', 'soc2', '--control', 'CC6.1', '--source', 'kubelet', ...PERIOD, '--out', 'x.csv'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--source is audit_events or access_log, not kubelet')
  })

  it('summary lists every control; bad input is a usage error or the api refusal', async () => {
    const { code, out } = await cli(['evidence', 'summary', '--framework', 'soc2', ...PERIOD])
    expect(code).toBe(0)
    expect(out).toMatch(/^CC6\.3\s+operating\s+10\s+0\s+0\s+0\s+100%/m)
    expect(out).toContain('Automated assessment, not an audit opinion.')
    expect((await cli(['evidence', 'report', '--framework', 'soc2', ...PERIOD])).code).toBe(2)
    const unknown = await cli(['evidence', 'report', '--framework', 'soc2', '--control', 'CC63', ...PERIOD])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain('unknown_control')
    expect((await cli(['evidence', 'report', '--framework', 'soc2', '--control', 'CC6.3', '--server', 'http://127.0.0.1:9', '--start', '2026-10-01', '--end', '2026-10-02'])).err).toContain('--server needs --token')
  })
})
