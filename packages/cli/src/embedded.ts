import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createAnalyzer, createIndicatorWatcher, ledgerPlacement, rulePackRecord, type Analyzer, type AnalyzerConfig, type IndicatorWatcher } from '@vigil/analyzer'
import { anchorDirOf, configuredApiTokens, configuredTokenViews, createApi, ledgerAccessFromFile, resolveSigningKey, startCheckpointJob, type Api, type ApiConfig, type ApiToken, type ConsoleAssets } from '@vigil/api'
import { systemResolver, type LoadedAlerting } from '@vigil/alerts'
import { createEventLog, createInProcessLog, type EventLog } from '@vigil/event-log'
import { configuredClusterTokens, createIngest, type Ingest, type IngestConfig, type ResolvedSource } from '@vigil/ingest'
import { createCredentialResolver, createLifecycle, readTlsFiles, VIGIL_VERSION, type Lifecycle, type Logger, type Metrics, type PollingResolver } from '@vigil/platform'
import { loadRuleset, type Ruleset } from '@vigil/rules'
import { createRouter, type Router, type RouterConfig } from '@vigil/router'
import { createCheckpointer, createDirectoryAnchor, openStore, type Checkpointer, type Store } from '@vigil/store'
import { evidenceCatalogOf } from '@vigil/evidence'

export interface EmbeddedDeps {
  ingest: IngestConfig
  analyzer: AnalyzerConfig
  api: ApiConfig
  router: RouterConfig
  /** Routes and sinks, secrets resolved; undefined turns alerting off. */
  alerting: LoadedAlerting | undefined
  /** Absolute data directory. */
  dataDir: string
  cwd: string
  ingestTokens: IngestConfig['ingest']['tokens']
  /** ingest.sources with their credentials read (`resolveSources`). */
  sources?: readonly ResolvedSource[]
  apiTokens: readonly ApiToken[]
  /** The web console's built files; undefined serves a page saying how to build them. */
  console: ConsoleAssets | undefined
  logger: Logger
  metrics: Metrics
}

export interface Embedded {
  ingest: Ingest
  api: Api
  analyzer: Analyzer
  /** The alert router, when alerting is configured. */
  router: Router | undefined
  store: Store
  log: EventLog
  ruleset: Ruleset
  /** Keeps the analyzer's lists in step with analyzer.indicator_files, like the standalone analyzer. */
  indicators: IndicatorWatcher
  lifecycle: Lifecycle
  /** Config-file and managed tokens, shared by ingest and api; reloads the tokens table every auth.token_poll_interval_ms. */
  credentials: PollingResolver
  /** Absolute path of the chDB directory, when the store is chDB. */
  chdbPath: string | undefined
  rulePaths: string[]
  /** The evidence ledger's checkpointer and where its key and anchors are; absent when ledger.enabled is false. */
  ledger: { checkpointer: Checkpointer; keyId: string; keySource: string; keyCreated: boolean; anchorDir: string } | undefined
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
  const ledgerConfig = deps.analyzer.ledger
  // Key and anchor problems are startup errors, found before anything opens.
  const ledgerSetup = ledgerConfig.enabled ? prepareLedger(ledgerConfig, deps) : undefined
  const { store, client, chdbPath } = await openStore({
    store: deps.analyzer.store,
    retention: deps.analyzer.retention,
    dataDir: deps.dataDir,
    batching: { maxRows: deps.analyzer.analyzer.flush_max_rows, flushIntervalMs: deps.analyzer.analyzer.flush_interval_ms },
    // The api's evidence records go on a chain of this process's own (ADR 0010, update 2026-12-07).
    apiLedger: ledgerConfig.enabled ? {} : undefined,
    onWrite: (table, s) => metrics.storeWriteSeconds.observe({ table }, s),
    onLedgerGap: (gap) => {
      metrics.ledgerGaps.inc()
      logger.warn(gap, 'ledger batch does not follow its chain head: event-log positions were lost before the analyzer')
    },
  })
  lifecycle.onShutdown('store', () => store.close())

  const auth = deps.api.auth
  const credentials = createCredentialResolver({
    configured: [...configuredApiTokens(deps.apiTokens), ...configuredClusterTokens(deps.ingestTokens)],
    source: auth.managed_tokens ? store.tokens : undefined,
    pollIntervalMs: auth.token_poll_interval_ms,
    logger: logger.child({ component: 'credentials' }),
    onRefreshError: () => metrics.tokenReloadFailures.inc({ service: 'embedded' }),
  })
  await credentials.start()
  // Runs before the store closes: writes the pending last-used times.
  lifecycle.onShutdown('credentials', () => credentials.stop())
  let ledgerInfo: Embedded['ledger']
  if (ledgerSetup !== undefined) {
    const checkpointer = createCheckpointer({ client, key: ledgerSetup.key.key, origin: ledgerConfig.origin, anchors: [ledgerSetup.anchor], now: () => new Date() })
    const job = startCheckpointJob({ checkpointer, schedule: ledgerConfig.checkpoint_schedule, logger, metrics })
    // Stopped after the analyzer (steps run in reverse) and before the store: a last
    // checkpoint then covers every batch this process sealed.
    lifecycle.onShutdown('ledger checkpoints', () => job.stop())
    ledgerInfo = { checkpointer, keyId: ledgerSetup.key.key.key_id, keySource: ledgerSetup.key.source, keyCreated: ledgerSetup.key.created, anchorDir: ledgerSetup.anchorDir }
  }

  const rulePaths = deps.analyzer.analyzer.rules_paths.map((p) => resolve(deps.cwd, p))
  const ruleset = loadRuleset(rulePaths, deps.cwd, { lists: deps.analyzer.analyzer.lists })

  const anchorDir = ledgerSetup?.anchorDir ?? anchorDirOf(ledgerConfig, deps.dataDir, deps.cwd)
  // The api reports on the rules the analyzer runs: the same ruleset, loaded once.
  const catalog = evidenceCatalogOf(ruleset, deps.api.evidence.controls_dir, deps.cwd)
  let nudgeRouter: (() => void) | undefined
  const api = createApi({
    config: deps.api.api,
    auth,
    credentials,
    configuredTokens: configuredTokenViews(deps.apiTokens, deps.ingestTokens),
    store,
    ledger: ledgerAccessFromFile(ledgerConfig.origin, join(anchorDir, 'keys.json'), ledgerSetup?.key.key),
    metrics,
    logger,
    version: VIGIL_VERSION,
    evidence: { catalog, config: deps.api.evidence },
    alerts: deps.alerting === undefined ? undefined : { alerting: deps.alerting, nudge: () => nudgeRouter?.() },
    console: deps.console,
  })
  lifecycle.onShutdown('api', () => api.stop())
  lifecycle.onShutdown('scheduled jobs', () => api.stopJobs())

  const log = createEventLog(deps.ingest.event_log, { logger: logger.child({ component: 'event-log' }), onConsumerCrash: () => metrics.errors.inc({ stage: 'consume', error_type: 'consumer_crash' }) })
  lifecycle.onShutdown('event log', () => log.close())
  const ledger = ledgerSetup === undefined ? undefined : ledgerPlacement(deps.ingest.event_log)

  // Alerts: the in-process log has one consumer (the analyzer), so candidates go
  // through a log of their own. Its publish resolves once the router has stored
  // the candidates' groups, inside the analyzer's batch step: nothing is acknowledged
  // before its alert is durable, and no handler waits on its own queue.
  let router: Router | undefined
  let alertsLog: EventLog | undefined
  if (deps.alerting !== undefined) {
    const own = deps.ingest.event_log.type === 'inprocess'
    const alerts = own ? createInProcessLog({ maxPendingRecords: 1_000_000, maxBatchRecords: 10_000, maxInFlightBatches: 1 }) : log
    if (own) lifecycle.onShutdown('alerts log', () => alerts.close())
    alertsLog = alerts
    router = createRouter({ consumer: alerts.consumer({ group: deps.router.router.group }), store: store.alerting, alerting: deps.alerting, metrics, logger, resolver: systemResolver, tickMaxMs: deps.router.router.tick_max_ms, refreshMs: deps.router.router.refresh_ms, triage: store.reviews, coverage: store.coverage, sla: deps.api.evidence.sla_hours })
    const r = router
    nudgeRouter = () => void r.poll()
    lifecycle.onShutdown('router', () => r.stop())
    await router.start()
  }
  // The rules that judge what follows, on the ledger when they changed since the last run.
  await store.ledger.sealRulePack(rulePackRecord(ruleset))
  const analyzer = createAnalyzer({ consumer: log.consumer({ group: deps.analyzer.analyzer.group }), store, ruleset, metrics, logger, ledger, alerts: alertsLog?.producer() })
  lifecycle.onShutdown('analyzer', () => analyzer.stop())
  // Indicator files fill lists; each change recompiles the rules with them for the analyzer (as `vigil analyzer` does).
  const indicators = createIndicatorWatcher({
    files: deps.analyzer.analyzer.indicator_files.map((f) => ({ ...f, path: resolve(deps.cwd, f.path) })),
    intervalMs: deps.analyzer.analyzer.indicator_poll_interval_ms,
    metrics,
    logger,
    onLists: (lists) => {
      const next = loadRuleset(rulePaths, deps.cwd, { lists: [...deps.analyzer.analyzer.lists, ...lists] })
      analyzer.setRuleset(next)
      store.ledger.sealRulePack(rulePackRecord(next)).catch((err: unknown) => logger.warn({ err }, 'sealing the changed rule pack on the ledger failed; it is sealed at the next change or restart'))
    },
  })
  await indicators.start()
  lifecycle.onShutdown('indicator files', () => indicators.stop())
  await analyzer.start()

  // One process serves /metrics once, on the api port.
  const ingest = createIngest({ config: { ...deps.ingest.ingest, expose_metrics: false }, credentials, auth, producer: log.producer(), metrics, logger, tls: readTlsFiles(deps.ingest.ingest.tls, deps.cwd), sources: deps.sources ?? [] })
  lifecycle.onShutdown('ingest', () => ingest.stop())
  return { ingest, api, analyzer, router, store, log, ruleset, indicators, lifecycle, credentials, chdbPath, rulePaths, ledger: ledgerInfo }
}

/** The signing key (generated under the data directory if none is configured) and the anchor directory, which must exist when configured. */
function prepareLedger(config: AnalyzerConfig['ledger'], deps: EmbeddedDeps) {
  const key = resolveSigningKey(config, { cwd: deps.cwd, dataDir: deps.dataDir, generate: true })
  const anchorDir = anchorDirOf(config, deps.dataDir, deps.cwd)
  if (config.anchor_dir === undefined) mkdirSync(anchorDir, { recursive: true, mode: 0o700 })
  return { key, anchorDir, anchor: createDirectoryAnchor(anchorDir) }
}
