import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { AppError } from '@vigil/core'
import { httpServerOptions, installErrorHandling, type Logger, type Metrics } from '@vigil/platform'
import type { Store } from '@vigil/store'
import type { Role } from './config.js'
import { buildOpenApi } from './openapi.js'
import type { ApiPrincipals, Principal } from './principals.js'
import { registerRoutes, type RouteSpec } from './route.js'
import { eventRoutes } from './routes/events.js'
import { findingRoutes } from './routes/findings.js'
import { whoamiRoutes } from './routes/whoami.js'
import type { ConsoleAssets } from './console/assets.js'
import { consolePlugin } from './console/plugin.js'

export interface ApiAppDeps {
  store: Store
  principals: ApiPrincipals
  metrics: Metrics
  logger: Logger
  version: string
  /** The web console's built files, served at `/`; undefined serves a page saying how to build them. */
  console: ConsoleAssets | undefined
}

/** Every documented route, for the app and the OpenAPI document alike. */
export function apiRoutes(store: Store): RouteSpec[] {
  return [...findingRoutes(store), ...eventRoutes(store), ...whoamiRoutes()] as RouteSpec[]
}

export function buildApiApp(deps: ApiAppDeps): FastifyInstance {
  const logger = deps.logger.child({ component: 'api.http' })
  const app = Fastify(httpServerOptions(logger))
  installErrorHandling(app, { service: 'api', metrics: deps.metrics, logger, retryAfterSeconds: 1 })

  const authenticate = (request: FastifyRequest, roles: readonly Role[]): Principal => {
    const principal = deps.principals.resolve(request.headers.authorization)
    if (principal === undefined) {
      throw new AppError('unauthorized', request.headers.authorization === undefined ? 'send Authorization: Bearer <api token>' : 'unknown bearer token')
    }
    if (!roles.includes(principal.role)) throw new AppError('forbidden', `role ${principal.role} may not call this; it needs one of ${roles.join(', ')}`)
    return principal
  }

  const routes = apiRoutes(deps.store)
  registerRoutes(app, routes, authenticate)
  const openapi = buildOpenApi(routes, { version: deps.version })
  app.get('/openapi.json', async () => openapi)
  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/readyz', async () => {
    await deps.store.ping()
    return { status: 'ready' }
  })
  void app.register(consolePlugin, { assets: deps.console })
  app.get('/metrics', async (_request, reply) => reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()))
  return app
}
