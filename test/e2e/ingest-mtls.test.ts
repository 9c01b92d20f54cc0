import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvent, eventList, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

const haveOpenssl = spawnSync('openssl', ['version']).status === 0
if (!haveOpenssl) {
  // Like the apiserver-client test: a missing tool fails CI rather than skipping quietly there.
  if ((process.env['CI'] ?? '') !== '') throw new Error('the mTLS ingest test needs openssl to make its certificates')
  process.stderr.write('\n!!! SKIPPING: the mTLS ingest test needs openssl to make its certificates\n\n')
}
const dir = mkdtempSync(join(tmpdir(), 'vigil-mtls-'))
let p: TestPipeline
let url: string

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' })
}

beforeAll(async () => {
  if (!haveOpenssl) return
  const f = (n: string) => join(dir, n)
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=test-ca', '-keyout', f('ca.key'), '-out', f('ca.crt'))
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', f('server.key'), '-out', f('server.crt'))
  for (const who of ['apiserver-prod', 'stranger']) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${who}`, '-keyout', f(`${who}.key`), '-out', f(`${who}.csr`))
    openssl('x509', '-req', '-in', f(`${who}.csr`), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '2', '-out', f(`${who}.crt`))
  }
  p = await startTestPipeline({ ingest: { tls: { cert_file: f('server.crt'), key_file: f('server.key'), client_ca_file: f('ca.crt') }, client_certs: [{ cluster: 'prod', common_name: 'apiserver-prod' }] } })
  url = await p.ingest.listen()
})
afterAll(async () => {
  await p?.close()
  rmSync(dir, { recursive: true, force: true })
})

function post(client: string | undefined, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/audit`,
      {
        method: 'POST',
        ca: readFileSync(join(dir, 'server.crt')),
        ...(client === undefined ? {} : { cert: readFileSync(join(dir, `${client}.crt`)), key: readFileSync(join(dir, `${client}.key`)) }),
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = ''
        res.on('data', (d: Buffer) => (text += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe.skipIf(!haveOpenssl)('ingest over mTLS', () => {
  it('takes a client certificate signed by the configured CA as the cluster identity', async () => {
    const e = auditEvent()
    const res = await post('apiserver-prod', eventList([e]))
    expect(res.status).toBe(200)
    const raw = await p.store.events.getRaw({ cluster: 'prod', audit_id: e['auditID'] as string, stage: 'ResponseComplete' })
    expect(raw).toMatchObject({ auditID: e['auditID'] })
  })

  it('refuses a verified certificate whose CN names no cluster, and no certificate at all', async () => {
    expect((await post('stranger', eventList([auditEvent()]))).status).toBe(401)
    expect((await post(undefined, eventList([auditEvent()]))).status).toBe(401)
  })
})
