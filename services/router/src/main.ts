import { resolve } from 'node:path'
import Fastify from 'fastify'
import { loadAlertingSection, systemResolver } from '@vigil/alerts'
import { AppError } from '@vigil/core'
import { createEventLog } from '@vigil/event-log'
import { createLifecycle, createLogger, createMetrics, httpServerOptions, ignoredConfigEnv, ignoredConfigEnvWarning, loadConfigDocument, parseConfig, VIGIL_VERSION, write, type ServiceIo } from '@vigil/platform'
import { openStore } from '@vigil/store'
import { RouterConfigSchema } from './config.js'
import { createRouter } from './create-router.js'

/** Composition root of the standalone router process (`vigil router`). */
export async function runRouterService(io: ServiceIo, options: { configFile: string | undefined }): Promise<number> {
  const doc = loadConfigDocument({ file: options.configFile, env: io.env })
  const config = parseConfig(RouterConfigSchema, doc, options.configFile ?? 'defaults and environment')
  const alerting = loadAlertingSection(config.alerting, io)
  if (alerting === undefined) throw new AppError('invalid_config', 'alerting: the router needs an alerting section with sinks and routes')
  if (config.event_log.type === 'inprocess') {
    throw new AppError('invalid_config', 'event_log.type is "inprocess": a standalone router needs a shared event log (type: kafka). Use `vigil start` for the embedded mode.')
  }
  const logger = createLogger({ level: config.log_level, name: 'vigil-router' })
  const ignoredEnv = ignoredConfigEnv(io.env)
  if (ignoredEnv.length > 0) logger.warn({ variables: ignoredEnv }, ignoredConfigEnvWarning(ignoredEnv))
  const metrics = createMetrics()
  const lifecycle = createLifecycle({ logger, deadlineMs: config.shutdown_deadline_ms })
  const { store } = await openStore({ store: config.store, retention: config.retention, dataDir: resolve(io.cwd, config.data_dir), onWrite: (table, s) => metrics.storeWriteSeconds.observe({ table }, s) })
  lifecycle.onShutdown('store', () => store.close())
  const log = createEventLog(config.event_log, { logger: logger.child({ component: 'event-log' }), onConsumerCrash: () => metrics.errors.inc({ stage: 'consume', error_type: 'consumer_crash' }) })
  lifecycle.onShutdown('event log', () => log.close())
  const http = Fastify(httpServerOptions(logger.child({ component: 'router.http' })))
  http.get('/healthz', async () => ({ status: 'ok' }))
  http.get('/metrics', async (_req, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()))
  lifecycle.onShutdown('metrics server', () => http.close())
  const router = createRouter({ consumer: log.consumer({ group: config.router.group }), store: store.alerting, alerting, metrics, logger, resolver: systemResolver, tickMaxMs: config.router.tick_max_ms, refreshMs: config.router.refresh_ms, triage: store.reviews, coverage: store.coverage, sla: config.evidence.sla_hours })
  lifecycle.onShutdown('router', () => router.stop())
  lifecycle.installSignalHandlers()
  await router.start()
  const url = await http.listen({ host: config.router.metrics_host, port: config.router.metrics_port })
  write(io.stderr, `vigil router ${VIGIL_VERSION}: group ${config.router.group}, ${alerting.sinks.size} sink(s), ${alerting.config.routes.length} route(s); metrics ${url}/metrics`)
  return lifecycle.exited
}
