import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { AppError } from '@vigil/core'
import { existsSync } from 'node:fs'
import { anchorDirOf, configuredApiTokens, createApi, GENERATED_KEY_FILE, ledgerAccessFromFile, resolveSigningKey } from '@vigil/api'
import { loadEvidenceCatalog } from '@vigil/evidence'
import { createCredentialResolver, createLogger, createMetrics, VIGIL_VERSION, type ServiceIo } from '@vigil/platform'
import { openStore } from '@vigil/store'
import { UsageError } from './command.js'
import { configFile, loadAllConfigs } from './load-configs.js'

/** Where `vigil evidence` sends its requests: a running api, or one started in-process over a data directory. */
export interface EvidenceTarget {
  baseUrl: string
  token: string
  close(): Promise<void>
}

export interface TargetOptions {
  server?: string | undefined
  token?: string | undefined
  'data-dir'?: string | undefined
  config?: string | undefined
}

/**
 * With --server, the api at that URL (token from --token or VIGIL_API_TOKEN).
 * Otherwise the store under the data directory (chDB: nothing else may have
 * it open, so stop `vigil start` first), served by the same api code on an
 * ephemeral loopback port with a one-off admin token: offline and online
 * answers come from the same routes.
 */
export async function openEvidenceTarget(values: TargetOptions, io: ServiceIo): Promise<EvidenceTarget> {
  if (values.server !== undefined) {
    const token = values.token ?? io.env['VIGIL_API_TOKEN']
    if (token === undefined || token === '') throw new UsageError('--server needs --token or VIGIL_API_TOKEN')
    return { baseUrl: values.server.replace(/\/+$/, ''), token, close: async () => {} }
  }
  if (values.token !== undefined) throw new UsageError('--token applies only with --server')
  const configs = loadAllConfigs(configFile(values.config, io), io, { data_dir: values['data-dir'] })
  const catalog = loadEvidenceCatalog({ rulesPaths: configs.api.evidence.rules_paths, controlsRulesDir: configs.api.evidence.controls_dir, cwd: io.cwd })
  // Bundles are signed with the ledger key: the configured one, or the one `vigil start` generated here.
  const ledgerConfig = configs.api.ledger
  const hasKey = ledgerConfig.signing_key !== undefined || ledgerConfig.signing_key_file !== undefined || existsSync(join(configs.dataDir, GENERATED_KEY_FILE))
  const signingKey = ledgerConfig.enabled && hasKey ? resolveSigningKey(ledgerConfig, { cwd: io.cwd, dataDir: configs.dataDir, generate: true }).key : undefined
  const { store } = await openStore({ store: configs.api.store, retention: configs.api.retention, dataDir: configs.dataDir, apiLedger: ledgerConfig.enabled ? {} : undefined })
  const token = randomBytes(24).toString('hex')
  const logger = createLogger({ level: 'error' })
  const api = createApi({
    config: { ...configs.api.api, host: '127.0.0.1', port: 0 },
    auth: configs.api.auth,
    // One-off admin token for this process only; the store's managed tokens are not needed here.
    credentials: createCredentialResolver({ configured: configuredApiTokens([{ name: 'cli', role: 'admin', token }]), pollIntervalMs: 60_000, logger }),
    configuredTokens: [],
    store,
    ledger: ledgerAccessFromFile(ledgerConfig.origin, join(anchorDirOf(ledgerConfig, configs.dataDir, io.cwd), 'keys.json'), signingKey),
    metrics: createMetrics({ defaultMetrics: false }),
    logger,
    version: VIGIL_VERSION,
    evidence: { catalog, config: configs.api.evidence },
    // Offline: the CLI calls the routes in process; there is no browser to serve a console to.
    console: undefined,
  })
  const app = api.app
  let baseUrl: string
  try {
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  } catch (err) {
    await store.close()
    throw new AppError('unavailable', `cannot serve the data directory locally: ${(err as Error).message}`, { cause: err })
  }
  return {
    baseUrl,
    token,
    async close() {
      await api.stop()
      await store.close()
    },
  }
}
