import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { buildApiApp, configuredApiTokens, loadConsoleAssets, CONSOLE_PAGES, type AccessLogWriter, type ApiToken, type ConsoleAssets, type ApiAppDeps, type LedgerAccess, type TokenAdmin } from '@vigil/api'
import { AuthSection, createCredentialResolver, createMetrics } from '@vigil/platform'
import type { Store } from '@vigil/store'
import { quietLogger } from '../../../test/support/quiet-logger.js'

const INDEX = '<!doctype html><html lang="en"><title>vigil</title><div id="app"></div><script type="module" src="/assets/index-abc123.js"></script></html>'
const SCRIPT = 'console.log("the console")\n'.repeat(50)

function builtConsole(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-console-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), INDEX)
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), SCRIPT)
  writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync(SCRIPT))
  return dir
}

/** Records requests nowhere: these tests are about the console, not the access log. */
const noAccessLog: AccessLogWriter = { record: () => undefined, flush: async () => undefined, close: async () => undefined }

function app(assets: ConsoleAssets | undefined, tokens: readonly ApiToken[] = []) {
  const logger = quietLogger()
  return buildApiApp({
    store: {} as Store,
    credentials: createCredentialResolver({ configured: configuredApiTokens(tokens), pollIntervalMs: 60_000, logger }),
    auth: AuthSection.parse({}),
    tokens: {} as TokenAdmin,
    accessLog: noAccessLog,
    ledger: {} as LedgerAccess,
    evidence: {} as ApiAppDeps['evidence'],
    metrics: createMetrics({ defaultMetrics: false }),
    logger,
    version: 'test',
    now: () => new Date(),
    console: assets,
  })
}

describe('the console plugin', () => {
  const assets = loadConsoleAssets(builtConsole())
  const a = app(assets)
  afterAll(() => a.close())

  it('reads a build into memory, and nothing from a directory without index.html', () => {
    expect([...(assets?.keys() ?? [])].sort()).toEqual(['/assets/index-abc123.js', '/index.html'])
    expect(loadConsoleAssets(mkdtempSync(join(tmpdir(), 'vigil-empty-')))).toBeUndefined()
  })

  it.each(['/', '/login', '/findings', '/findings/0123456789abcdef0123456789abcdef', '/health', '/findings?severity=high&sort=age:desc'])('serves index.html at %s, with the security headers', async (url) => {
    const res = await a.inject({ method: 'GET', url })
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe(INDEX)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['content-security-policy']).toContain("script-src 'self'")
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['cache-control']).toBe('no-cache')
  })

  it('lists every page the console routes', () => {
    expect(CONSOLE_PAGES).toEqual(['/', '/login', '/findings', '/findings/:id', '/health', '/alerts', '/alerts/notifications', '/alerts/silences', '/alerts/sinks', '/login/callback'])
  })

  it('sends hashed assets gzipped when asked, cacheable for a year, and answers 304 to a matching ETag', async () => {
    const plain = await a.inject({ method: 'GET', url: '/assets/index-abc123.js' })
    expect(plain.statusCode).toBe(200)
    expect(plain.body).toBe(SCRIPT)
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const gz = await a.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, br' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gz.rawPayload.length).toBeLessThan(SCRIPT.length / 5)
    const again = await a.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'if-none-match': String(plain.headers['etag']) } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
  })

  it('leaves everything else to the API: unknown paths are JSON 404s, API routes still answer', async () => {
    const missing = await a.inject({ method: 'GET', url: '/assets/nope.js' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.code).toBe('not_found')
    expect((await a.inject({ method: 'GET', url: '/v1/whoami' })).statusCode).toBe(401)
    expect((await a.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' })
  })
})

describe('the console plugin without a build', () => {
  const a = app(undefined)
  afterAll(() => a.close())

  it('says how to build the console instead of a blank page', async () => {
    const res = await a.inject({ method: 'GET', url: '/findings' })
    expect(res.statusCode).toBe(503)
    expect(res.headers['retry-after']).toBe('60')
    expect(res.body).toContain('npm run build')
  })
})

describe('GET /v1/whoami', () => {
  const b = app(undefined, [
    { name: 'ops', role: 'admin', token: 'whoami-admin-token-0001' },
    { name: 'eu-auditor', role: 'auditor', token: 'whoami-auditor-token-01', clusters: ['eu-1', 'eu-2'] },
  ])
  afterAll(() => b.close())

  it('names the token, its role and its clusters (null: all)', async () => {
    const admin = await b.inject({ method: 'GET', url: '/v1/whoami', headers: { authorization: 'Bearer whoami-admin-token-0001' } })
    expect(admin.statusCode).toBe(200)
    expect(admin.json()).toEqual({ name: 'ops', role: 'admin', clusters: null })
    const auditor = await b.inject({ method: 'GET', url: '/v1/whoami', headers: { authorization: 'Bearer whoami-auditor-token-01' } })
    expect(auditor.json()).toEqual({ name: 'eu-auditor', role: 'auditor', clusters: ['eu-1', 'eu-2'] })
  })

  it('answers 401 without a token or with an unknown one', async () => {
    expect((await b.inject({ method: 'GET', url: '/v1/whoami' })).statusCode).toBe(401)
    const res = await b.inject({ method: 'GET', url: '/v1/whoami', headers: { authorization: 'Bearer not-a-known-token-000' } })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('unauthorized')
  })
})
