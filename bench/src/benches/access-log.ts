import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiConfigSchema, ApiSection, createApi, type Api, type LedgerAccess, type RouteDeps } from '@vigil/api'
import { AuthSection, createCredentialResolver, createLogger, createMetrics } from '@vigil/platform'
import { openStore, RetentionConfig, type Store } from '@vigil/store'
import { median, withBaseline, type Result } from '../stats.js'

const TOKEN = 'bench-auditor-token-0123456789'

/** `requests` GETs of /v1/findings, 16 at a time, through inject(); requests per second. */
async function drive(api: Api, requests: number): Promise<number> {
  let next = 0
  const t0 = performance.now()
  const worker = async () => {
    while (next++ < requests) {
      const res = await api.app.inject({ method: 'GET', url: '/v1/findings?limit=10', headers: { authorization: `Bearer ${TOKEN}` } })
      if (res.statusCode !== 200) throw new Error(`api answered ${res.statusCode}`)
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
  await api.flushAccessLog()
  return Math.round((requests / (performance.now() - t0)) * 1000)
}

/**
 * The api's read path with its access log (every request recorded) on the
 * embedded store: records batched as shipped (up to 1,000 per insert, every
 * second) against, in the same run, one insert per request (max_batch 1),
 * the naive design. Both include writing every record before the clock
 * stops.
 */
export async function benchAccessLog(options: { requests: number; runs: number }): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'))
  const { store } = await openStore({ store: { type: 'chdb' }, retention: RetentionConfig.parse({}), dataDir: dir })
  const logger = createLogger({ level: 'silent', destination: { write: () => {} } })
  const apiWith = (maxBatch: number, s: Store) =>
    createApi({
      config: ApiSection.parse({ port: 0, access_log: { max_batch: maxBatch } }),
      auth: AuthSection.parse({}),
      credentials: createCredentialResolver({ configured: [{ token: TOKEN, credential: { name: 'bench', role: 'auditor', cluster: undefined, clusters: undefined } }], pollIntervalMs: 60_000, logger }),
      configuredTokens: [],
      store: s,
      // Not read by GET /v1/findings.
      ledger: {} as LedgerAccess,
      evidence: { catalog: {} as RouteDeps['evidence']['catalog'], config: ApiConfigSchema.parse({}).evidence },
      metrics: createMetrics({ defaultMetrics: false }),
      logger,
      version: 'bench',
    })
  const batched: number[] = []
  const single: number[] = []
  try {
    for (let run = 0; run < options.runs; run++) {
      const a = apiWith(1_000, store)
      batched.push(await drive(a, options.requests))
      await a.stop()
      const b = apiWith(1, store)
      single.push(await drive(b, options.requests))
      await b.stop()
    }
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
  const base = { name: 'api-access-log-insert-per-request', value: median(single), unit: 'requests/s' }
  return [
    withBaseline({ name: 'api-access-log-batched', value: median(batched), unit: 'requests/s', runs: batched, notes: 'GET /v1/findings?limit=10, 16 in flight, inject(), embedded store; every request recorded' }, base),
    { ...base, runs: single },
  ]
}
