import { createHash, randomBytes } from 'node:crypto'
import * as client from 'openid-client'
import { AppError, type ApiRole } from '@vigil/core'
import type { Logger } from '@vigil/platform'
import type { SessionRow, SessionStore } from '@vigil/store'
import type { OidcConfig } from './config.js'
import type { Principal } from './principals.js'

export const SESSION_COOKIE = 'vigil_session'
export const LOGIN_COOKIE = 'vigil_login'
/** How long a started sign-in may take at the provider. */
const LOGIN_TTL_MS = 10 * 60_000
const MAX_PENDING = 10_000
const RANK: Record<ApiRole, number> = { admin: 3, analyst: 2, auditor: 1 }

interface PendingLogin {
  verifier: string
  nonce: string
  expires: number
}

interface Session {
  principal: Principal
  /** Held only by the process that signed the person in (for the provider's logout hint); never stored. */
  idToken: string | undefined
  groups: string[]
  created: number
  expires: number
  /** When this process finished storing it (0 when it came from a reload). */
  storedHere: number
}

export interface OidcDeps {
  config: OidcConfig
  logger: Logger
  /** Where sessions are kept, by the SHA-256 of their id, for every api process. */
  sessions: SessionStore
  /** How often the live sessions are reloaded: the longest a logout on another replica takes to apply here. */
  pollIntervalMs: number
  now?: () => Date
  /** Replaces fetch for calls to the provider (a proxy, tests). */
  fetch?: client.CustomFetch
}

/**
 * People's sign-in: authorization code with PKCE, state and nonce, at an
 * OpenID Connect provider; openid-client checks the ID token's signature,
 * issuer, audience, expiry and nonce. Groups map to a role and a cluster
 * scope. Sessions are stored (sessions_v1, by the SHA-256 of their id) and
 * every process reloads the live ones each pollIntervalMs, so a session
 * survives a restart, works on every replica, and a logout anywhere ends
 * it everywhere within one interval. A sign-in in progress (its state and
 * PKCE verifier) stays in the memory of the process that started it.
 */
export interface Oidc {
  /** Starts a sign-in: the provider URL to redirect to, and the cookie that binds the browser to it. */
  login(): Promise<{ location: string; cookie: string }>
  /** Finishes a sign-in from the callback URL; a session cookie and where to go. */
  callback(url: URL, cookies: Record<string, string>): Promise<{ cookie: string; clearLogin: string; principal: Principal }>
  /** The principal of a live session, undefined for none; throws unauthorized for an expired or unknown one. */
  sessionPrincipal(cookies: Record<string, string>): Principal | undefined
  /** Ends a session: the cookie that clears it, and the provider's logout URL when it has one. */
  logout(cookies: Record<string, string>): Promise<{ cookie: string; end_session_url: string | null; ended: boolean }>
  /** Loads the live sessions now (at start, and then every pollIntervalMs). */
  refresh(): Promise<void>
  /** Stops reloading. Idempotent. */
  close(): void
}

/** The stored key of a session id: its SHA-256, hex. */
export function sessionKey(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex')
}

function sessionOf(row: SessionRow): Session {
  const principal: Principal = { name: row.principal, role: row.role as ApiRole, clusters: row.scoped ? row.clusters : undefined, auth: 'session', id: `sess_${row.id_sha256.slice(0, 16)}` }
  return { principal, idToken: undefined, groups: row.groups, created: Date.parse(row.created_at), expires: Date.parse(row.expires_at), storedHere: 0 }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i <= 0) continue
    out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim())
  }
  return out
}

/** The role and scope the mapped groups give, or undefined when no group is mapped. */
export function roleForGroups(groups: readonly string[], mappings: OidcConfig['role_mappings']): { role: ApiRole; clusters: string[] | undefined } | undefined {
  const matched = mappings.filter((m) => groups.includes(m.group))
  if (matched.length === 0) return undefined
  const top = Math.max(...matched.map((m) => RANK[m.role]))
  const best = matched.filter((m) => RANK[m.role] === top)
  const role = best[0]?.role as ApiRole
  // Every cluster when any mapping of that role is unscoped; else the union.
  const clusters = best.some((m) => m.clusters === undefined) ? undefined : [...new Set(best.flatMap((m) => m.clusters ?? []))]
  return { role, clusters }
}

export function createOidc(deps: OidcDeps): Oidc {
  const { config } = deps
  const now = () => (deps.now?.() ?? new Date()).getTime()
  const pending = new Map<string, PendingLogin>()
  /** Live sessions by sessionKey(id). */
  let sessions = new Map<string, Session>()
  /** Ended here but maybe not yet gone from a reload that started before the logout was stored. */
  const endedHere = new Set<string>()
  let discovered: Promise<client.Configuration> | undefined

  const cookie = (name: string, value: string, maxAgeSeconds: number, path: string) =>
    `${name}=${encodeURIComponent(value)}; Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${config.cookie_secure ? '; Secure' : ''}`

  function configuration(): Promise<client.Configuration> {
    discovered ??= (async () => {
      const options: client.DiscoveryRequestOptions = {
        ...(config.allow_insecure_issuer ? { execute: [client.allowInsecureRequests] } : {}),
        ...(deps.fetch === undefined ? {} : { [client.customFetch]: deps.fetch }),
      }
      // ID token times are checked against our clock: an injected one shifts openid-client's too.
      const skew = deps.now === undefined ? 0 : Math.round((deps.now().getTime() - Date.now()) / 1000)
      return client.discovery(new URL(config.issuer_url), config.client_id, { client_secret: config.client_secret, [client.clockSkew]: skew }, undefined, options)
    })().catch((err: unknown) => {
      discovered = undefined
      throw new AppError('unavailable', `cannot reach the identity provider at ${config.issuer_url}: ${(err as Error).message}`, { cause: err, retryAfterSeconds: 5 })
    })
    return discovered
  }

  function sweep(): void {
    const t = now()
    for (const [k, v] of pending) if (v.expires <= t) pending.delete(k)
    for (const [k, v] of sessions) if (v.expires <= t) sessions.delete(k)
  }

  let reloading: Promise<void> | undefined
  async function reload(): Promise<void> {
    const started = now()
    const rows = await deps.sessions.live(new Date(started).toISOString())
    const next = new Map<string, Session>()
    const loaded = new Set<string>()
    for (const r of rows) {
      loaded.add(r.id_sha256)
      if (endedHere.has(r.id_sha256)) continue
      next.set(r.id_sha256, { ...sessionOf(r), idToken: sessions.get(r.id_sha256)?.idToken })
    }
    // Stored here once the query had started: maybe not in its result yet.
    for (const [k, v] of sessions) if (!loaded.has(k) && v.storedHere >= started) next.set(k, v)
    for (const k of endedHere) if (!loaded.has(k)) endedHere.delete(k)
    sessions = next
  }
  const refresh = (): Promise<void> => {
    reloading ??= reload().finally(() => (reloading = undefined))
    return reloading
  }
  const timer = setInterval(() => {
    refresh().catch((err: unknown) => deps.logger.warn({ err }, 'reloading sessions failed; the previous set stays in force'))
  }, deps.pollIntervalMs)
  timer.unref()

  return {
    refresh,
    close: () => clearInterval(timer),
    async login() {
      const c = await configuration()
      sweep()
      if (pending.size >= MAX_PENDING) throw new AppError('overloaded', 'too many sign-ins in progress', { retryAfterSeconds: 10 })
      const verifier = client.randomPKCECodeVerifier()
      const state = client.randomState()
      const nonce = client.randomNonce()
      pending.set(state, { verifier, nonce, expires: now() + LOGIN_TTL_MS })
      const url = client.buildAuthorizationUrl(c, {
        redirect_uri: config.redirect_url,
        scope: config.scopes.join(' '),
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      })
      return { location: url.href, cookie: cookie(LOGIN_COOKIE, state, LOGIN_TTL_MS / 1000, '/auth/') }
    },

    async callback(url, cookies) {
      const state = url.searchParams.get('state') ?? ''
      const login = pending.get(state)
      // One use only: a replayed state (or a callback of another browser) finds nothing.
      pending.delete(state)
      if (login === undefined || login.expires <= now()) throw new AppError('unauthorized', 'unknown, used or expired sign-in state; start again at /auth/login')
      if (cookies[LOGIN_COOKIE] !== state) throw new AppError('unauthorized', 'this browser did not start that sign-in; start again at /auth/login')
      const c = await configuration()
      const callbackUrl = new URL(config.redirect_url)
      callbackUrl.search = url.search
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>
      try {
        tokens = await client.authorizationCodeGrant(c, callbackUrl, { pkceCodeVerifier: login.verifier, expectedState: state, expectedNonce: login.nonce, idTokenExpected: true })
      } catch (err) {
        // openid-client wraps oauth4webapi's error, whose message names the claim that failed.
        const e = err as { code?: string; message: string; cause?: unknown }
        const inner = e.cause instanceof Error ? e.cause : undefined
        const why = `${inner?.message ?? e.message}${e.code === undefined ? '' : ` [${e.code}]`}`
        deps.logger.warn({ code: e.code, why }, 'oidc sign-in refused')
        throw new AppError('unauthorized', `sign-in refused: ${why}`)
      }
      const claims = tokens.claims()
      if (claims === undefined) throw new AppError('unauthorized', 'sign-in refused: the provider returned no ID token')
      const raw = claims[config.groups_claim]
      const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string') : typeof raw === 'string' ? [raw] : []
      const who = typeof claims['email'] === 'string' ? claims['email'] : claims.sub
      const grant = roleForGroups(groups, config.role_mappings)
      if (grant === undefined) {
        deps.logger.warn({ user: who, groups }, 'oidc sign-in: no role for these groups')
        throw new AppError('forbidden', `${who} signed in, but none of their groups (${groups.join(', ') || 'none'}) is mapped to a vigil role`)
      }
      const id = randomBytes(32).toString('base64url')
      const key = sessionKey(id)
      const created = now()
      const row: SessionRow = {
        id_sha256: key,
        principal: `oidc:${who}`,
        role: grant.role,
        scoped: grant.clusters !== undefined,
        clusters: grant.clusters ?? [],
        groups,
        created_at: new Date(created).toISOString(),
        expires_at: new Date(created + config.session_ttl_seconds * 1000).toISOString(),
        revoked_at: null,
        updated_at: new Date(created).toISOString(),
      }
      // Stored before the cookie is handed out: every replica can then accept it.
      await deps.sessions.put([row])
      const session = { ...sessionOf(row), idToken: tokens.id_token, storedHere: now() }
      sessions.set(key, session)
      const { principal } = session
      return { cookie: cookie(SESSION_COOKIE, id, config.session_ttl_seconds, '/'), clearLogin: cookie(LOGIN_COOKIE, '', 0, '/auth/'), principal }
    },

    sessionPrincipal(cookies) {
      const id = cookies[SESSION_COOKIE]
      if (id === undefined || id === '') return undefined
      const key = sessionKey(id)
      const s = sessions.get(key)
      if (s === undefined) throw new AppError('unauthorized', 'unknown or ended session; sign in again at /auth/login')
      if (s.expires <= now()) {
        sessions.delete(key)
        throw new AppError('unauthorized', 'the session expired; sign in again at /auth/login')
      }
      return s.principal
    },

    async logout(cookies) {
      const id = cookies[SESSION_COOKIE]
      const key = id === undefined || id === '' ? undefined : sessionKey(id)
      const s = key === undefined ? undefined : sessions.get(key)
      if (key !== undefined && s !== undefined) {
        const t = new Date(now()).toISOString()
        await deps.sessions.put([
          {
            id_sha256: key,
            principal: s.principal.name,
            role: s.principal.role,
            scoped: s.principal.clusters !== undefined,
            clusters: s.principal.clusters ?? [],
            groups: s.groups,
            created_at: new Date(s.created).toISOString(),
            expires_at: new Date(s.expires).toISOString(),
            revoked_at: t,
            updated_at: t,
          },
        ])
        endedHere.add(key)
        sessions.delete(key)
      }
      let end: string | null = null
      if (s !== undefined) {
        const c = await configuration().catch(() => undefined)
        if (c?.serverMetadata().end_session_endpoint !== undefined && c !== undefined) {
          end = client.buildEndSessionUrl(c, s.idToken === undefined ? {} : { id_token_hint: s.idToken }).href
        }
      }
      return { cookie: cookie(SESSION_COOKIE, '', 0, '/'), end_session_url: end, ended: s !== undefined }
    },
  }
}
