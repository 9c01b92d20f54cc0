import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The built CLI; the benchmarks and the process-level tests both run it. */
export const VIGIL_BIN = fileURLToPath(new URL('../../packages/cli/bin/vigil.js', import.meta.url))

export interface SpawnedCommand {
  child: ChildProcess
  /** The banner line's match. */
  match: RegExpExecArray
  /** Everything the process wrote to stderr (and stdout) so far. */
  output: () => string
}

/** Runs `vigil <args>` and waits until its output matches `banner`. */
export async function spawnCommand(args: readonly string[], env: Record<string, string>, banner: RegExp, timeoutMs = 90_000): Promise<SpawnedCommand> {
  const child = spawn(process.execPath, [VIGIL_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  const t0 = Date.now()
  for (;;) {
    const match = banner.exec(out)
    if (match !== null) return { child, match, output: () => out }
    if (child.exitCode !== null) throw new Error(`vigil ${args.join(' ')} exited with ${child.exitCode}:\n${out}`)
    if (Date.now() - t0 > timeoutMs) {
      child.kill('SIGKILL')
      throw new Error(`vigil ${args.join(' ')} printed no banner in ${timeoutMs} ms:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

export interface RunningVigil {
  child: ChildProcess
  ingestUrl: string
  apiUrl: string
  ingestToken: string
  adminToken: string
  output: () => string
}

/** `vigil start` as a child process, on free ports, data in `dataDir`. */
export async function spawnVigil(dataDir: string, env: Record<string, string> = {}, timeoutMs = 90_000): Promise<RunningVigil> {
  const { child, output } = await spawnCommand(
    ['start', '--data-dir', dataDir],
    { VIGIL_INGEST__PORT: '0', VIGIL_API__PORT: '0', VIGIL_LOG_LEVEL: 'warn', ...env },
    /ingest\s+https?:\/\/\S+\/v1\/audit[\s\S]*api\s+https?:\/\/\S+\/v1\/findings/,
    timeoutMs,
  )
  const text = output()
  return {
    child,
    output,
    ingestUrl: (/ingest\s+(https?:\/\/\S+)\/v1\/audit/.exec(text) as RegExpExecArray)[1] as string,
    apiUrl: (/api\s+(https?:\/\/\S+)\/v1\/findings/.exec(text) as RegExpExecArray)[1] as string,
    ingestToken: readFileSync(join(dataDir, 'ingest-token'), 'utf8').trim(),
    adminToken: readFileSync(join(dataDir, 'admin-token'), 'utf8').trim(),
  }
}

export async function stopVigil(v: { child: ChildProcess }): Promise<void> {
  if (v.child.exitCode !== null || v.child.signalCode !== null) return
  const done = new Promise((r) => v.child.once('exit', r))
  v.child.kill('SIGTERM')
  await done
}

/**
 * Posts EventList bodies to a vigil's ingest, `concurrency` at a time, as
 * apiservers would: a 429 or 503 is retried after 50 ms, anything else but a
 * 200 throws. Resolves with the number of events answered 200. `onPost(i)` is
 * called as body i is first sent (latency benches time from there).
 */
export async function postAuditBodies(vigil: { ingestUrl: string; ingestToken: string }, bodies: readonly string[], concurrency = 16, onPost?: (index: number) => void): Promise<number> {
  let next = 0
  let accepted = 0
  const worker = async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      onPost?.(i)
      for (;;) {
        const res = await fetch(`${vigil.ingestUrl}/v1/audit`, { method: 'POST', headers: { authorization: `Bearer ${vigil.ingestToken}`, 'content-type': 'application/json' }, body: bodies[i] })
        const body = (await res.json()) as { accepted?: number }
        if (res.status === 200) {
          accepted += body.accepted ?? 0
          break
        }
        if (res.status !== 429 && res.status !== 503) throw new Error(`ingest answered ${res.status}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return accepted
}
