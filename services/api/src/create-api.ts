import type { FastifyInstance } from 'fastify'
import type { Logger, Metrics } from '@vigil/platform'
import type { Store } from '@vigil/store'
import { buildApiApp } from './app.js'
import type { ApiSection, ApiToken } from './config.js'
import type { LedgerAccess } from './ledger-access.js'
import { ApiPrincipals } from './principals.js'

export interface ApiDeps {
  config: ApiSection
  tokens: readonly ApiToken[]
  store: Store
  ledger: LedgerAccess
  metrics: Metrics
  logger: Logger
  version: string
}

export interface Api {
  app: FastifyInstance
  listen(): Promise<string>
  /** Closes the server; the store is closed by its owner. Idempotent. */
  stop(): Promise<void>
}

export function createApi(deps: ApiDeps): Api {
  const app = buildApiApp({ store: deps.store, ledger: deps.ledger, principals: new ApiPrincipals(deps.tokens), metrics: deps.metrics, logger: deps.logger, version: deps.version })
  let stopping: Promise<void> | undefined
  return {
    app,
    listen: () => app.listen({ host: deps.config.host, port: deps.config.port }),
    stop() {
      stopping ??= app.close()
      return stopping
    },
  }
}
