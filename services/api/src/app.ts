import Fastify, { type FastifyInstance } from 'fastify'
import { httpServerOptions, installErrorHandling, type Logger, type Metrics } from '@vigil/platform'
import type { ConsoleAssets } from './console/assets.js'
import { consolePlugin } from './console/plugin.js'
import { apiPlugin, type ApiPluginDeps } from './plugin.js'

export interface ApiAppDeps extends ApiPluginDeps {
  logger: Logger
  metrics: Metrics
  /** The web console's built files, served at `/`; undefined serves a page saying how to build them. */
  console?: ConsoleAssets | undefined
}

/** The API server: fastify with vigil's error handling, and the API plugin registered on it. */
export function buildApiApp(deps: ApiAppDeps): FastifyInstance {
  const logger = deps.logger.child({ component: 'api.http' })
  const app = Fastify(httpServerOptions(logger, (code) => deps.metrics.requestsRejected.inc({ service: 'api', code })))
  installErrorHandling(app, { service: 'api', metrics: deps.metrics, logger, retryAfterSeconds: 1 })
  const { logger: _logger, console: assets, ...plugin } = deps
  app.register(apiPlugin(plugin))
  app.register(consolePlugin, { assets })
  return app
}
