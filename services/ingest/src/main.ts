import { AppError } from '@vigil/core'
import { createEventLog } from '@vigil/event-log'
import { createCredentialResolver, createLifecycle, createLogger, createMetrics, ignoredConfigEnv, ignoredConfigEnvWarning, loadConfigDocument, parseConfig, readTlsFiles, VIGIL_VERSION, write, type ServiceIo } from '@vigil/platform'
import { createClickHouseClient, createStore, StoreConfig } from '@vigil/store'
import { resolve } from 'node:path'
import { IngestConfigSchema } from './config.js'
import { createIngest } from './create-ingest.js'
import { configuredClusterTokens } from './tokens.js'
import { resolveSources } from './sources/resolve.js'

/** Composition root of the standalone ingest process (`vigil ingest`). */
export async function runIngestService(io: ServiceIo, options: { configFile: string | undefined }): Promise<number> {
  const config = parseConfig(IngestConfigSchema, loadConfigDocument({ file: options.configFile, env: io.env }), options.configFile ?? 'defaults and environment')
  if (config.event_log.type === 'inprocess') {
    throw new AppError('invalid_config', 'event_log.type is "inprocess": a standalone ingest needs a shared event log (type: kafka). Use `vigil start` for the embedded mode.')
  }
  // Managed tokens come from a ClickHouse server's tokens table; a chDB store belongs to the api or analyzer process.
  const storeConfig = StoreConfig.optional().safeParse(config.store)
  const server = config.auth.managed_tokens && storeConfig.success && storeConfig.data?.type === 'clickhouse' ? storeConfig.data : undefined
  if (server === undefined && config.ingest.tokens.length === 0 && config.ingest.client_certs.length === 0 && config.ingest.sources.length === 0) {
    throw new AppError('invalid_config', 'ingest.tokens, ingest.client_certs and ingest.sources are empty and there is no tokens table to read (managed tokens need store.type clickhouse): the standalone ingest needs at least one way to identify a cluster')
  }
  const sources = resolveSources(config.ingest.sources, { env: io.env, cwd: io.cwd })
  const logger = createLogger({ level: config.log_level, name: 'vigil-ingest' })
  const ignoredEnv = ignoredConfigEnv(io.env)
  if (ignoredEnv.length > 0) logger.warn({ variables: ignoredEnv }, ignoredConfigEnvWarning(ignoredEnv))
  const metrics = createMetrics()
  const lifecycle = createLifecycle({ logger, deadlineMs: config.shutdown_deadline_ms })
  const log = createEventLog(config.event_log, { logger: logger.child({ component: 'event-log' }), onConsumerCrash: () => metrics.errors.inc({ stage: 'consume', error_type: 'consumer_crash' }) })
  lifecycle.onShutdown('event log', () => log.close())
  // Topics may be created later; until the log is reachable, ingest answers 503.
  await log.prepare().catch((err: unknown) => logger.warn({ err }, 'event log not ready yet; publishing will retry'))
  let source
  if (server !== undefined) {
    const store = createStore({ client: await createClickHouseClient(server, resolve(io.cwd, config.data_dir)) })
    lifecycle.onShutdown('store', () => store.close())
    source = store.tokens
  }
  const credentials = createCredentialResolver({
    configured: configuredClusterTokens(config.ingest.tokens),
    source,
    pollIntervalMs: config.auth.token_poll_interval_ms,
    logger: logger.child({ component: 'credentials' }),
    onRefreshError: () => metrics.tokenReloadFailures.inc({ service: 'ingest' }),
  })
  // A store that is down at start leaves the config tokens working; the poll retries.
  await credentials.start().catch((err: unknown) => logger.warn({ err }, 'managed tokens not loaded yet; the next poll retries'))
  lifecycle.onShutdown('credentials', () => credentials.stop())
  const ingest = createIngest({ config: config.ingest, credentials, auth: config.auth, producer: log.producer(), metrics, logger, tls: readTlsFiles(config.ingest.tls, io.cwd), sources })
  lifecycle.onShutdown('ingest', () => ingest.stop())
  lifecycle.installSignalHandlers()
  const url = await ingest.listen()
  write(io.stderr, `vigil ingest ${VIGIL_VERSION} listening on ${url}/v1/audit (event log ${log.kind}; metrics ${url}/metrics; managed tokens ${server === undefined ? 'off: config tokens only (they need store.type clickhouse)' : 'from the store'})`)
  for (const s of sources) write(io.stderr, `  source ${s.config.name} (${s.type}, cluster ${s.config.cluster})`)
  return lifecycle.exited
}
