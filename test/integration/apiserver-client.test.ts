import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { FALCO_EVENTS_DIR } from '../support/fixtures.js'
import { stopChild } from '../support/children.js'
import { allStoredEventKeys, spawnVigilStart } from '../support/vigil-process.js'

const CLIENT_DIR = fileURLToPath(new URL('../apiserver-client/', import.meta.url))
const haveGo = spawnSync('go', ['version']).status === 0
const haveOpenssl = spawnSync('openssl', ['version']).status === 0
const onCi = (process.env['CI'] ?? '') !== ''
if (!haveGo || !haveOpenssl) {
  const why = `the apiserver-client test needs Go and openssl (go: ${haveGo}, openssl: ${haveOpenssl})`
  if (onCi) throw new Error(why)
  process.stderr.write(`\n!!! SKIPPING: ${why}\n\n`)
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-apiserver-client-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(!haveGo || !haveOpenssl)("the kube-apiserver's own webhook client", () => {
  it('delivers every event of a JSON-lines audit log into embedded vigil over HTTPS with a bearer token', async () => {
    execFileSync('bash', [join(CLIENT_DIR, 'build.sh')], { stdio: 'inherit', timeout: 15 * 60_000 })
    const cert = join(dir, 'tls.crt')
    const key = join(dir, 'tls.key')
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' })

    const vigil = await spawnVigilStart(join(dir, 'data'), { VIGIL_INGEST__TLS__CERT_FILE: cert, VIGIL_INGEST__TLS__KEY_FILE: key })
    try {
      expect(vigil.ingestUrl.startsWith('https://')).toBe(true)
      const kubeconfig = join(dir, 'kubeconfig.yaml')
      writeFileSync(
        kubeconfig,
        `apiVersion: v1
kind: Config
clusters:
  - name: vigil
    cluster: { server: "${vigil.ingestUrl}/v1/audit", certificate-authority: "${cert}" }
users:
  - name: kube-apiserver
    user: { token: "${vigil.ingestToken}" }
contexts:
  - name: default
    context: { cluster: vigil, user: kube-apiserver }
current-context: default
`,
      )
      // One event per line, as a log backend writes; fal_01_003.json ({"kind": 0}) is not an event.
      const lines = readdirSync(FALCO_EVENTS_DIR)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .flatMap((f) => readFileSync(join(FALCO_EVENTS_DIR, f), 'utf8').split('\n'))
        .filter((l) => l.trim().length > 0)
      const log = join(dir, 'audit.log')
      writeFileSync(log, `${lines.join('\n')}\n`)
      const expected = new Set<string>()
      for (const l of lines) {
        const e = JSON.parse(l) as { auditID?: string; stage?: string }
        if (e.auditID !== undefined) expected.add(`${e.auditID}/${e.stage}`)
      }

      const run = spawnSync(join(CLIENT_DIR, 'bin', 'apiserver-client'), ['-kubeconfig', kubeconfig, '-in', log, '-batch-max-wait', '1s', '-initial-backoff', '1s'], { encoding: 'utf8', timeout: 180_000 })
      expect(run.status, run.stderr).toBe(0)
      const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as { read: number; sent: number; skipped: number; errors: number }
      expect(summary).toEqual({ read: lines.length, sent: lines.length - 1, skipped: 1, errors: 0 })

      const stored = new Set(await allStoredEventKeys(vigil.apiUrl, vigil.adminToken))
      expect([...expected].filter((k) => !stored.has(k))).toEqual([])
      expect(stored.size).toBe(expected.size)
    } finally {
      expect(await stopChild(vigil.child)).toBe(0)
    }
  })
})
