import { resolve } from 'node:path'
import { createAnalyzer, type Analyzer, type AnalyzerConfig } from '@vigil/analyzer'
import { createApi, type Api, type ApiConfig, type ApiToken } from '@vigil/api'
import { createEventLog, type EventLog } from '@vigil/event-log'
import { createIngest, type Ingest, type IngestConfig, type ResolvedSource } from '@vigil/ingest'
import { createLifecycle, readTlsFiles, VIGIL_VERSION, type Lifecycle, type Logger, type Metrics } from '@vigil/platform'
import { loadRuleset, type Ruleset } from '@vigil/rules'
import { openStore, type Store } from '@vigil/store'

export interface EmbeddedDeps {
  ingest: IngestConfig
  analyzer: AnalyzerConfig
  api: ApiConfig
  /** Absolute data directory. */
  dataDir: string
  cwd: string
  ingestTokens: IngestConfig['ingest']['tokens']
  /** ingest.sources with their credentials read (`resolveSources`). */
  sources?: readonly ResolvedSource[]
  apiTokens: readonly ApiToken[]
  logger: Logger
  metrics: Metrics
}

export interface Embedded {
  ingest: Ingest
  api: Api
  analyzer: Analyzer
  store: Store
  log: EventLog
  ruleset: Ruleset
  lifecycle: Lifecycle
  /** Absolute path of the chDB directory, when the store is chDB. */
  chdbPath: string | undefined
  rulePaths: string[]
}

/**
 * Wires the three services around one event log and one store, in the
 * order shutdown must undo: ingest stops accepting first, the analyzer
 * stores what is in flight, then the log, the api and the store close.
 * Nothing listens yet; the caller does that.
 */
export async function createEmbedded(deps: EmbeddedDeps): Promise<Embedded> {
  const { logger, metrics } = deps
  const lifecycle = createLifecycle({ logger, deadlineMs: deps.ingest.shutdown_deadline_ms })
  const { store, chdbPath } = await openStore({
    store: deps.analyzer.store,
    retention: deps.analyzer.retention,
    dataDir: deps.dataDir,
    batching: { maxRows: deps.analyzer.analyzer.flush_max_rows, flushIntervalMs: deps.analyzer.analyzer.flush_interval_ms },
    onWrite: (table, s) => metrics.storeWriteSeconds.observe({ table }, s),
  })
  lifecycle.onShutdown('store', () => store.close())

  const rulePaths = deps.analyzer.analyzer.rules_paths.map((p) => resolve(deps.cwd, p))
  const ruleset = loadRuleset(rulePaths, deps.cwd, { lists: deps.analyzer.analyzer.lists })

  const api = createApi({ config: deps.api.api, tokens: deps.apiTokens, store, metrics, logger, version: VIGIL_VERSION })
  lifecycle.onShutdown('api', () => api.stop())

  const log = createEventLog(deps.ingest.event_log, { logger: logger.child({ component: 'event-log' }) })
  lifecycle.onShutdown('event log', () => log.close())
  const analyzer = createAnalyzer({ consumer: log.consumer({ group: deps.analyzer.analyzer.group }), store, ruleset, metrics, logger })
  lifecycle.onShutdown('analyzer', () => analyzer.stop())
  await analyzer.start()

  // One process serves /metrics once, on the api port.
  const ingest = createIngest({ config: { ...deps.ingest.ingest, expose_metrics: false }, tokens: deps.ingestTokens, producer: log.producer(), metrics, logger, tls: readTlsFiles(deps.ingest.ingest.tls, deps.cwd), sources: deps.sources ?? [] })
  lifecycle.onShutdown('ingest', () => ingest.stop())
  return { ingest, api, analyzer, store, log, ruleset, lifecycle, chdbPath, rulePaths }
}
