import { resolve } from 'node:path'
import Fastify from 'fastify'
import { AppError } from '@vigil/core'
import { createEventLog } from '@vigil/event-log'
import { createLifecycle, createLogger, httpServerOptions, createMetrics, ignoredConfigEnv, ignoredConfigEnvWarning, loadConfigDocument, parseConfig, VIGIL_VERSION, write, type ServiceIo } from '@vigil/platform'
import { loadRuleset } from '@vigil/rules'
import { openStore } from '@vigil/store'
import { AnalyzerConfigSchema } from './config.js'
import { createAnalyzer } from './create-analyzer.js'
import { createIndicatorWatcher } from './indicator-watcher.js'
import { ledgerPlacement, rulePackRecord } from './ledger-records.js'

/** Composition root of the standalone analyzer process (`vigil analyzer`). */
export async function runAnalyzerService(io: ServiceIo, options: { configFile: string | undefined }): Promise<number> {
  const config = parseConfig(AnalyzerConfigSchema, loadConfigDocument({ file: options.configFile, env: io.env }), options.configFile ?? 'defaults and environment')
  if (config.event_log.type === 'inprocess') {
    throw new AppError('invalid_config', 'event_log.type is "inprocess": a standalone analyzer needs a shared event log (type: kafka). Use `vigil start` for the embedded mode.')
  }
  const logger = createLogger({ level: config.log_level, name: 'vigil-analyzer' })
  const ignoredEnv = ignoredConfigEnv(io.env)
  if (ignoredEnv.length > 0) logger.warn({ variables: ignoredEnv }, ignoredConfigEnvWarning(ignoredEnv))
  const metrics = createMetrics()
  const lifecycle = createLifecycle({ logger, deadlineMs: config.shutdown_deadline_ms })
  const ruleset = loadRuleset(config.analyzer.rules_paths, io.cwd, { lists: config.analyzer.lists })
  const dataDir = resolve(io.cwd, config.data_dir)
  // apiLedger: this process's own chain, for its rule-pack records.
  const { store } = await openStore({ store: config.store, retention: config.retention, dataDir, apiLedger: config.ledger.enabled ? {} : undefined, batching: { maxRows: config.analyzer.flush_max_rows, flushIntervalMs: config.analyzer.flush_interval_ms }, onWrite: (table, s) => metrics.storeWriteSeconds.observe({ table }, s), onLedgerGap: (gap) => {
    metrics.ledgerGaps.inc()
    logger.warn(gap, 'ledger batch does not follow its chain head: event-log positions were lost before the analyzer')
  } })
  lifecycle.onShutdown('store', () => store.close())
  await store.ledger.sealRulePack(rulePackRecord(ruleset))
  const log = createEventLog(config.event_log, { logger: logger.child({ component: 'event-log' }), onConsumerCrash: () => metrics.errors.inc({ stage: 'consume', error_type: 'consumer_crash' }) })
  lifecycle.onShutdown('event log', () => log.close())
  const http = Fastify(httpServerOptions(logger.child({ component: 'analyzer.http' })))
  http.get('/healthz', async () => ({ status: 'ok' }))
  http.get('/metrics', async (_req, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()))
  lifecycle.onShutdown('metrics server', () => http.close())
  const analyzers = Array.from({ length: config.analyzer.consumers }, () => createAnalyzer({ consumer: log.consumer({ group: config.analyzer.group }), store, ruleset, metrics, logger, ledger: config.ledger.enabled ? ledgerPlacement(config.event_log) : undefined, alerts: config.analyzer.publish_alerts ? log.producer() : undefined }))
  lifecycle.onShutdown('analyzers', () => Promise.all(analyzers.map((a) => a.stop())).then(() => undefined))
  // Indicator files fill lists; each change recompiles the rules with them and hands the result to every consumer.
  const indicators = createIndicatorWatcher({
    files: config.analyzer.indicator_files,
    intervalMs: config.analyzer.indicator_poll_interval_ms,
    metrics,
    logger,
    onLists: (lists) => {
      const next = loadRuleset(config.analyzer.rules_paths, io.cwd, { lists: [...config.analyzer.lists, ...lists] })
      for (const a of analyzers) a.setRuleset(next)
      store.ledger.sealRulePack(rulePackRecord(next)).catch((err: unknown) => logger.warn({ err }, 'sealing the changed rule pack on the ledger failed; it is sealed at the next change or restart'))
    },
  })
  await indicators.start()
  lifecycle.onShutdown('indicator files', () => indicators.stop())
  lifecycle.installSignalHandlers()
  await Promise.all(analyzers.map((a) => a.start()))
  const url = await http.listen({ host: config.analyzer.metrics_host, port: config.analyzer.metrics_port })
  write(io.stderr, `vigil analyzer ${VIGIL_VERSION}: ${analyzers.length} consumer(s) in group ${config.analyzer.group} (${ruleset.rules.filter((r) => r.enabled).length} rules; metrics ${url}/metrics)`)
  return lifecycle.exited
}
