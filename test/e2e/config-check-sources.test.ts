import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '@vigil/cli'

const dir = mkdtempSync(join(tmpdir(), 'vigil-sources-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function check(yaml: string, env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`)
  writeFileSync(file, yaml)
  let out = ''
  let err = ''
  const sink = (append: (s: string) => void) => new Writable({ write: (c, _e, cb) => (append(String(c)), cb()) })
  const code = await runCli(['config', 'check', file], { env, cwd: dir, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), isTty: false })
  return { code, out, err }
}

const VALID = `
ingest:
  sources:
    - type: eks_firehose
      name: eks-prod
      cluster: eks-prod
      access_key: { file: ./firehose-key }
    - type: gke_pubsub_push
      name: gke-prod
      cluster: gke-prod
      auth: { type: oidc, audience: https://vigil.example/v1/sources/pubsub/gke-prod, service_account_email: push@p.iam.gserviceaccount.com }
    - type: aks_event_hubs
      name: aks-prod
      cluster: aks-prod
      brokers: [example-ns.servicebus.windows.net:9093]
      topic: insights-logs-kube-audit
      sasl: { password: { env: AKS_EVENTHUBS_CONNECTION_STRING } }
`

describe('vigil config check on ingest.sources', () => {
  it('accepts one source per cloud whose credentials can be read', async () => {
    writeFileSync(join(dir, 'firehose-key'), 'a-firehose-access-key-0123456789\n')
    const r = await check(VALID, { AKS_EVENTHUBS_CONNECTION_STRING: 'Endpoint=sb://example-ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=s' })
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
  })

  it('names a credential file or environment variable that cannot be read', async () => {
    rmSync(join(dir, 'firehose-key'), { force: true })
    const r = await check(VALID)
    expect(r.code).toBe(1)
    expect(r.err).toContain('ingest.sources.0 (eks-prod).access_key: cannot read ./firehose-key')
    expect(r.err).toContain('ingest.sources.2 (aks-prod).sasl.password: environment variable AKS_EVENTHUBS_CONNECTION_STRING is not set')
  })

  it('lists schema problems: an unknown type, a missing audience', async () => {
    const r = await check(`
ingest:
  sources:
    - { type: eks_kinesis, name: a, cluster: a }
    - { type: gke_pubsub_push, name: b, cluster: b, auth: { type: oidc } }
`)
    expect(r.code).toBe(1)
    expect(r.err).toContain('ingest.sources.0.type')
    expect(r.err).toContain('ingest.sources.1.auth.audience')
  })

  it('refuses a source name used twice', async () => {
    const r = await check(`
ingest:
  sources:
    - { type: eks_firehose, name: c, cluster: c, access_key: { value: first-key-0123456789 } }
    - { type: eks_firehose, name: c, cluster: d, access_key: { value: another-key-0123456789 } }
`)
    expect(r.code).toBe(1)
    expect(r.err).toContain('source name "c" is used twice')
  })

  it('refuses a shared secret shorter than 16 characters', async () => {
    const r = await check('ingest:\n  sources:\n    - { type: eks_firehose, name: c, cluster: c, access_key: { value: short } }\n')
    expect(r.code).toBe(1)
    expect(r.err).toContain('access_key: must be at least 16 characters')
  })
})
