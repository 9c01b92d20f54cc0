import { AppError } from '@vigil/core'
import { createCredentialResolver, createLifecycle, createLogger, createMetrics, loadConfigDocument, parseConfig, VIGIL_VERSION, write, type ServiceIo } from '@vigil/platform'
import { openStore } from '@vigil/store'
import { resolve } from 'node:path'
import { ApiConfigSchema } from './config.js'
import { createApi } from './create-api.js'
import { configuredApiTokens } from './principals.js'
import { configuredTokenViews } from './token-admin.js'

/** Composition root of the standalone API process (`vigil api`). */
export async function runApiService(io: ServiceIo, options: { configFile: string | undefined }): Promise<number> {
  const config = parseConfig(ApiConfigSchema, loadConfigDocument({ file: options.configFile, env: io.env }), options.configFile ?? 'defaults and environment')
  if (config.api.tokens.length === 0) throw new AppError('invalid_config', 'api.tokens is empty: the standalone api needs at least one configured token to bootstrap (only `vigil start` generates one); managed tokens are created with it')
  const logger = createLogger({ level: config.log_level, name: 'vigil-api' })
  const metrics = createMetrics()
  const lifecycle = createLifecycle({ logger, deadlineMs: config.shutdown_deadline_ms })
  const dataDir = resolve(io.cwd, config.data_dir)
  const { store } = await openStore({ store: config.store, retention: config.retention, dataDir })
  lifecycle.onShutdown('store', () => store.close())
  const credentials = createCredentialResolver({
    configured: configuredApiTokens(config.api.tokens),
    source: config.auth.managed_tokens ? store.tokens : undefined,
    pollIntervalMs: config.auth.token_poll_interval_ms,
    logger: logger.child({ component: 'credentials' }),
    onRefreshError: () => metrics.tokenReloadFailures.inc({ service: 'api' }),
  })
  await credentials.start()
  lifecycle.onShutdown('credentials', () => credentials.stop())
  const api = createApi({ config: config.api, auth: config.auth, credentials, configuredTokens: configuredTokenViews(config.api.tokens, []), store, metrics, logger, version: VIGIL_VERSION })
  lifecycle.onShutdown('api', () => api.stop())
  lifecycle.installSignalHandlers()
  const url = await api.listen()
  write(io.stderr, `vigil api ${VIGIL_VERSION} listening on ${url} (findings ${url}/v1/findings, metrics ${url}/metrics, store ${config.store.type})`)
  return lifecycle.exited
}
