import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { spawnVigil, type RunningVigil } from '../../bench/src/vigil-process.js'
import { killOnExit } from './children.js'

const BUILT = fileURLToPath(new URL('../../packages/cli/dist/index.js', import.meta.url))

/** Runs the built `vigil start` as a child process and waits for its banner; killed when the test worker exits. */
export async function spawnVigilStart(dataDir: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<RunningVigil> {
  if (!existsSync(BUILT)) throw new Error('packages/cli/dist is missing: run `npm run build` (npm test does it first)')
  const v = await spawnVigil(dataDir, env, timeoutMs)
  killOnExit(v.child)
  return v
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
