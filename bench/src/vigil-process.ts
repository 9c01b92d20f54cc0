import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const VIGIL_BIN = fileURLToPath(new URL('../../packages/cli/bin/vigil.js', import.meta.url))

export interface RunningVigil {
  child: ChildProcess
  ingestUrl: string
  apiUrl: string
  ingestToken: string
  adminToken: string
}

/** `vigil start` as a child process, on free ports, data in `dataDir`. */
export async function spawnVigil(dataDir: string, env: Record<string, string> = {}): Promise<RunningVigil> {
  const child = spawn(process.execPath, [VIGIL_BIN, 'start', '--data-dir', dataDir], {
    env: { ...process.env, VIGIL_INGEST__PORT: '0', VIGIL_API__PORT: '0', VIGIL_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let err = ''
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const t0 = Date.now()
  for (;;) {
    const ingest = /ingest\s+(http:\/\/\S+)\/v1\/audit/.exec(err)
    const api = /api\s+(http:\/\/\S+)\/v1\/findings/.exec(err)
    if (ingest !== null && api !== null) {
      return {
        child,
        ingestUrl: ingest[1] as string,
        apiUrl: api[1] as string,
        ingestToken: readFileSync(join(dataDir, 'ingest-token'), 'utf8').trim(),
        adminToken: readFileSync(join(dataDir, 'admin-token'), 'utf8').trim(),
      }
    }
    if (child.exitCode !== null || Date.now() - t0 > 60_000) throw new Error(`vigil start failed:\n${err}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export async function stopVigil(v: RunningVigil): Promise<void> {
  if (v.child.exitCode !== null) return
  const done = new Promise((r) => v.child.once('exit', r))
  v.child.kill('SIGTERM')
  await done
}
