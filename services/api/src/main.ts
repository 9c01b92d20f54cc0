import { loadAlertingSection } from '@vigil/alerts'
import { AppError } from '@vigil/core'
import { createCredentialResolver, createLifecycle, createLogger, createMetrics, ignoredConfigEnv, ignoredConfigEnvWarning, loadConfigDocument, parseConfig, VIGIL_VERSION, write, type ServiceIo } from '@vigil/platform'
import { createCheckpointer, createDirectoryAnchor, openStore } from '@vigil/store'
import { loadEvidenceCatalog } from '@vigil/evidence'
import { join, resolve } from 'node:path'
import { ApiConfigSchema } from './config.js'
import { createApi } from './create-api.js'
import { consoleDistDir, loadConsoleAssets } from './console/assets.js'
import { startCheckpointJob } from './jobs/checkpoint-job.js'
import { resolveSigningKey } from './jobs/ledger-key.js'
import { anchorDirOf, ledgerAccessFromFile } from './ledger-access.js'
import { configuredApiTokens } from './principals.js'
import { configuredTokenViews } from './token-admin.js'

/** Composition root of the standalone API process (`vigil api`). */
export async function runApiService(io: ServiceIo, options: { configFile: string | undefined }): Promise<number> {
  const doc = loadConfigDocument({ file: options.configFile, env: io.env })
  const config = parseConfig(ApiConfigSchema, doc, options.configFile ?? 'defaults and environment')
  const alerting = loadAlertingSection(doc['alerting'], io)
  if (config.api.tokens.length === 0) throw new AppError('invalid_config', 'api.tokens is empty: the standalone api needs at least one configured token to bootstrap (only `vigil start` generates one); managed tokens are created with it')
  const logger = createLogger({ level: config.log_level, name: 'vigil-api' })
  const ignoredEnv = ignoredConfigEnv(io.env)
  if (ignoredEnv.length > 0) logger.warn({ variables: ignoredEnv }, ignoredConfigEnvWarning(ignoredEnv))
  const metrics = createMetrics()
  const lifecycle = createLifecycle({ logger, deadlineMs: config.shutdown_deadline_ms })
  const catalog = loadEvidenceCatalog({ rulesPaths: config.evidence.rules_paths, controlsRulesDir: config.evidence.controls_dir, cwd: io.cwd })
  const dataDir = resolve(io.cwd, config.data_dir)
  // The scheduled checkpoints run here, in the one api process that has the signing key;
  // key and anchor problems are startup errors, found before the store opens.
  const ledgerConfig = config.ledger
  const anchorDir = anchorDirOf(ledgerConfig, dataDir, io.cwd)
  const hasKey = ledgerConfig.signing_key !== undefined || ledgerConfig.signing_key_file !== undefined
  const signing = ledgerConfig.enabled && hasKey ? { key: resolveSigningKey(ledgerConfig, { cwd: io.cwd, dataDir, generate: false }).key, anchor: createDirectoryAnchor(anchorDir) } : undefined
  const { store, client } = await openStore({ store: config.store, retention: config.retention, dataDir, apiLedger: ledgerConfig.enabled ? {} : undefined })
  lifecycle.onShutdown('store', () => store.close())
  if (signing !== undefined) {
    const job = startCheckpointJob({ checkpointer: createCheckpointer({ client, key: signing.key, origin: ledgerConfig.origin, anchors: [signing.anchor], now: () => new Date() }), schedule: ledgerConfig.checkpoint_schedule, logger, metrics })
    lifecycle.onShutdown('ledger checkpoints', () => job.stop())
  } else if (ledgerConfig.enabled) {
    logger.warn('ledger.enabled but no ledger.signing_key or ledger.signing_key_file: this api makes no checkpoints, so sealed evidence is not signed; give one api replica the key')
  }
  // Verification trusts the keys anchored outside the store, never the store's own copy.
  const ledger = ledgerAccessFromFile(config.ledger.origin, join(anchorDir, 'keys.json'), signing?.key)
  const credentials = createCredentialResolver({
    configured: configuredApiTokens(config.api.tokens),
    source: config.auth.managed_tokens ? store.tokens : undefined,
    pollIntervalMs: config.auth.token_poll_interval_ms,
    logger: logger.child({ component: 'credentials' }),
    onRefreshError: () => metrics.tokenReloadFailures.inc({ service: 'api' }),
  })
  await credentials.start()
  lifecycle.onShutdown('credentials', () => credentials.stop())
  const api = createApi({ config: config.api, auth: config.auth, credentials, configuredTokens: configuredTokenViews(config.api.tokens, []), store, ledger, metrics, logger, version: VIGIL_VERSION, evidence: { catalog, config: config.evidence }, alerts: alerting === undefined ? undefined : { alerting }, console: loadConsoleAssets(consoleDistDir()) })
  lifecycle.onShutdown('api', () => api.stop())
  lifecycle.onShutdown('scheduled jobs', () => api.stopJobs())
  lifecycle.installSignalHandlers()
  const url = await api.listen()
  write(io.stderr, `vigil api ${VIGIL_VERSION} listening on ${url} (console ${url}/, findings ${url}/v1/findings, metrics ${url}/metrics, store ${config.store.type})`)
  return lifecycle.exited
}
