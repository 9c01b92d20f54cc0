import { resolve } from 'node:path'
import { AppError } from '@vigil/core'
import { AnalyzerConfigSchema, type AnalyzerConfig } from '@vigil/analyzer'
import { ApiConfigSchema, type ApiConfig } from '@vigil/api'
import { IngestConfigSchema, type IngestConfig } from '@vigil/ingest'
import { readFileSync } from 'node:fs'
import { loadAlerting, loadAlertingSection, type LoadedAlerting } from '@vigil/alerts'
import { RouterConfigSchema, type RouterConfig } from '@vigil/router'
import { configProblems, loadConfigDocument, type ServiceIo } from '@vigil/platform'

export interface AllConfigs {
  ingest: IngestConfig
  analyzer: AnalyzerConfig
  api: ApiConfig
  router: RouterConfig
  /** Routes and sinks with secrets resolved; undefined when no `alerting` section is configured. */
  alerting: LoadedAlerting | undefined
  /** Absolute data directory. */
  dataDir: string
}

/** The config file named by --config or VIGIL_CONFIG, if any. */
export function configFile(flag: string | undefined, io: ServiceIo): string | undefined {
  return flag ?? io.env['VIGIL_CONFIG']
}

/** Every problem the three services' schemas find in a document, each once. */
export function allProblems(doc: unknown): string[] {
  return [...new Set([...configProblems(IngestConfigSchema, doc), ...configProblems(AnalyzerConfigSchema, doc), ...configProblems(ApiConfigSchema, doc), ...configProblems(RouterConfigSchema, doc)])]
}

/**
 * Problems of the `alerting` section (routes, sinks, secrets, egress), each
 * prefixed with its key path; none when the section is absent.
 */
export function alertingProblems(doc: Record<string, unknown>, io: ServiceIo): string[] {
  if (doc['alerting'] === undefined || doc['alerting'] === null) return []
  const r = loadAlerting(doc['alerting'], { env: io.env, readFile: (p) => readFileSync(resolve(io.cwd, p), 'utf8') })
  return 'problems' in r ? r.problems.map((p) => `alerting.${p}`) : []
}

/** Loads and validates the config for all three services; throws listing every problem. */
export function loadAllConfigs(file: string | undefined, io: ServiceIo, overrides: { data_dir?: string | undefined } = {}): AllConfigs {
  const doc = loadConfigDocument({ file, env: io.env })
  if (overrides.data_dir !== undefined) doc['data_dir'] = overrides.data_dir
  const origin = file === undefined ? 'defaults and VIGIL_* environment' : `${file} and VIGIL_* environment`
  const problems = [...allProblems(doc), ...alertingProblems(doc, io)]
  if (problems.length > 0) {
    throw new AppError('invalid_config', `invalid configuration (${origin}), ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
  const ingest = IngestConfigSchema.parse(doc)
  const alerting = loadAlertingSection(doc['alerting'], io)
  return { ingest, analyzer: AnalyzerConfigSchema.parse(doc), api: ApiConfigSchema.parse(doc), router: RouterConfigSchema.parse(doc), alerting, dataDir: resolve(io.cwd, ingest.data_dir) }
}
