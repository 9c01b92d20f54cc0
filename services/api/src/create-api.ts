import type { FastifyInstance } from 'fastify'
import type { Logger, Metrics } from '@vigil/platform'
import type { Store } from '@vigil/store'
import type { EvidenceCatalog, EvidenceConfig } from '@vigil/evidence'
import { buildApiApp } from './app.js'
import type { ApiSection, ApiToken } from './config.js'
import type { LedgerAccess } from './ledger-access.js'
import { createGapCheck, type GapCheck } from './jobs/gap-check.js'
import { ApiPrincipals } from './principals.js'
import type { AlertingDeps } from './route.js'

export interface ApiDeps {
  config: ApiSection
  tokens: readonly ApiToken[]
  store: Store
  ledger: LedgerAccess
  metrics: Metrics
  logger: Logger
  version: string
  evidence: { catalog: EvidenceCatalog; config: EvidenceConfig }
  now?: () => Date
  /** Sinks (shown masked, tested) and, in vigil start, the router's nudge. */
  alerts?: AlertingDeps | undefined
}

export interface Api {
  app: FastifyInstance
  /** The scheduled jobs the api runs (gap detection); started by listen(), stopped by stopJobs(). */
  gapCheck: GapCheck
  /** Listens, then starts the scheduled jobs. */
  listen(): Promise<string>
  /** Stops the scheduled jobs, waiting for a run in progress. Idempotent. */
  stopJobs(): Promise<void>
  /** Closes the server; the store is closed by its owner. Idempotent. */
  stop(): Promise<void>
}

export function createApi(deps: ApiDeps): Api {
  const now = deps.now ?? (() => new Date())
  const app = buildApiApp({ store: deps.store, ledger: deps.ledger, principals: new ApiPrincipals(deps.tokens), metrics: deps.metrics, logger: deps.logger, version: deps.version, evidence: deps.evidence, now, alerts: deps.alerts })
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
    stopJobs: () => gapCheck.stop(),
    stop() {
      stopping ??= gapCheck.stop().then(() => app.close())
      return stopping
    },
  }
}
