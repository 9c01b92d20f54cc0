import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '@vigil/cli'
import { MANAGED_DIR } from '../support/fixtures.js'

const dir = mkdtempSync(join(tmpdir(), 'vigil-analyze-cloud-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function analyze(args: string[]): Promise<{ code: number; findings: { audit_id: string; rule_id: string }[]; err: string }> {
  let out = ''
  let err = ''
  const sink = (append: (s: string) => void) => new Writable({ write: (c, _e, cb) => (append(String(c)), cb()) })
  const code = await runCli(['analyze', '--json', ...args], { env: {}, cwd: process.cwd(), stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), isTty: false })
  return { code, err, findings: out.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { audit_id: string; rule_id: string }) }
}

const EXEC_ID = 'ca1ed9f4-7bf4-4c85-81a8-1b11253d1ba6'
const khi = (name: string) => JSON.parse(readFileSync(`${MANAGED_DIR}/gke/${name}`, 'utf8')) as Record<string, unknown>
const gkeExec = { ...khi('khi-pods-status-patch.logentry.json'), insertId: 'gke-exec-1', protoPayload: { ...(khi('khi-pods-status-patch.logentry.json')['protoPayload'] as object), methodName: 'io.k8s.core.v1.pods.exec.create', resourceName: 'core/v1/namespaces/default/pods/p/exec' } }

describe('vigil analyze on the clouds\' export formats', () => {
  it.each([
    ['a CloudWatch Logs subscription payload (EKS)', `${MANAGED_DIR}/eks/cwl-data-message-audit.constructed.json`],
    ['a saved Firehose request body (EKS)', `${MANAGED_DIR}/eks/firehose-request-body.constructed.json`],
    ['an Event Hubs body (AKS)', `${MANAGED_DIR}/aks/eventhub-body.constructed.json`],
  ])('autodetects %s and finds the exec', async (_name, file) => {
    const { code, findings, err } = await analyze([file])
    expect(err).toBe('')
    expect(code).toBe(0)
    expect(findings.filter((f) => f.audit_id === EXEC_ID).map((f) => f.rule_id)).toContain('workload.exec-attach')
  })

  it('autodetects `aws logs filter-log-events` output', async () => {
    const message = (JSON.parse(readFileSync(`${MANAGED_DIR}/eks/cwl-data-message-audit.constructed.json`, 'utf8')) as { logEvents: { message: string }[] }).logEvents[0]!.message
    const file = join(dir, 'filter-log-events.json')
    writeFileSync(file, JSON.stringify({ events: [{ logStreamName: 'kube-apiserver-audit-1', timestamp: 1, message, ingestionTime: 2, eventId: '1' }], searchedLogStreams: [] }, null, 2))
    expect((await analyze([file])).findings.map((f) => f.audit_id)).toContain(EXEC_ID)
  })

  it('autodetects GKE LogEntry JSON lines and a gcloud JSON array, converting them as the Pub/Sub source does', async () => {
    const lines = join(dir, 'gke.jsonl')
    writeFileSync(lines, [khi('khi-pods-create.logentry.json'), gkeExec].map((e) => JSON.stringify(e)).join('\n') + '\n')
    const array = join(dir, 'gke.json')
    writeFileSync(array, JSON.stringify([gkeExec], null, 2))
    for (const file of [lines, array]) {
      const { code, findings } = await analyze([file])
      expect(code).toBe(0)
      expect(findings.filter((f) => f.audit_id === 'gke-exec-1').map((f) => f.rule_id)).toContain('workload.exec-attach')
    }
  })

  it('reads AKS records one per line (a Storage-account archive), and names a partial record as a problem', async () => {
    const body = JSON.parse(readFileSync(`${MANAGED_DIR}/aks/eventhub-body.constructed.json`, 'utf8')) as { records: unknown[] }
    const archive = join(dir, 'PT1H.json')
    writeFileSync(archive, body.records.map((r) => JSON.stringify(r)).join('\n') + '\n')
    const ok = await analyze([archive])
    expect(ok.code).toBe(0)
    expect(ok.findings.filter((f) => f.audit_id === EXEC_ID).map((f) => f.rule_id)).toContain('workload.exec-attach')
    // Panther's hand-made AKS test record has no auditID or timestamps: not an Event vigil can take.
    const partial = join(dir, 'panther.json')
    writeFileSync(partial, readFileSync(`${MANAGED_DIR}/aks/panther-k8s_exec_into_pod-aks-test.json`, 'utf8').replace(/\n\s*/g, '') + '\n')
    const bad = await analyze([partial])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/panther\.json:1: invalid event: .*auditID/)
  })

  it('--format forces one format: a LogEntry read as a native Event is a problem, exit 2', async () => {
    const file = join(dir, 'forced.jsonl')
    writeFileSync(file, JSON.stringify(gkeExec) + '\n')
    const forced = await analyze(['--format', 'audit', file])
    expect(forced.code).toBe(2)
    expect(forced.err).toContain('forced.jsonl:1')
    expect((await analyze(['--format', 'gke', file])).findings.map((f) => f.audit_id)).toContain('gke-exec-1')
    expect((await analyze(['--format', 'xml', file])).code).toBe(2)
  })
})
