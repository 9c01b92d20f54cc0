import { describe, expect, it } from 'vitest'
import { createLogger } from '@vigil/platform'
import type { SessionRow, SessionStore } from '@vigil/store'
import { OidcConfig } from './config.js'
import { createOidc, SESSION_COOKIE, sessionKey } from './oidc.js'

// The reload's merge rules, with a session port whose answers the test releases by hand (the SQL itself runs on chDB in test/e2e/oidc.test.ts).

const config = OidcConfig.parse({ issuer_url: 'http://127.0.0.1:1/', client_id: 'vigil', client_secret: 's', redirect_url: 'http://127.0.0.1:8081/auth/callback', role_mappings: [{ group: 'g', role: 'auditor' }] })
const logger = createLogger({ level: 'silent', destination: { write: () => {} } })
const ID = 'session-id-held-by-the-browser'
const row: SessionRow = { id_sha256: sessionKey(ID), principal: 'oidc:jane', role: 'auditor', scoped: true, clusters: ['eu-1'], groups: ['g'], created_at: '2026-12-01T00:00:00.000Z', expires_at: '2099-01-01T00:00:00.000Z', revoked_at: null, updated_at: '2026-12-01T00:00:00.000Z' }

function manualStore() {
  const puts: SessionRow[] = []
  const answers: ((rows: SessionRow[]) => void)[] = []
  const store: SessionStore = {
    put: async (rows) => void puts.push(...rows),
    live: () => new Promise((resolve) => answers.push(resolve)),
  }
  return { store, puts, answer: (rows: SessionRow[]) => answers.shift()?.(rows) }
}

describe('stored sessions in one process', () => {
  it('accepts a session another process stored, with its scope, once a reload has loaded it', async () => {
    const m = manualStore()
    const oidc = createOidc({ config, logger, sessions: m.store, pollIntervalMs: 60_000, fetch: async () => new Response('', { status: 503 }) })
    const cookies = { [SESSION_COOKIE]: ID }
    expect(() => oidc.sessionPrincipal(cookies)).toThrow(/unknown or ended session/)
    const loading = oidc.refresh()
    m.answer([row])
    await loading
    expect(oidc.sessionPrincipal(cookies)).toEqual({ name: 'oidc:jane', role: 'auditor', clusters: ['eu-1'], auth: 'session', id: `sess_${row.id_sha256.slice(0, 16)}` })
    oidc.close()
  })

  it('does not bring back a session logged out here while a reload that still saw it was running', async () => {
    const m = manualStore()
    const oidc = createOidc({ config, logger, sessions: m.store, pollIntervalMs: 60_000, fetch: async () => new Response('', { status: 503 }) })
    const cookies = { [SESSION_COOKIE]: ID }
    const first = oidc.refresh()
    m.answer([row])
    await first
    const stale = oidc.refresh()
    const out = await oidc.logout(cookies)
    expect(out).toMatchObject({ ended: true })
    expect(m.puts).toEqual([{ ...row, revoked_at: expect.any(String), updated_at: expect.any(String) }])
    // The reload answers with what it read before the logout was stored.
    m.answer([row])
    await stale
    expect(() => oidc.sessionPrincipal(cookies)).toThrow(/unknown or ended session/)
    // Once the store no longer lists it, nothing is kept about it.
    const next = oidc.refresh()
    m.answer([])
    await next
    expect(() => oidc.sessionPrincipal(cookies)).toThrow(/unknown or ended session/)
    oidc.close()
  })

  it('drops a session revoked elsewhere at the next reload', async () => {
    const m = manualStore()
    const oidc = createOidc({ config, logger, sessions: m.store, pollIntervalMs: 60_000 })
    const cookies = { [SESSION_COOKIE]: ID }
    const first = oidc.refresh()
    m.answer([row])
    await first
    expect(oidc.sessionPrincipal(cookies)?.name).toBe('oidc:jane')
    const second = oidc.refresh()
    m.answer([])
    await second
    expect(() => oidc.sessionPrincipal(cookies)).toThrow(/unknown or ended session/)
    oidc.close()
  })
})
