import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '@vigil/cli'
import { auditEvent, eventList } from '../support/pipeline.js'
import { stopChild } from '../support/children.js'
import { spawnVigilStart } from '../support/vigil-process.js'
import type { RunningVigil } from '../../bench/src/vigil-process.js'

const dir = mkdtempSync(join(tmpdir(), 'vigil-first-start-'))
const dataDir = join(dir, 'data')
let vigil: RunningVigil
/** Every token value seen in this file, for the leak check. */
const secrets = new Set<string>()

beforeAll(async () => {
  // Variables with vigil's prefix that are not config (a test's, the CLI's) must not stop it.
  vigil = await spawnVigilStart(dataDir, { VIGIL_FIXTURES_DIR: '/tmp/not-config', VIGIL_API_URL: 'http://127.0.0.1:1' })
  secrets.add(vigil.adminToken)
  secrets.add(vigil.ingestToken)
})
afterAll(async () => {
  await stopChild(vigil.child)
  rmSync(dir, { recursive: true, force: true })
})

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const sink = (append: (s: string) => void) => new Writable({ write: (c, _e, cb) => (append(String(c)), cb()) })
  const code = await runCli(args, { env: { VIGIL_API_URL: vigil.apiUrl }, cwd: dir, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), isTty: false })
  return { code, out, err }
}

describe('vigil start with no config', () => {
  it('stores its first tokens with mode 0600 and prints where they are and how to show them, never their values', () => {
    for (const name of ['admin-token', 'ingest-token']) {
      const path = join(dataDir, name)
      expect(statSync(path).mode & 0o777).toBe(0o600)
      expect(vigil.output()).toContain(`cat ${path}`)
    }
    expect(vigil.output()).toContain('admin API token (your login token)')
    for (const s of secrets) expect(vigil.output()).not.toContain(s)
  })
})

describe('vigil tokens against the running api', () => {
  it('creates, lists, rotates and revokes; new tokens work on the webhook at once', async () => {
    const created = await cli(['tokens', 'create', '--data-dir', 'data', '--name', 'prod-apiserver', '--role', 'ingest', '--cluster', 'prod', '--out', 'prod.token'])
    expect(created.code, created.err).toBe(0)
    expect(created.out).toBe('')
    expect(statSync(join(dir, 'prod.token')).mode & 0o777).toBe(0o600)
    const token = readFileSync(join(dir, 'prod.token'), 'utf8').trim()
    secrets.add(token)
    const id = /token ([0-9a-f]{16})/.exec(created.err)?.[1] as string
    expect(id).toBeDefined()
    const send = (t: string) => fetch(`${vigil.ingestUrl}/v1/audit`, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' }, body: eventList([auditEvent()]) })
    expect((await send(token)).status).toBe(200)

    const list = await cli(['tokens', 'list', '--data-dir', 'data'])
    expect(list.code).toBe(0)
    expect(list.out).toMatch(new RegExp(`${id}\\s+prod-apiserver\\s+ingest\\s+prod\\s+active`))
    expect(list.out).toMatch(/\(config\)\s+admin\s+admin/)

    const rotated = await cli(['tokens', 'rotate', id, '--data-dir', 'data', '--overlap', '10m'])
    expect(rotated.code, rotated.err).toBe(0)
    const next = rotated.out.trim()
    secrets.add(next)
    expect(next).toMatch(/^vigil_ing_[0-9a-f]{16}_/)
    expect(rotated.err).toContain(`the old token ${id} works until`)
    // Inside the overlap both work.
    expect((await send(token)).status).toBe(200)
    expect((await send(next)).status).toBe(200)

    const revoked = await cli(['tokens', 'revoke', id, '--data-dir', 'data'])
    expect(revoked.code).toBe(0)
    expect((await send(token)).status).toBe(401)
    expect((await send(next)).status).toBe(200)
  })

  it('prints the api refusal and exits 1; a missing token file is a usage error', async () => {
    const bad = await cli(['tokens', 'revoke', '0123456789abcdef', '--data-dir', 'data'])
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('404 not_found')
    const none = await cli(['tokens', 'list', '--data-dir', 'nowhere'])
    expect(none.code).toBe(2)
    expect(none.err).toContain('no admin token at')
  })

  it('starts with a VIGIL_* variable that is not config, and warns naming it (not its value)', () => {
    expect(vigil.output()).toMatch(/ignoring VIGIL_FIXTURES_DIR: not config/)
    expect(vigil.output()).not.toContain('/tmp/not-config')
    expect(vigil.output()).not.toMatch(/ignoring [^:]*VIGIL_API_URL/)
  })

  it('leaves no token value in the process output', () => {
    expect(secrets.size).toBeGreaterThanOrEqual(4)
    for (const s of secrets) expect(vigil.output()).not.toContain(s)
  })
})
