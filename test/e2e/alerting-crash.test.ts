import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startLocalServer } from '../../packages/alerts/test/local-server.js'
import { auditEvent, eventList } from '../support/pipeline.js'
import { exitOf, stopChild } from '../support/children.js'
import { spawnVigilStart } from '../support/vigil-process.js'

const dir = mkdtempSync(join(tmpdir(), 'vigil-alert-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const t0 = Date.now()
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`never happened: ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('kill -9 of vigil start while a notification is in backoff', () => {
  it('delivers it after the restart, with the same webhook-id', async () => {
    let up = false
    const soar = await startLocalServer((_req, res) => {
      res.writeHead(up ? 200 : 503)
      res.end()
    })
    const config = join(dir, 'vigil.yaml')
    writeFileSync(config, `alerting:
  external_url: https://vigil.example.com
  egress: { https_only: false, allow_cidrs: [127.0.0.0/8] }
  delivery: { retry: { base: 4s, cap: 4s, max_attempts: 50, max_age: 1h } }
  sinks:
    - name: soar
      type: webhook
      url: ${soar.url('/hooks/vigil')}
      allow_http: true
      signing: { secrets: [ { env: CRASH_WHSEC } ] }
  routes:
    - { name: secrets, when: { rule_ids: [secrets.read-by-human] }, sinks: [soar], group_wait: 0s }
    - { name: unmatched, when: {}, sinks: [] }
`)
    const env = { VIGIL_CONFIG: config, CRASH_WHSEC: `whsec_${randomBytes(32).toString('base64')}` }
    const first = await spawnVigilStart(dir, env)
    const event = auditEvent({ auditID: `crash-alert-${randomBytes(4).toString('hex')}`, verb: 'get', user: { username: 'alice@example.com' }, objectRef: { resource: 'secrets', namespace: 'payments', name: 'db', apiVersion: 'v1' } })
    const res = await fetch(`${first.ingestUrl}/v1/audit`, { method: 'POST', headers: { authorization: `Bearer ${first.ingestToken}`, 'content-type': 'application/json' }, body: eventList([event]) })
    expect(res.status).toBe(200)
    await until(() => soar.received.length >= 1, 'a first (failing) attempt')
    first.child.kill('SIGKILL')
    expect(await exitOf(first.child)).toBe(null)
    const failed = soar.received.length
    const id = soar.received[0]!.headers['webhook-id']
    expect(id).toMatch(/^n_[0-9a-f]{32}$/)

    up = true
    const second = await spawnVigilStart(dir, env)
    try {
      await until(() => soar.received.length > failed, 'the delivery after the restart')
      const after = soar.received.slice(failed)
      expect(new Set(soar.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([id]))
      expect(after.length).toBeGreaterThanOrEqual(1)
    } finally {
      expect(await stopChild(second.child)).toBe(0)
      await soar.close()
    }
  })
})
