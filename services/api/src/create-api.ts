import type { FastifyInstance } from 'fastify'
import type { AuthSection, CredentialResolver, Logger, Metrics } from '@vigil/platform'
import type { Store } from '@vigil/store'
import { createAccessLogWriter } from './access-log.js'
import { buildApiApp } from './app.js'
import type { ApiSection } from './config.js'
import { createTokenAdmin, type ConfiguredTokenView } from './token-admin.js'
import { createOidc, type OidcDeps } from './oidc.js'

export interface ApiDeps {
  config: ApiSection
  auth: AuthSection
  /** Resolves bearer tokens; the composition root starts and stops its polling. */
  credentials: CredentialResolver & { refresh(): Promise<void> }
  /** Config-file tokens (API and ingest), shown read-only by GET /v1/tokens. */
  configuredTokens: readonly ConfiguredTokenView[]
  store: Store
  metrics: Metrics
  logger: Logger
  version: string
  now?: () => Date
  /** Replaces fetch for calls to the identity provider (tests, proxies). */
  oidcFetch?: OidcDeps['fetch']
}

export interface Api {
  app: FastifyInstance
  listen(): Promise<string>
  /** Writes the buffered access records now (tests; shutdown does it too). */
  flushAccessLog(): Promise<void>
  /** Closes the server, then writes the access records still buffered; the store is closed by its owner. Idempotent. */
  stop(): Promise<void>
}

export function createApi(deps: ApiDeps): Api {
  const accessLog = createAccessLogWriter({
    store: deps.store.accessLog,
    maxBatch: deps.config.access_log.max_batch,
    flushIntervalMs: deps.config.access_log.flush_interval_ms,
    maxBuffered: deps.config.access_log.max_buffered,
    logger: deps.logger.child({ component: 'api.access-log' }),
    metrics: deps.metrics,
  })
  const tokens = createTokenAdmin({ tokens: deps.store.tokens, configured: deps.configuredTokens, reload: () => deps.credentials.refresh(), ...(deps.now === undefined ? {} : { now: deps.now }) })
  const app = buildApiApp({
    store: deps.store,
    credentials: deps.credentials,
    auth: deps.auth,
    tokens,
    accessLog,
    oidc:
      deps.config.oidc === undefined
        ? undefined
        : createOidc({
            config: deps.config.oidc,
            logger: deps.logger.child({ component: 'api.oidc' }),
            ...(deps.now === undefined ? {} : { now: deps.now }),
            ...(deps.oidcFetch === undefined ? {} : { fetch: deps.oidcFetch }),
          }),
    metrics: deps.metrics,
    metricsAuth: deps.config.metrics_auth,
    logger: deps.logger,
    version: deps.version,
    ...(deps.now === undefined ? {} : { now: deps.now }),
  })
  let stopping: Promise<void> | undefined
  return {
    app,
    listen: () => app.listen({ host: deps.config.host, port: deps.config.port }),
    flushAccessLog: () => accessLog.flush(),
    stop() {
      stopping ??= (async () => {
        await app.close()
        await accessLog.close()
      })()
      return stopping
    },
  }
}
