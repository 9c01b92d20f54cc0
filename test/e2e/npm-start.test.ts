import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { killOnExit } from '../support/children.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'vigil-npm-start-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('npm start under a supervisor', () => {
  it('shows the build as it goes, and a TERM to npm stops the vigil process (no orphan left serving)', async () => {
    const npm = spawn('npm', ['start'], {
      cwd: root,
      env: { ...process.env, VIGIL_DATA_DIR: join(dir, 'data'), VIGIL_INGEST__PORT: '0', VIGIL_API__PORT: '0', VIGIL_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    killOnExit(npm)
    let out = ''
    npm.stdout.on('data', (d: Buffer) => (out += d.toString()))
    npm.stderr.on('data', (d: Buffer) => (out += d.toString()))
    await vi.waitFor(() => expect(out).toContain('"msg":"vigil started"'), { timeout: 300_000, interval: 200 })
    // turbo names each package's build as it runs (or finds it cached).
    expect(out).toMatch(/@vigil\/cli:build/)
    const pid = Number(/"pid":(\d+),"name":"vigil"[^\n]*"msg":"vigil started"/.exec(out)?.[1])
    expect(pid).toBeGreaterThan(0)
    expect(pid).not.toBe(npm.pid)
    const exited = new Promise((r) => npm.once('exit', r))
    npm.kill('SIGTERM')
    await exited
    try {
      await vi.waitFor(() => expect(alive(pid)).toBe(false), { timeout: 30_000, interval: 100 })
      expect(out).toContain('"msg":"shutdown complete"')
    } finally {
      // An orphan must not outlive a failed test.
      if (alive(pid)) process.kill(pid, 'SIGKILL')
    }
  }, 360_000)
})
