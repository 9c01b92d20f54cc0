import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { AppError } from '@vigil/core'
import type { Metrics } from '@vigil/platform'
import type { Store } from '@vigil/store'
import type { EvidenceCatalog, EvidenceConfig } from '@vigil/evidence'
import type { AlertingDeps } from './route.js'
import type { Role } from './config.js'
import { buildOpenApi } from './openapi.js'
import type { LedgerAccess } from './ledger-access.js'
import type { ApiPrincipals, Principal } from './principals.js'
import { registerRoutes } from './route.js'
import { apiRoutes } from './routes/index.js'

export interface ApiPluginDeps {
  store: Store
  ledger: LedgerAccess
  principals: ApiPrincipals
  metrics: Metrics
  version: string
  evidence: { catalog: EvidenceCatalog; config: EvidenceConfig }
  now: () => Date
  /** Sinks and the router's nudge; absent when alerting is off. */
  alerts?: AlertingDeps | undefined
}

/**
 * The whole API as one fastify plugin: the documented routes (one file per
 * verb), their OpenAPI document, health and metrics. The caller owns the
 * server, its error handling and the store's lifecycle.
 */
export function apiPlugin(deps: ApiPluginDeps): FastifyPluginAsync {
  return async (app) => {
    const authenticate = (request: FastifyRequest, roles: readonly Role[]): Principal => {
      const principal = deps.principals.resolve(request.headers.authorization)
      if (principal === undefined) {
        throw new AppError('unauthorized', request.headers.authorization === undefined ? 'send Authorization: Bearer <api token>' : 'unknown bearer token')
      }
      if (!roles.includes(principal.role)) throw new AppError('forbidden', `role ${principal.role} may not call this; it needs one of ${roles.join(', ')}`)
      return principal
    }

    const routes = apiRoutes({ store: deps.store, ledger: deps.ledger, evidence: deps.evidence, version: deps.version, now: deps.now, alerts: deps.alerts })
    registerRoutes(app, routes, authenticate)
    const openapi = buildOpenApi(routes, { version: deps.version })
    app.get('/openapi.json', async () => openapi)
    app.get('/healthz', async () => ({ status: 'ok' }))
    app.get('/readyz', async () => {
      await deps.store.ping()
      return { status: 'ready' }
    })
    app.get('/metrics', async (_request, reply) => reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()))
  }
}
