import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '@vigil/cli'
import { FALCO_EVENTS_DIR, MANAGED_DIR } from '../support/fixtures.js'
import { ADMIN_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

const KEY = 'replay-firehose-access-key-0123456789'
const TOKEN = 'replay-pubsub-token-0123456789'
let p: TestPipeline
let url: string

beforeAll(async () => {
  p = await startTestPipeline({
    ingest: {
      host: '127.0.0.1',
      sources: [
        { type: 'eks_firehose', name: 'eks-demo', cluster: 'eks-demo', access_key: { value: KEY } },
        { type: 'gke_pubsub_push', name: 'gke-demo', cluster: 'gke-demo', auth: { type: 'token', token: { value: TOKEN } } },
      ],
    },
  })
  url = await p.ingest.listen()
})
afterAll(() => p.close())

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const sink = (append: (s: string) => void) => new Writable({ write: (c, _e, cb) => (append(String(c)), cb()) })
  const code = await runCli(args, { env: {}, cwd: process.cwd(), stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), isTty: false })
  return { code, out, err }
}

async function auditIds(cluster: string): Promise<string[]> {
  const res = await p.api.app.inject({ method: 'GET', url: `/v1/events?cluster=${cluster}&limit=1000`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  return (res.json().items as { audit_id: string }[]).map((e) => e.audit_id)
}

describe('vigil replay', () => {
  it('eks: replays the Firehose and CloudWatch fixtures and native Events through the Firehose route', async () => {
    const r = await cli(['replay', 'eks', '--url', url, '--access-key', KEY, `${MANAGED_DIR}/eks/firehose-request-body.constructed.json`, `${MANAGED_DIR}/eks/cwl-data-message-audit.constructed.json`, `${FALCO_EVENTS_DIR}/attach_cluster_admin_role.json`])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/firehose request \S+: 200/)
    const ids = await auditIds('eks-demo')
    expect(ids).toContain('ca1ed9f4-7bf4-4c85-81a8-1b11253d1ba6')
    expect(ids.length).toBeGreaterThanOrEqual(2)
  })

  it('eks: a wrong access key exits 1', async () => {
    const r = await cli(['replay', 'eks', '--url', url, '--access-key', 'wrong-key-0123456789', `${MANAGED_DIR}/eks/firehose-request-body.constructed.json`])
    expect(r.code).toBe(1)
    expect(r.out).toContain(': 401')
  })

  it('gke: replays the LogEntry fixtures and the push envelope through the Pub/Sub route', async () => {
    const r = await cli(['replay', 'gke', '--url', url, '--source', 'gke-demo', '--token', TOKEN, `${MANAGED_DIR}/gke/khi-pods-create.logentry.json`, `${MANAGED_DIR}/gke/pubsub-push-envelope.constructed.json`])
    expect(r.code).toBe(0)
    expect((await auditIds('gke-demo')).sort()).toEqual(['85371f7c-2383-4041-96e8-dad63d2d1990', 'c7842d26-11fe-446a-b985-b2b67ddbab09'])
  })

  it('refuses a missing cloud or credentials with 2', async () => {
    expect((await cli(['replay', 'azure', 'x.json'])).code).toBe(2)
    expect((await cli(['replay', 'eks', `${MANAGED_DIR}/eks/firehose-request-body.constructed.json`])).code).toBe(2)
  })
})
