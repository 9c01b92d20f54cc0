import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Provider from 'oidc-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiConfigSchema, ApiSection, createApi, type Api, type LedgerAccess, type RouteDeps } from '@vigil/api'
import { AuthSection, createCredentialResolver, createLogger, createMetrics } from '@vigil/platform'
import { openStore, RetentionConfig, type Store } from '@vigil/store'

/**
 * Sign-in against a real OpenID Connect provider (oidc-provider), started
 * here on loopback. The browser is played by fetch with a cookie jar; vigil
 * is driven with inject(), its callback URL being where the provider sends
 * the browser back.
 */
const CALLBACK = 'http://127.0.0.1:8081/auth/callback'
const SECRET = 'vigil-client-secret-0123456789abcdef'
const OTHER_SECRET = 'other-client-secret-0123456789abcdef'
const GROUPS: Record<string, string[]> = { alice: ['vigil-admins', 'staff'], bob: ['auditors-eu'], eve: ['marketing'] }

let provider: Provider
let server: Server
let issuer: string
let dir: string
let store: Store
/** Who the provider signs in at its next interaction. */
let loginAs = 'alice'
const logger = createLogger({ level: 'silent', destination: { write: () => {} } })

beforeAll(async () => {
  server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  provider = new Provider(issuer, {
    clients: [
      { client_id: 'vigil', client_secret: SECRET, redirect_uris: [CALLBACK], post_logout_redirect_uris: ['http://127.0.0.1:8081/'] },
      { client_id: 'other-app', client_secret: OTHER_SECRET, redirect_uris: [CALLBACK] },
    ],
    pkce: { methods: ['S256'], required: () => true },
    scopes: ['openid', 'profile', 'email', 'groups'],
    claims: { openid: ['sub'], email: ['email'], groups: ['groups'] },
    // Scope claims in the ID token itself, as most enterprise providers configure groups.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, email: `${sub}@example.com`, groups: GROUPS[sub] ?? [] }) }),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ['oidc-test-cookie-key-0123456789'] },
    // Consent is given: every client gets the scopes it asks for.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! })
      grant.addOIDCScope('openid profile email groups')
      await grant.save()
      return grant
    },
  })
  const callback = provider.callback()
  server.on('request', (req, res) => {
    // The login page: signs in whoever the test chose, as a person would by typing a password.
    if (req.url?.startsWith('/interaction/') === true) {
      void provider.interactionFinished(req, res, { login: { accountId: loginAs } }, { mergeWithLastSubmission: false })
      return
    }
    callback(req, res)
  })
  dir = mkdtempSync(join(tmpdir(), 'vigil-oidc-'))
  ;({ store } = await openStore({ store: { type: 'chdb' }, retention: RetentionConfig.parse({}), dataDir: dir }))
})

afterAll(async () => {
  await store.close()
  await new Promise((r) => server.close(r))
  rmSync(dir, { recursive: true, force: true })
})

function vigil(options: { clientId?: string; secret?: string; now?: () => Date; fetch?: typeof fetch; pollMs?: number } = {}): Api {
  const config = ApiSection.parse({
    port: 0,
    oidc: {
      issuer_url: issuer,
      client_id: options.clientId ?? 'vigil',
      client_secret: options.secret ?? SECRET,
      redirect_url: CALLBACK,
      allow_insecure_issuer: true,
      role_mappings: [
        { group: 'vigil-admins', role: 'admin' },
        { group: 'staff', role: 'analyst' },
        { group: 'auditors-eu', role: 'auditor', clusters: ['eu-1', 'eu-2'] },
      ],
    },
  })
  return createApi({
    config,
    auth: AuthSection.parse(options.pollMs === undefined ? {} : { token_poll_interval_ms: options.pollMs }),
    credentials: createCredentialResolver({ configured: [], pollIntervalMs: 60_000, logger }),
    configuredTokens: [],
    store,
    // Sign-in reads neither.
    ledger: {} as LedgerAccess,
    evidence: { catalog: {} as RouteDeps['evidence']['catalog'], config: ApiConfigSchema.parse({}).evidence },
    metrics: createMetrics({ defaultMetrics: false }),
    logger,
    version: 'test',
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.fetch === undefined ? {} : { oidcFetch: options.fetch as never }),
  })
}

const cookieOf = (setCookie: string | string[] | undefined, name: string): string | undefined =>
  ([] as string[]).concat(setCookie ?? []).find((c) => c.startsWith(`${name}=`))

/** Plays a browser from vigil's /auth/login to the provider's redirect back; returns the callback URL and vigil's login cookie. */
async function browserSignIn(api: Api, who: string): Promise<{ callbackUrl: URL; loginCookie: string }> {
  loginAs = who
  const start = await api.app.inject({ method: 'GET', url: '/auth/login' })
  expect(start.statusCode, start.body).toBe(302)
  const loginCookie = (cookieOf(start.headers['set-cookie'], 'vigil_login') as string).split(';')[0] as string
  const jar = new Map<string, string>()
  let location = start.headers.location as string
  for (let hops = 0; hops < 10; hops++) {
    if (location.startsWith(CALLBACK)) return { callbackUrl: new URL(location), loginCookie }
    const res = await fetch(new URL(location, issuer), { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const i = (pair as string).indexOf('=')
      jar.set((pair as string).slice(0, i), (pair as string).slice(i + 1))
    }
    expect([302, 303], await res.clone().text()).toContain(res.status)
    location = res.headers.get('location') as string
  }
  throw new Error('the provider never sent the browser back')
}

async function finish(api: Api, signIn: { callbackUrl: URL; loginCookie: string }) {
  return api.app.inject({ method: 'GET', url: `/auth/callback${signIn.callbackUrl.search}`, headers: { cookie: signIn.loginCookie } })
}

describe('OIDC sign-in against a real provider', () => {
  it('signs a mapped person in with a short-lived httpOnly, Secure, SameSite session that works on the API until logout', async () => {
    const api = vigil()
    const res = await finish(api, await browserSignIn(api, 'alice'))
    expect(res.statusCode, res.body).toBe(200)
    // In two groups: the more privileged role wins.
    expect(res.json()).toEqual({ signed_in_as: 'oidc:alice@example.com', role: 'admin', clusters: null })
    const session = cookieOf(res.headers['set-cookie'], 'vigil_session') as string
    expect(session).toMatch(/HttpOnly/)
    expect(session).toMatch(/Secure/)
    expect(session).toMatch(/SameSite=Lax/)
    expect(session).toMatch(/Max-Age=3600/)
    const cookie = session.split(';')[0] as string
    expect((await api.app.inject({ method: 'GET', url: '/v1/tokens', headers: { cookie } })).statusCode).toBe(200)

    const out = await api.app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie } })
    expect(out.statusCode).toBe(200)
    expect(out.json()).toMatchObject({ ended: true, end_session_url: expect.stringContaining(issuer) })
    expect(cookieOf(out.headers['set-cookie'], 'vigil_session')).toMatch(/Max-Age=0/)
    const after = await api.app.inject({ method: 'GET', url: '/v1/tokens', headers: { cookie } })
    expect(after.statusCode).toBe(401)
    expect(after.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.stringContaining('sign in again') } })

    // The sign-in is in the access log under the person's name.
    await api.flushAccessLog()
    const log = await store.accessLog.list({ limit: 100, principal: 'oidc:alice@example.com' })
    expect(log.items.map((r) => r.route)).toEqual(expect.arrayContaining(['/auth/callback', '/v1/tokens']))
    // The authorization code and state never reach the access log.
    const params = JSON.parse(log.items.find((r) => r.route === '/auth/callback')?.params ?? '{}') as Record<string, string>
    expect(params).toMatchObject({ code: '***', state: '***' })
    await api.stop()
  })

  it('maps a group to a role with a cluster scope', async () => {
    const api = vigil()
    const res = await finish(api, await browserSignIn(api, 'bob'))
    expect(res.json()).toEqual({ signed_in_as: 'oidc:bob@example.com', role: 'auditor', clusters: ['eu-1', 'eu-2'] })
    const cookie = (cookieOf(res.headers['set-cookie'], 'vigil_session') as string).split(';')[0] as string
    expect((await api.app.inject({ method: 'GET', url: '/v1/findings', headers: { cookie } })).statusCode).toBe(200)
    expect((await api.app.inject({ method: 'GET', url: '/v1/tokens', headers: { cookie } })).statusCode).toBe(403)
    await api.stop()
  })

  it('gives a person in no mapped group no access and no session', async () => {
    const api = vigil()
    const res = await finish(api, await browserSignIn(api, 'eve'))
    expect(res.statusCode).toBe(403)
    expect(res.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('marketing') } })
    expect(cookieOf(res.headers['set-cookie'], 'vigil_session')).toBeUndefined()
    await api.stop()
  })

  it('refuses a replayed state, and a callback in a browser that did not start the sign-in', async () => {
    const api = vigil()
    const signIn = await browserSignIn(api, 'alice')
    expect((await api.app.inject({ method: 'GET', url: `/auth/callback${signIn.callbackUrl.search}` })).statusCode).toBe(401)
    // That attempt used the state up: the real browser's own callback now fails too.
    const replay = await finish(api, signIn)
    expect(replay.statusCode).toBe(401)
    expect(replay.json()).toMatchObject({ error: { message: expect.stringContaining('unknown, used or expired sign-in state') } })

    const second = await browserSignIn(api, 'alice')
    expect((await finish(api, second)).statusCode).toBe(200)
    const again = await finish(api, second)
    expect(again.statusCode).toBe(401)
    expect(cookieOf(again.headers['set-cookie'], 'vigil_session')).toBeUndefined()
    await api.stop()
  })

  it('refuses an expired ID token', async () => {
    // vigil's clock two hours ahead of the provider's: the one-hour ID token has expired.
    const api = vigil({ now: () => new Date(Date.now() + 2 * 3600_000) })
    const res = await finish(api, await browserSignIn(api, 'alice'))
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.stringContaining('sign-in refused: unexpected JWT "exp" (expiration time) claim value') } })
    expect(cookieOf(res.headers['set-cookie'], 'vigil_session')).toBeUndefined()
    await api.stop()
  })

  it('refuses an ID token issued to another client (wrong audience)', async () => {
    // A real ID token the provider issued to "other-app", captured from its own sign-in...
    let captured: string | undefined
    const capture: typeof fetch = async (input, init) => {
      const res = await fetch(input, init)
      if (String(input).endsWith('/token')) captured = ((await res.clone().json()) as { id_token?: string }).id_token
      return res
    }
    const other = vigil({ clientId: 'other-app', secret: OTHER_SECRET, fetch: capture })
    expect((await finish(other, await browserSignIn(other, 'alice'))).statusCode).toBe(200)
    expect(captured).toBeDefined()
    await other.stop()

    // ...substituted into the token response vigil receives (a mix-up or a compromised path).
    const swap: typeof fetch = async (input, init) => {
      const res = await fetch(input, init)
      if (!String(input).endsWith('/token')) return res
      const body = (await res.json()) as Record<string, unknown>
      return new Response(JSON.stringify({ ...body, id_token: captured }), { status: res.status, headers: { 'content-type': 'application/json' } })
    }
    const api = vigil({ fetch: swap })
    const res = await finish(api, await browserSignIn(api, 'alice'))
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.stringContaining('sign-in refused: unexpected JWT "aud" (audience) claim value') } })
    await api.stop()
  })

  it('answers 404 on /auth/* when sign-in is not configured', async () => {
    const api = createApi({
      config: ApiSection.parse({ port: 0 }),
      auth: AuthSection.parse({}),
      credentials: createCredentialResolver({ configured: [], pollIntervalMs: 60_000, logger }),
      configuredTokens: [],
      store,
      ledger: {} as LedgerAccess,
      evidence: { catalog: {} as RouteDeps['evidence']['catalog'], config: ApiConfigSchema.parse({}).evidence },
      metrics: createMetrics({ defaultMetrics: false }),
      logger,
      version: 'test',
    })
    const res = await api.app.inject({ method: 'GET', url: '/auth/login' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('api.oidc') } })
    // A sign-in page learns this without starting a sign-in.
    const methods = await api.app.inject({ method: 'GET', url: '/auth/methods' })
    expect([methods.statusCode, methods.json()]).toEqual([200, { oidc: false }])
    await api.stop()
  })

  it('tells a sign-in page that OIDC is offered, without a token and without starting a sign-in', async () => {
    const api = vigil()
    const res = await api.app.inject({ method: 'GET', url: '/auth/methods' })
    expect([res.statusCode, res.json()]).toEqual([200, { oidc: true }])
    expect(res.headers['set-cookie']).toBeUndefined()
    await api.stop()
  })
})

describe('stored sessions: a restart keeps them, a logout on one replica ends them on all', () => {
  const sessionCookie = (res: { headers: Record<string, unknown> }) => (cookieOf(res.headers['set-cookie'] as string[], 'vigil_session') as string).split(';')[0] as string
  const read = (api: Api, url: string, cookie: string) => api.app.inject({ method: 'GET', url, headers: { cookie } })
  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await check()) return
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`never happened: ${what}`)
  }

  it('keeps a session across an api restart, stores only its SHA-256 and logs it by that', async () => {
    const first = vigil({ pollMs: 100 })
    const cookie = sessionCookie(await finish(first, await browserSignIn(first, 'alice')))
    expect((await read(first, '/v1/tokens', cookie)).statusCode).toBe(200)
    await first.stop()

    const second = vigil({ pollMs: 100 })
    expect((await read(second, '/v1/tokens', cookie)).statusCode).toBe(200)
    const id = decodeURIComponent(cookie.slice('vigil_session='.length))
    const live = await store.sessions.live(new Date().toISOString())
    const key = createHash('sha256').update(id).digest('hex')
    expect(live.find((r) => r.id_sha256 === key)).toMatchObject({ principal: 'oidc:alice@example.com', role: 'admin', scoped: false, clusters: [], groups: ['vigil-admins', 'staff'], revoked_at: null })
    expect(JSON.stringify(live)).not.toContain(id)
    await second.flushAccessLog()
    const log = await store.accessLog.list({ limit: 100, principal: 'oidc:alice@example.com', route: '/v1/tokens' })
    expect(log.items.length).toBeGreaterThan(0)
    for (const r of log.items) {
      expect(r.auth).toBe('session')
      expect(r.token_id).toMatch(/^sess_[0-9a-f]{16}$/)
      expect(id).not.toContain(r.token_id.slice(5))
    }
    await second.stop()
  })

  it('ends a session on every replica when it logs out on one, and after a restart', async () => {
    const a = vigil({ pollMs: 100 })
    const b = vigil({ pollMs: 100 })
    await b.app.ready()
    const cookie = sessionCookie(await finish(a, await browserSignIn(a, 'bob')))
    // bob's scope comes back from the store as it was granted.
    await until(async () => (await read(b, '/v1/findings', cookie)).statusCode === 200, 'replica b accepts the session')
    expect((await read(b, '/v1/findings?cluster=us-1', cookie)).json()).toMatchObject({ items: [] })
    expect((await read(b, '/v1/tokens', cookie)).statusCode).toBe(403)

    const out = await b.app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie } })
    expect(out.json()).toMatchObject({ ended: true })
    expect((await read(b, '/v1/findings', cookie)).statusCode).toBe(401)
    await until(async () => (await read(a, '/v1/findings', cookie)).statusCode === 401, 'replica a refuses the ended session')
    const c = vigil({ pollMs: 100 })
    expect((await read(c, '/v1/findings', cookie)).statusCode).toBe(401)
    await Promise.all([a.stop(), b.stop(), c.stop()])
  })
})
