import { spawn, type ChildProcess } from 'node:child_process'
import { killOnExit } from './children.js'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const VIGIL_BIN = fileURLToPath(new URL('../../packages/cli/bin/vigil.js', import.meta.url))
const BUILT = fileURLToPath(new URL('../../packages/cli/dist/index.js', import.meta.url))

export interface VigilProcess {
  child: ChildProcess
  ingestUrl: string
  apiUrl: string
  stderr: () => string
  ingestToken: string
  adminToken: string
}

/** Runs the built `vigil start` as a child process and waits for its banner. */
export async function spawnVigilStart(dataDir: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<VigilProcess> {
  if (!existsSync(BUILT)) throw new Error('packages/cli/dist is missing: run `npm run build` (npm test does it first)')
  const child = spawn(process.execPath, [VIGIL_BIN, 'start', '--data-dir', dataDir], {
    env: { ...process.env, VIGIL_INGEST__PORT: '0', VIGIL_API__PORT: '0', VIGIL_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  killOnExit(child)
  let err = ''
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const started = Date.now()
  for (;;) {
    const ingest = /ingest\s+(https?:\/\/\S+)\/v1\/audit/.exec(err)
    const api = /api\s+(http:\/\/\S+)\/v1\/findings/.exec(err)
    if (ingest !== null && api !== null) {
      return {
        child,
        ingestUrl: ingest[1] as string,
        apiUrl: api[1] as string,
        stderr: () => err,
        ingestToken: readFileSync(join(dataDir, 'ingest-token'), 'utf8').trim(),
        adminToken: readFileSync(join(dataDir, 'admin-token'), 'utf8').trim(),
      }
    }
    if (child.exitCode !== null) throw new Error(`vigil start exited with ${child.exitCode}:\n${err}`)
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL')
      throw new Error(`vigil start did not print its banner in ${timeoutMs} ms:\n${err}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

export function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)))
}

/** Every stored (auditID, stage) via the API, following cursors. */
export async function allStoredEventKeys(apiUrl: string, token: string): Promise<string[]> {
  const keys: string[] = []
  let cursor: string | null = null
  do {
    const url: string = `${apiUrl}/v1/events?limit=1000${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`)
    const page = (await res.json()) as { items: { audit_id: string; stage: string }[]; next_cursor: string | null }
    for (const e of page.items) keys.push(`${e.audit_id}/${e.stage}`)
    cursor = page.next_cursor
  } while (cursor !== null)
  return keys
}
