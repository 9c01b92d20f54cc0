import { mkdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { consoleDistDir, loadConsoleAssets } from '@vigil/api'
import { resolveSources } from '@vigil/ingest'
import { createLogger, createMetrics, ignoredConfigEnv, ignoredConfigEnvWarning, VIGIL_VERSION } from '@vigil/platform'
import { createEmbedded } from '../embedded.js'
import { parseOptions, write, type Command } from '../command.js'
import { configFile, loadAllConfigs } from '../load-configs.js'
import { ensureTokenFile } from '../tokens-file.js'

/** The composition root of the embedded default: ingest, analyzer and api in one process. */
export const startCommand: Command = {
  path: ['start'],
  summary: 'run ingest, analyzer and api in one process (the embedded default)',
  usage: 'vigil start [--config FILE] [--data-dir DIR]',
  help: `
Runs the whole pipeline in this process: the webhook ingest, the analyzer
with the rule packs, and the API with /metrics. By default it uses the
in-process event log and the embedded ClickHouse engine (chDB) under ./data.

Options:
  -c, --config FILE    YAML config file (also VIGIL_CONFIG). See docs/configuration.md.
  -d, --data-dir DIR   where data and generated tokens live (default ./data).
  -h, --help           show this help.

With no tokens configured, it generates an ingest token for the cluster
"local" and an admin API token (your login token), stores them in
<data-dir>/ingest-token and <data-dir>/admin-token (mode 0600) and reuses
them on the next start. It prints where they are and how to show them,
never the tokens themselves, so they stay out of log collectors. Create,
rotate and revoke further tokens with \`vigil tokens\`.

Every stored event and finding is sealed into the evidence ledger, and a
signed checkpoint is made hourly (ledger.checkpoint_schedule) and copied to
<data-dir>/ledger-anchors (ledger.anchor_dir). With no signing key
configured, it generates an Ed25519 key in <data-dir>/ledger-signing-key.pem
(mode 0600); move it out of the database admins' reach and set
ledger.signing_key_file. \`vigil verify ledger\` checks it all.

Environment: any config key as VIGIL_<SECTION>__<KEY>, e.g.
  VIGIL_INGEST__PORT=9000 VIGIL_API__PORT=9001 vigil start

Stop with Ctrl-C (SIGINT) or SIGTERM: ingest stops accepting, in-flight
batches are stored, then everything closes.`,
  async run(args, io) {
    const { values } = parseOptions(args, { config: { type: 'string', short: 'c' }, 'data-dir': { type: 'string', short: 'd' } })
    const cfg = loadAllConfigs(configFile(values.config, io), io, { data_dir: values['data-dir'] })
    const { dataDir } = cfg
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })

    const generated: { label: string; path: string; token: string; created: boolean }[] = []
    let ingestTokens = cfg.ingest.ingest.tokens
    if (ingestTokens.length === 0) {
      const t = ensureTokenFile(dataDir, 'ingest-token', 'vigil_ing_')
      ingestTokens = [{ cluster: 'local', token: t.token }]
      generated.push({ label: 'ingest token (cluster "local")', ...t })
    }
    let apiTokens = cfg.api.api.tokens
    if (apiTokens.length === 0) {
      const t = ensureTokenFile(dataDir, 'admin-token', 'vigil_adm_')
      apiTokens = [{ name: 'admin', role: 'admin', token: t.token }]
      generated.push({ label: 'admin API token (your login token)', ...t })
    }

    const logger = createLogger({ level: cfg.ingest.log_level })
    const ignoredEnv = ignoredConfigEnv(io.env)
    if (ignoredEnv.length > 0) logger.warn({ variables: ignoredEnv }, ignoredConfigEnvWarning(ignoredEnv))
    const metrics = createMetrics()
    const sources = resolveSources(cfg.ingest.ingest.sources, { env: io.env, cwd: io.cwd })
    const consoleAssets = loadConsoleAssets(consoleDistDir())
    const embedded = await createEmbedded({ ...cfg, cwd: io.cwd, ingestTokens, apiTokens, sources, console: consoleAssets, logger, metrics })
    const { lifecycle, api, ingest, log, ruleset, chdbPath, rulePaths, ledger } = embedded
    const storeConfig = cfg.analyzer.store

    lifecycle.installSignalHandlers()
    const apiUrl = await api.listen()
    const ingestUrl = await ingest.listen()

    const shown = (p: string) => {
      const r = relative(io.cwd, p)
      return r.startsWith('..') ? p : r
    }
    const enabled = ruleset.rules.filter((r) => r.enabled).length
    const consoleNote =
      consoleAssets === undefined ? 'not built: run npm run build, then restart' : `sign in with ${generated.some((g) => g.label === 'admin API token') ? 'the admin API token below' : 'an API token'}`
    const lines = [
      '',
      `vigil ${VIGIL_VERSION} is running (${log.kind === 'inprocess' ? 'embedded: in-process event log' : 'event log: kafka'}, ${storeConfig.type === 'chdb' ? 'embedded ClickHouse (chDB)' : `ClickHouse at ${storeConfig.url}`})`,
      '',
      `  ingest    ${ingestUrl}/v1/audit        (kube-apiserver audit webhook; clusters: ${[...new Set(ingestTokens.map((t) => t.cluster))].join(', ')})`,
      ...sources.map((s) => `  source    ${s.config.name} (${s.type}, cluster ${s.config.cluster})${s.type === 'eks_firehose' ? `: ${ingestUrl}/v1/sources/firehose` : s.type === 'gke_pubsub_push' ? `: ${ingestUrl}/v1/sources/pubsub/${s.config.name}` : `: topic ${s.config.topic} on ${s.config.brokers.join(',')}`}`),
      `  console   ${apiUrl}/                (${consoleNote})`,
      `  api       ${apiUrl}/v1/findings`,
      `  openapi   ${apiUrl}/openapi.json`,
      `  metrics   ${apiUrl}/metrics`,
      `  data      ${dataDir}${chdbPath === undefined ? '' : `  (store: ${shown(chdbPath)})`}`,
      `  rules     ${enabled} enabled of ${ruleset.rules.length}, from ${rulePaths.map(shown).join(', ')}`,
      ledger === undefined
        ? '  ledger    off (ledger.enabled: false): stored evidence is not tamper-evident'
        : `  ledger    checkpoints "${cfg.analyzer.ledger.checkpoint_schedule}" (UTC) signed by ${ledger.keyId}, anchored in ${shown(ledger.anchorDir)}`,
      ...(ledger?.keySource.startsWith(dataDir) === true
        ? [`  warning   the checkpoint signing key ${ledger.keyCreated ? 'was generated in' : 'is read from'} ${shown(ledger.keySource)}, beside the data it protects:`, '            move it out of the database admins\' reach and set ledger.signing_key_file']
        : []),
      '',
      // Paths and commands only: the values never reach stdout or stderr (docs/security.md).
      ...generated.map((g) => `  ${g.label}: ${g.created ? 'generated and saved to' : 'in'} ${shown(g.path)} (mode 0600); show it with: cat ${shown(g.path)}`),
      ...(generated.length > 0 ? [`  manage tokens: vigil tokens --help`, ''] : []),
      ...(generated.length === 2
        ? [
            `  try it:  curl -sS -H "Authorization: Bearer $(cat ${shown(join(dataDir, 'ingest-token'))})" -H 'Content-Type: application/json' \\`,
            `             --data-binary @event.json ${ingestUrl}/v1/audit`,
            `           curl -sS -H "Authorization: Bearer $(cat ${shown(join(dataDir, 'admin-token'))})" ${apiUrl}/v1/findings`,
            '',
          ]
        : []),
      '  Ctrl-C stops it cleanly.',
      '',
    ]
    write(io.stderr, lines.join('\n'))
    logger.info({ ingest: ingestUrl, api: apiUrl, data_dir: dataDir, rules: enabled }, 'vigil started')
    return lifecycle.exited
  },
}
