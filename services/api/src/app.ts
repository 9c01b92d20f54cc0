import Fastify, { type FastifyInstance } from 'fastify'
import { httpServerOptions, installErrorHandling, type Logger, type Metrics } from '@vigil/platform'
import type { Store } from '@vigil/store'
import type { ConsoleAssets } from './console/assets.js'
import { consolePlugin } from './console/plugin.js'
import type { EvidenceCatalog, EvidenceConfig } from '@vigil/evidence'
import { apiPlugin } from './plugin.js'
import type { LedgerAccess } from './ledger-access.js'
import type { ApiPrincipals } from './principals.js'
import type { AlertingDeps } from './route.js'

export interface ApiAppDeps {
  store: Store
  ledger: LedgerAccess
  principals: ApiPrincipals
  metrics: Metrics
  logger: Logger
  version: string
  evidence: { catalog: EvidenceCatalog; config: EvidenceConfig }
  now?: () => Date
  alerts?: AlertingDeps | undefined
  /** The web console's built files, served at `/`; undefined serves a page saying how to build them. */
  console: ConsoleAssets | undefined
}

/**
 * The API server: fastify with vigil's error handling, the API plugin, and
 * beside it the web console's static files, so the console calls the API
 * on its own origin.
 */
export function buildApiApp(deps: ApiAppDeps): FastifyInstance {
  const logger = deps.logger.child({ component: 'api.http' })
  const app = Fastify(httpServerOptions(logger))
  installErrorHandling(app, { service: 'api', metrics: deps.metrics, logger, retryAfterSeconds: 1 })
  app.register(apiPlugin({ store: deps.store, ledger: deps.ledger, principals: deps.principals, metrics: deps.metrics, version: deps.version, evidence: deps.evidence, now: deps.now ?? (() => new Date()), alerts: deps.alerts }))
  app.register(consolePlugin, { assets: deps.console })
  return app
}
