import type { FastifyInstance } from 'fastify'
import type { AuthSection, CredentialResolver, Logger, Metrics } from '@vigil/platform'
import type { Store } from '@vigil/store'
import type { EvidenceCatalog, EvidenceConfig } from '@vigil/evidence'
import { createAccessLogWriter } from './access-log.js'
import { buildApiApp } from './app.js'
import type { ApiSection } from './config.js'
import type { LedgerAccess } from './ledger-access.js'
import { createGapCheck, type GapCheck } from './jobs/gap-check.js'
import { createTokenAdmin, type ConfiguredTokenView } from './token-admin.js'
import { createOidc, type OidcDeps } from './oidc.js'
import type { AlertingDeps } from './route.js'
import type { ConsoleAssets } from './console/assets.js'

export interface ApiDeps {
  config: ApiSection
  auth: AuthSection
  /** Resolves bearer tokens; the composition root starts and stops its polling. */
  credentials: CredentialResolver & { refresh(): Promise<void> }
  /** Config-file tokens (API and ingest), shown read-only by GET /v1/tokens. */
  configuredTokens: readonly ConfiguredTokenView[]
  store: Store
  ledger: LedgerAccess
  metrics: Metrics
  logger: Logger
  version: string
  evidence: { catalog: EvidenceCatalog; config: EvidenceConfig }
  now?: () => Date
  /** Replaces fetch for calls to the identity provider (tests, proxies). */
  oidcFetch?: OidcDeps['fetch']
  /** Sinks (shown masked, tested) and, in vigil start, the router's nudge. */
  alerts?: AlertingDeps | undefined
  /** The web console's built files (`loadConsoleAssets(consoleDistDir())` in the composition roots). */
  console?: ConsoleAssets | undefined
}

export interface Api {
  app: FastifyInstance
  /** The scheduled jobs the api runs (gap detection); started by listen(), stopped by stopJobs(). */
  gapCheck: GapCheck
  /** Listens, then starts the scheduled jobs. */
  listen(): Promise<string>
  /** Writes the buffered access records now (tests; shutdown does it too). */
  flushAccessLog(): Promise<void>
  /** Stops the scheduled jobs, waiting for a run in progress. Idempotent. */
  stopJobs(): Promise<void>
  /** Closes the server, then writes the access records still buffered; the store is closed by its owner. Idempotent. */
  stop(): Promise<void>
}

export function createApi(deps: ApiDeps): Api {
  const now = deps.now ?? (() => new Date())
  const accessLog = createAccessLogWriter({
    store: deps.store.accessLog,
    maxBatch: deps.config.access_log.max_batch,
    flushIntervalMs: deps.config.access_log.flush_interval_ms,
    maxBuffered: deps.config.access_log.max_buffered,
    logger: deps.logger.child({ component: 'api.access-log' }),
    metrics: deps.metrics,
  })
  const tokens = createTokenAdmin({ tokens: deps.store.tokens, configured: deps.configuredTokens, reload: () => deps.credentials.refresh(), now })
  const oidc =
    deps.config.oidc === undefined
      ? undefined
      : createOidc({
          config: deps.config.oidc,
          logger: deps.logger.child({ component: 'api.oidc' }),
          sessions: deps.store.sessions,
          pollIntervalMs: deps.auth.token_poll_interval_ms,
          ...(deps.now === undefined ? {} : { now: deps.now }),
          ...(deps.oidcFetch === undefined ? {} : { fetch: deps.oidcFetch }),
        })
  const app = buildApiApp({
    store: deps.store,
    ledger: deps.ledger,
    evidence: deps.evidence,
    credentials: deps.credentials,
    auth: deps.auth,
    tokens,
    accessLog,
    oidc,
    metrics: deps.metrics,
    metricsAuth: deps.config.metrics_auth,
    logger: deps.logger,
    version: deps.version,
    now,
    alerts: deps.alerts,
    console: deps.console,
  })
  // Sessions stored by earlier processes are live before the first request.
  // A store that cannot answer yet does not stop the api: bearer tokens still work, and the poll retries.
  if (oidc !== undefined) {
    app.addHook('onReady', async () => {
      await oidc.refresh().catch((err: unknown) => deps.logger.warn({ err }, 'loading sessions failed; people sign in again until a reload succeeds'))
    })
  }
  const gapCheck = createGapCheck({ coverage: deps.store.coverage, config: deps.evidence.config, metrics: deps.metrics, logger: deps.logger, now })
  let stopping: Promise<void> | undefined
  return {
    app,
    gapCheck,
    async listen() {
      const url = await app.listen({ host: deps.config.host, port: deps.config.port })
      gapCheck.start()
      return url
    },
    flushAccessLog: () => accessLog.flush(),
    stopJobs: () => gapCheck.stop(),
    stop() {
      stopping ??= (async () => {
        await gapCheck.stop()
        oidc?.close()
        await app.close()
        await accessLog.close()
      })()
      return stopping
    },
  }
}
