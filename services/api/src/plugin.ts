import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { AppError, type ApiRole } from '@vigil/core'
import { createAuthGate, RefusalLimiter, type AuthSection, type CredentialResolver, type Metrics } from '@vigil/platform'
import type { Store } from '@vigil/store'
import type { AccessLogWriter } from './access-log.js'
import type { AlertingDeps } from './route.js'
import { buildOpenApi } from './openapi.js'
import { principalOf, type Principal } from './principals.js'
import { registerRoutes, type RequestOutcome } from './route.js'
import type { EvidenceCatalog, EvidenceConfig } from '@vigil/evidence'
import type { LedgerAccess } from './ledger-access.js'
import { apiRoutes } from './routes/index.js'
import type { TokenAdmin } from './token-admin.js'
import { parseCookies, type Oidc } from './oidc.js'

export interface ApiPluginDeps {
  store: Store
  credentials: CredentialResolver
  auth: AuthSection
  tokens: TokenAdmin
  accessLog: AccessLogWriter
  /** People's sign-in; absent when api.oidc is not configured. */
  oidc?: Oidc | undefined
  ledger: LedgerAccess
  metrics: Metrics
  /** Whether /metrics needs a token (api.metrics_auth). */
  metricsAuth?: 'none' | 'token'
  version: string
  now: () => Date
  evidence: { catalog: EvidenceCatalog; config: EvidenceConfig }
  /** Sinks and the router's nudge; absent when alerting is off. */
  alerts?: AlertingDeps | undefined
}

const SECRET_KEY = /token|secret|password|passwd|key|authorization|cookie|session|code|state|assertion|signature/i
const MAX_PARAM = 256

/** Query and path parameters for the access log: secrets masked, long values cut. */
export function maskParams(params: Record<string, unknown>): string {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(params)) {
    if (SECRET_KEY.test(k)) out[k] = '***'
    else if (Array.isArray(v)) out[k] = v.map((x) => String(x).slice(0, MAX_PARAM))
    else out[k] = String(v).slice(0, MAX_PARAM)
  }
  return JSON.stringify(out)
}

function errorCodeOf(payload: unknown): string {
  if (typeof payload !== 'string') return ''
  try {
    const code = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code
    return typeof code === 'string' ? code : ''
  } catch {
    return ''
  }
}

/**
 * The whole API as one fastify plugin: the documented routes (one file per
 * verb), their OpenAPI document, health and metrics, and the access log of
 * every /v1 request and every refusal. Its hooks apply to the whole server
 * (the plugin is not encapsulated), so unknown routes are logged too. The
 * caller owns the server, its error handling and the store's lifecycle.
 */
export function apiPlugin(deps: ApiPluginDeps): FastifyPluginAsync {
  const now = deps.now
  const plugin: FastifyPluginAsync = async (app) => {
    const outcomes = new WeakMap<FastifyRequest, RequestOutcome>()
    const gate = createAuthGate({
      resolver: deps.credentials,
      limiter: new RefusalLimiter({ max_refusals: deps.auth.max_refusals_per_window, window_ms: deps.auth.refusal_window_ms, max_tracked_addresses: deps.auth.max_tracked_addresses }),
      metrics: deps.metrics,
      service: 'api',
    })
    const fromSession = (request: FastifyRequest): Principal | undefined => {
      if (deps.oidc === undefined || request.headers.authorization !== undefined || request.headers.cookie === undefined) return undefined
      try {
        return deps.oidc.sessionPrincipal(parseCookies(request.headers.cookie))
      } catch (err) {
        deps.metrics.authRefusals.inc({ service: 'api', reason: 'session' })
        throw err
      }
    }
    const authenticate = (request: FastifyRequest, roles: readonly ApiRole[]): Principal => {
      let principal = fromSession(request)
      if (principal === undefined) {
        const credential = gate(request.headers.authorization, request.ip)
        principal = principalOf(credential)
        if (principal === undefined) {
          deps.metrics.authRefusals.inc({ service: 'api', reason: 'wrong_kind' })
          throw new AppError('forbidden', `token "${credential.name}" is an ingest token; it posts to the webhook and calls no API route`)
        }
      }
      const outcome = outcomes.get(request)
      if (outcome !== undefined) outcome.principal = principal
      if (!roles.includes(principal.role)) throw new AppError('forbidden', `role ${principal.role} may not call this; it needs one of ${roles.join(', ')}`)
      return principal
    }

    app.addHook('onSend', async (request, reply, payload) => {
      if (reply.statusCode >= 400) {
        const outcome = outcomes.get(request) ?? {}
        outcome.errorCode = errorCodeOf(payload)
        outcomes.set(request, outcome)
      }
      return payload
    })
    app.addHook('onResponse', async (request, reply) => {
      const path = request.url.split('?')[0] ?? ''
      const refused = reply.statusCode === 401 || reply.statusCode === 403 || reply.statusCode === 429
      if (!path.startsWith('/v1/') && !path.startsWith('/auth/') && !refused) return
      const o = outcomes.get(request) ?? {}
      const p = o.principal
      deps.accessLog.record({
        id: randomBytes(16).toString('hex'),
        at: now().toISOString(),
        principal: p?.name ?? 'anonymous',
        token_id: p?.id ?? '',
        role: p?.role ?? '',
        auth: p?.auth ?? 'none',
        source_ip: request.ip,
        method: request.method,
        route: request.routeOptions.url ?? path.slice(0, 200),
        params: maskParams({ ...(request.query as Record<string, unknown>), ...(request.params as Record<string, unknown>) }),
        clusters: (o.clusters ?? p?.clusters ?? []).filter((c) => c !== '\u0000none'),
        status: reply.statusCode,
        error_code: o.errorCode ?? '',
        rows: reply.statusCode < 400 ? (o.rows ?? 0) : 0,
        sensitive: reply.statusCode < 400 && o.sensitive === true,
        duration_ms: Math.round(reply.elapsedTime),
      })
    })

    const oidc = () => {
      if (deps.oidc === undefined) throw new AppError('not_found', 'sign-in is not configured (api.oidc); use a bearer token')
      return deps.oidc
    }
    const routes = apiRoutes({ store: deps.store, tokens: deps.tokens, oidc, ledger: deps.ledger, evidence: deps.evidence, version: deps.version, now: deps.now, alerts: deps.alerts })
    registerRoutes(app, routes, authenticate, outcomes)
    const openapi = buildOpenApi(routes, { version: deps.version })
    app.get('/openapi.json', async () => openapi)
    app.get('/healthz', async () => ({ status: 'ok' }))
    app.get('/readyz', async () => {
      await deps.store.ping()
      return { status: 'ready' }
    })
    app.get('/metrics', async (request, reply) => {
      if (deps.metricsAuth === 'token') authenticate(request, ['admin', 'analyst', 'auditor'])
      return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics())
    })
  }
  // Not encapsulated (what fastify-plugin does): the hooks see every request on the server, 404s included.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true })
  return plugin
}
